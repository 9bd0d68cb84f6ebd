import { eq, like } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { organisations } from '../../db/schema/index.js'
import { versionedRows } from '../../lib/versioned-rows.js'
import { createdAtSort, searchKeySort, selectPage, type PageRequest, type SortSpec } from '../../lib/pagination.js'
import { likeEscape } from '../../lib/text.js'

export type OrganisationRow = typeof organisations.$inferSelect

export const organisationSortSpecs = {
  name: searchKeySort(organisations.searchKey),
  createdAt: createdAtSort(organisations.createdAt),
} satisfies Record<string, SortSpec>

export interface OrganisationFilter extends PageRequest {
  kind?: string | undefined
  search?: string | undefined
  sort: keyof typeof organisationSortSpecs
}

export function createOrganisationsRepository(db: Database) {
  return {
    async list(filter: OrganisationFilter, tx: Executor = db): Promise<OrganisationRow[]> {
      return selectPage(
        tx.select().from(organisations).$dynamic(),
        organisationSortSpecs[filter.sort],
        organisations.id,
        filter,
        [
          filter.kind ? eq(organisations.kind, filter.kind) : undefined,
          filter.search ? like(organisations.searchKey, `%${likeEscape(filter.search)}%`) : undefined,
        ],
      )
    },

    async get(id: string, tx: Executor = db): Promise<OrganisationRow | undefined> {
      const [row] = await tx.select().from(organisations).where(eq(organisations.id, id))
      return row
    },

    ...versionedRows(db, organisations),

    async findByName(name: string, tx: Executor = db): Promise<OrganisationRow | undefined> {
      const [row] = await tx.select().from(organisations).where(eq(organisations.name, name))
      return row
    },
  }
}

export type OrganisationsRepository = ReturnType<typeof createOrganisationsRepository>
