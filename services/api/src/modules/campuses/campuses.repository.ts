import { eq, inArray, like } from 'drizzle-orm'
import type { Database, Executor, Transaction } from '../../db/client.js'
import { campuses } from '../../db/schema/index.js'
import { nameSorts, type PageRequest, type SortSpec } from '../../lib/pagination.js'
import { countRows, rowBy, tableRows, wholeRows } from '../../lib/table-rows.js'
import { versionedRows } from '../../lib/versioned-rows.js'
import { likeEscape } from '../../lib/text.js'

export type CampusRow = typeof campuses.$inferSelect

export const campusSortSpecs = nameSorts(campuses) satisfies Record<string, SortSpec>

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
    ...tableRows(db, campuses, {
      sorts: campusSortSpecs,
      where: (filter: CampusFilter) => [
        filter.status ? eq(campuses.status, filter.status) : undefined,
        filter.regionCode ? eq(campuses.regionCode, filter.regionCode) : undefined,
        filter.departmentCode ? eq(campuses.departmentCode, filter.departmentCode) : undefined,
        filter.search ? like(campuses.searchKey, `%${likeEscape(filter.search)}%`) : undefined,
      ],
    }),

    /** Takes a row lock on the campus for the rest of the transaction; false when it does not exist. */
    async lock(id: string, tx: Transaction): Promise<boolean> {
      const rows = await tx.select({ id: campuses.id }).from(campuses).where(eq(campuses.id, id)).for('update')
      return rows.length > 0
    },

    ...versionedRows(db, campuses),

    count: (tx: Executor = db) => countRows(tx, campuses),

    findByName: rowBy(db, wholeRows(campuses), campuses.name),
  }
}

export type CampusesRepository = ReturnType<typeof createCampusesRepository>
