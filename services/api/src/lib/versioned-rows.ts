import { and, eq, sql } from 'drizzle-orm'
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core'
import type { Database, Executor } from '../db/client.js'

/** A table of records written under optimistic concurrency: an `id`, a `version` and an `updatedAt`. */
type VersionedTable = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn }

/**
 * The insert and the conditional update and delete of a versioned table, the same for every such
 * record: a write carries the version it was checked against and does nothing when another writer
 * got there first (the service answers 412).
 */
export function versionedRows<T extends VersionedTable>(db: Database, table: T) {
  const atVersion = (id: string, expectedVersion: number) => and(eq(table.id, id), eq(table.version, expectedVersion))
  return {
    async insert(values: T['$inferInsert'], tx: Executor = db): Promise<T['$inferSelect']> {
      const [row] = await tx.insert(table).values(values).returning()
      return row!
    },

    /** Updates only when the stored version is `expectedVersion`; undefined otherwise. */
    async update(
      id: string,
      expectedVersion: number,
      values: Partial<T['$inferInsert']>,
      tx: Executor = db,
    ): Promise<T['$inferSelect'] | undefined> {
      const set = { ...values, updatedAt: new Date(), version: sql`${table.version} + 1` } as PgUpdateSetSource<T>
      const rows = (await tx.update(table).set(set).where(atVersion(id, expectedVersion)).returning()) as Array<
        T['$inferSelect']
      >
      return rows[0]
    },

    /** Deletes only when the stored version is `expectedVersion`; false otherwise. */
    async delete(id: string, expectedVersion: number, tx: Executor = db): Promise<boolean> {
      const deleted = await tx.delete(table).where(atVersion(id, expectedVersion)).returning({ id: table.id })
      return deleted.length > 0
    },
  }
}
