import { eq, like } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import { organisations } from '../../db/schema/index.js'
import { versionedRows } from '../../lib/versioned-rows.js'
import { nameSorts, type PageRequest, type SortSpec } from '../../lib/pagination.js'
import { rowBy, tableRows, wholeRows } from '../../lib/table-rows.js'
import { likeEscape } from '../../lib/text.js'

export type OrganisationRow = typeof organisations.$inferSelect

export const organisationSortSpecs = nameSorts(organisations) satisfies Record<string, SortSpec>

export interface OrganisationFilter extends PageRequest {
  kind?: string | undefined
  search?: string | undefined
  sort: keyof typeof organisationSortSpecs
}

export function createOrganisationsRepository(db: Database) {
  return {
    ...tableRows(db, organisations, {
      sorts: organisationSortSpecs,
      where: (filter: OrganisationFilter) => [
        filter.kind ? eq(organisations.kind, filter.kind) : undefined,
        filter.search ? like(organisations.searchKey, `%${likeEscape(filter.search)}%`) : undefined,
      ],
    }),

    ...versionedRows(db, organisations),

    findByName: rowBy(db, wholeRows(organisations), organisations.name),
  }
}

export type OrganisationsRepository = ReturnType<typeof createOrganisationsRepository>
