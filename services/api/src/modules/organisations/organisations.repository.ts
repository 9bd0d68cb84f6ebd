import { and, eq, like, sql, type SQL } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { organisations } from '../../db/schema/index.js'
import { keyset, type Cursor, type SortSpec } from '../../lib/pagination.js'
import { likeEscape } from '../../lib/text.js'

export type OrganisationRow = typeof organisations.$inferSelect
export type OrganisationInsert = typeof organisations.$inferInsert

export const organisationSortSpecs = {
  // Sorted on the accent-free name, so that « Éole » comes between « Alpha » and « Zèbre ».
  name: { column: organisations.searchKey, cast: 'text', read: (r: OrganisationRow) => r.searchKey },
  createdAt: {
    column: organisations.createdAt,
    cast: 'timestamptz',
    read: (r: OrganisationRow) => r.createdAt.toISOString(),
  },
} satisfies Record<string, SortSpec>

export interface OrganisationFilter {
  kind?: string | undefined
  search?: string | undefined
  sort: keyof typeof organisationSortSpecs
  direction: 'asc' | 'desc'
  cursor?: Cursor | undefined
  limit: number
}

export function createOrganisationsRepository(db: Database) {
  return {
    async list(filter: OrganisationFilter, tx: Executor = db): Promise<OrganisationRow[]> {
      const page = keyset(organisationSortSpecs[filter.sort], organisations.id, filter.direction, filter.cursor)
      const conditions: Array<SQL | undefined> = [
        filter.kind ? eq(organisations.kind, filter.kind) : undefined,
        filter.search ? like(organisations.searchKey, `%${likeEscape(filter.search)}%`) : undefined,
        page.where,
      ]
      return tx
        .select()
        .from(organisations)
        .where(and(...conditions))
        .orderBy(...page.orderBy)
        .limit(filter.limit + 1)
    },

    async get(id: string, tx: Executor = db): Promise<OrganisationRow | undefined> {
      const [row] = await tx.select().from(organisations).where(eq(organisations.id, id))
      return row
    },

    async insert(values: OrganisationInsert, tx: Executor = db): Promise<OrganisationRow> {
      const [row] = await tx.insert(organisations).values(values).returning()
      return row!
    },

    /** Updates only when the stored version is `expectedVersion`; undefined otherwise. */
    async update(
      id: string,
      expectedVersion: number,
      values: Partial<OrganisationInsert>,
      tx: Executor = db,
    ): Promise<OrganisationRow | undefined> {
      const [row] = await tx
        .update(organisations)
        .set({ ...values, updatedAt: new Date(), version: sql`${organisations.version} + 1` })
        .where(and(eq(organisations.id, id), eq(organisations.version, expectedVersion)))
        .returning()
      return row
    },

    async delete(id: string, expectedVersion: number, tx: Executor = db): Promise<boolean> {
      const deleted = await tx
        .delete(organisations)
        .where(and(eq(organisations.id, id), eq(organisations.version, expectedVersion)))
        .returning({ id: organisations.id })
      return deleted.length > 0
    },

    async findByName(name: string, tx: Executor = db): Promise<OrganisationRow | undefined> {
      const [row] = await tx.select().from(organisations).where(eq(organisations.name, name))
      return row
    },
  }
}

export type OrganisationsRepository = ReturnType<typeof createOrganisationsRepository>
