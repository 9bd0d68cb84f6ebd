import { and, eq, like, sql, type SQL } from 'drizzle-orm'
import type { Database, Executor, Transaction } from '../../db/client.js'
import { campuses } from '../../db/schema/index.js'
import { keyset, type Cursor, type SortSpec } from '../../lib/pagination.js'
import { likeEscape } from '../../lib/text.js'

export type CampusRow = typeof campuses.$inferSelect
export type CampusInsert = typeof campuses.$inferInsert

export const campusSortSpecs = {
  // Sorted on the accent-free name, so that « Éole » comes between « Alpha » and « Zèbre ».
  name: { column: campuses.searchKey, cast: 'text', read: (r: CampusRow) => r.searchKey },
  createdAt: { column: campuses.createdAt, cast: 'timestamptz', read: (r: CampusRow) => r.createdAt.toISOString() },
} satisfies Record<string, SortSpec>

export interface CampusFilter {
  status?: string | undefined
  regionCode?: string | undefined
  departmentCode?: string | undefined
  search?: string | undefined
  sort: keyof typeof campusSortSpecs
  direction: 'asc' | 'desc'
  cursor?: Cursor | undefined
  limit: number
}

export function createCampusesRepository(db: Database) {
  return {
    async list(filter: CampusFilter, tx: Executor = db): Promise<CampusRow[]> {
      const page = keyset(campusSortSpecs[filter.sort], campuses.id, filter.direction, filter.cursor)
      const conditions: Array<SQL | undefined> = [
        filter.status ? eq(campuses.status, filter.status) : undefined,
        filter.regionCode ? eq(campuses.regionCode, filter.regionCode) : undefined,
        filter.departmentCode ? eq(campuses.departmentCode, filter.departmentCode) : undefined,
        filter.search ? like(campuses.searchKey, `%${likeEscape(filter.search)}%`) : undefined,
        page.where,
      ]
      return tx
        .select()
        .from(campuses)
        .where(and(...conditions))
        .orderBy(...page.orderBy)
        .limit(filter.limit + 1)
    },

    async get(id: string, tx: Executor = db): Promise<CampusRow | undefined> {
      const [row] = await tx.select().from(campuses).where(eq(campuses.id, id))
      return row
    },

    /** Takes a row lock on the campus for the rest of the transaction; false when it does not exist. */
    async lock(id: string, tx: Transaction): Promise<boolean> {
      const rows = await tx.select({ id: campuses.id }).from(campuses).where(eq(campuses.id, id)).for('update')
      return rows.length > 0
    },

    async insert(values: CampusInsert, tx: Executor = db): Promise<CampusRow> {
      const [row] = await tx.insert(campuses).values(values).returning()
      return row!
    },

    async update(
      id: string,
      expectedVersion: number,
      values: Partial<CampusInsert>,
      tx: Executor = db,
    ): Promise<CampusRow | undefined> {
      const [row] = await tx
        .update(campuses)
        .set({ ...values, updatedAt: new Date(), version: sql`${campuses.version} + 1` })
        .where(and(eq(campuses.id, id), eq(campuses.version, expectedVersion)))
        .returning()
      return row
    },

    async delete(id: string, expectedVersion: number, tx: Executor = db): Promise<boolean> {
      const deleted = await tx
        .delete(campuses)
        .where(and(eq(campuses.id, id), eq(campuses.version, expectedVersion)))
        .returning({ id: campuses.id })
      return deleted.length > 0
    },

    async count(tx: Executor = db): Promise<number> {
      const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(campuses)
      return row?.n ?? 0
    },

    async findByName(name: string, tx: Executor = db): Promise<CampusRow | undefined> {
      const [row] = await tx.select().from(campuses).where(eq(campuses.name, name))
      return row
    },
  }
}

export type CampusesRepository = ReturnType<typeof createCampusesRepository>
