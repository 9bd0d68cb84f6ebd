import type {
  Organisation,
  OrganisationCreate,
  OrganisationListQuery,
  OrganisationUpdate,
  PageOf,
} from '@trajectoires/contract'
import type { Database } from '../../db/client.js'
import { Invalid, refuseInUse } from '../../lib/errors.js'
import type { IfMatch } from '../../lib/http.js'
import { givenFields } from '../../lib/patch.js'
import { versionedResource } from '../audit/versioned-write.js'
import { listPage } from '../../lib/pagination.js'
import { isValidSiren } from '../../lib/siren.js'
import { searchKey, nameOf } from '../../lib/text.js'
import type { MembershipsRepository } from '../consortium/consortium.repository.js'
import {
  organisationSortSpecs,
  type OrganisationRow,
  type OrganisationsRepository,
} from './organisations.repository.js'

function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as Organisation['kind'],
    siren: row.siren,
    website: row.website,
    provenance: row.provenance as Organisation['provenance'],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }
}

function checkSiren(siren: string | null | undefined) {
  if (siren && !isValidSiren(siren)) {
    throw Invalid([{ field: '/siren', code: 'siren', message: 'is not a valid SIREN (its check digit is wrong)' }])
  }
}

export function createOrganisationsService(deps: {
  db: Database
  organisations: OrganisationsRepository
  memberships: MembershipsRepository
}) {
  const { db, organisations, memberships } = deps
  const { get, create, update, remove } = versionedResource({
    resource: 'Organisation',
    resourceType: 'organisation',
    read: organisations.get,
    toEntity: toOrganisation,
    db,
    rows: organisations,
  })

  return {
    get,

    async list(query: OrganisationListQuery): Promise<PageOf<Organisation>> {
      return listPage(
        query,
        organisationSortSpecs,
        'name',
        (page) =>
          organisations.list({
            kind: query.kind,
            search: query.q ? searchKey(query.q) : undefined,
            ...page,
          }),
        toOrganisation,
      )
    },

    async create(
      input: OrganisationCreate,
      provenance: 'user' | 'source_article' | 'demo' = 'user',
    ): Promise<Organisation> {
      checkSiren(input.siren)
      return create(() => ({
        name: nameOf(input.name, '/name'),
        searchKey: searchKey(input.name),
        kind: input.kind,
        siren: input.siren ?? null,
        website: input.website ?? null,
        provenance,
      }))
    },

    async update(id: string, ifMatch: IfMatch, input: OrganisationUpdate): Promise<Organisation> {
      checkSiren(input.siren)
      return update(id, ifMatch, () => {
        const name = input.name === undefined ? undefined : nameOf(input.name, '/name')
        return {
          ...(name !== undefined ? { name, searchKey: searchKey(name) } : {}),
          ...givenFields(input, ['kind', 'siren', 'website']),
        }
      })
    },

    async delete(id: string, ifMatch: IfMatch): Promise<void> {
      await remove(id, ifMatch, async (_current, tx) => {
        refuseInUse(
          await memberships.countForOrganisation(id, tx),
          (n) =>
            `Organisation ${id} still has ${n} consortium membership(s); delete or reassign them first (history is kept by closing memberships, not deleting them).`,
        )
      })
    },
  }
}

export type OrganisationsService = ReturnType<typeof createOrganisationsService>
