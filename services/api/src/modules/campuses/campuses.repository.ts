import { eq, inArray, like, sql } from 'drizzle-orm'
import type { Database, Executor, Transaction } from '../../db/client.js'
import { campuses } from '../../db/schema/index.js'
import { createdAtSort, searchKeySort, selectPage, type PageRequest, type SortSpec } from '../../lib/pagination.js'
import { versionedRows } from '../../lib/versioned-rows.js'
import { likeEscape } from '../../lib/text.js'

export type CampusRow = typeof campuses.$inferSelect

export const campusSortSpecs = {
  name: searchKeySort(campuses.searchKey),
  createdAt: createdAtSort(campuses.createdAt),
} satisfies Record<string, SortSpec>

export interface CampusFilter extends PageRequest {
  status?: string | undefined
  regionCode?: string | undefined
  departmentCode?: string | undefined
  search?: string | undefined
  sort: keyof typeof campusSortSpecs
}

/** Which of `ids` are campuses: what a grant of campuses (an account's, a key's) is checked against. */
export async function existingCampusIds(ids: readonly string[], tx: Executor): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await tx
    .select({ id: campuses.id })
    .from(campuses)
    .where(inArray(campuses.id, [...ids]))
  return new Set(rows.map((r) => r.id))
}

export function createCampusesRepository(db: Database) {
  return {
    async list(filter: CampusFilter, tx: Executor = db): Promise<CampusRow[]> {
      return selectPage(tx.select().from(campuses).$dynamic(), campusSortSpecs[filter.sort], campuses.id, filter, [
        filter.status ? eq(campuses.status, filter.status) : undefined,
        filter.regionCode ? eq(campuses.regionCode, filter.regionCode) : undefined,
        filter.departmentCode ? eq(campuses.departmentCode, filter.departmentCode) : undefined,
        filter.search ? like(campuses.searchKey, `%${likeEscape(filter.search)}%`) : undefined,
      ])
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

    ...versionedRows(db, campuses),

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
