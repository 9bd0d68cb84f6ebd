import type { Consortium, Membership, MembershipCreate, MembershipList, MembershipUpdate } from '@trajectoires/contract'
import type { Database, Transaction } from '../../db/client.js'
import { Conflict, Invalid, NotFound } from '../../lib/errors.js'
import type { IfMatch } from '../../lib/http.js'
import { versionedResource } from '../audit/versioned-write.js'
import type { CampusesRepository } from '../campuses/campuses.repository.js'
import type { OrganisationsRepository } from '../organisations/organisations.repository.js'
import type { MembershipsRepository, MembershipView } from './consortium.repository.js'

function toMembership(row: MembershipView): Membership {
  return {
    id: row.id,
    campus: { id: row.campusId, name: row.campusName, commune: row.campusCommune },
    organisation: {
      id: row.organisationId,
      name: row.organisationName,
      kind: row.organisationKind as Membership['organisation']['kind'],
    },
    roles: row.roles as Membership['roles'],
    validFrom: row.validFrom,
    validTo: row.validTo,
    provenance: row.provenance as Membership['provenance'],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }
}

const today = () => new Date().toISOString().slice(0, 10)

export function createConsortiumService(deps: {
  db: Database
  memberships: MembershipsRepository
  campuses: CampusesRepository
  organisations: OrganisationsRepository
}) {
  const { db, memberships, campuses, organisations } = deps
  const { get, create, update, remove } = versionedResource({
    resource: 'Membership',
    resourceType: 'membership',
    read: memberships.get,
    toEntity: toMembership,
    campusOf: (row) => row.campusId,
    db,
    rows: memberships,
    reread: true,
  })

  function checkPeriod(from: string, to: string | null | undefined) {
    if (to && to < from) {
      throw Invalid([{ field: '/validTo', code: 'period', message: 'must be on or after validFrom' }])
    }
  }

  /** Locks the campus row so that concurrent membership writes on it are checked one at a time. */
  async function lockCampus(campusId: string, tx: Transaction) {
    if (!(await campuses.lock(campusId, tx))) throw NotFound('Campus', campusId)
  }

  async function refuseOverlap(
    campusId: string,
    organisationId: string,
    from: string,
    to: string | null,
    exceptId: string | undefined,
    tx: Transaction,
  ) {
    const clash = await memberships.overlapping(campusId, organisationId, from, to, exceptId, tx)
    if (clash.length > 0) {
      const other = clash[0]!
      throw Conflict(
        `This organisation is already a member of the campus from ${other.validFrom} to ${other.validTo ?? 'now'} (membership ${other.id}); periods of the same organisation may not overlap. Close that membership first.`,
      )
    }
  }

  return {
    get,

    async consortium(campusId: string, asOf: string | undefined): Promise<Consortium> {
      if (!(await campuses.get(campusId))) throw NotFound('Campus', campusId)
      const day = asOf ?? today()
      const rows = await memberships.forCampus(campusId, day)
      return { campusId, asOf: day, members: rows.map(toMembership) }
    },

    async campusHistory(campusId: string, asOf: string | undefined): Promise<MembershipList> {
      if (!(await campuses.get(campusId))) throw NotFound('Campus', campusId)
      return { items: (await memberships.forCampus(campusId, asOf)).map(toMembership) }
    },

    async organisationCampuses(organisationId: string, asOf: string | undefined): Promise<MembershipList> {
      if (!(await organisations.get(organisationId))) throw NotFound('Organisation', organisationId)
      return { items: (await memberships.forOrganisation(organisationId, asOf)).map(toMembership) }
    },

    async create(
      campusId: string,
      input: MembershipCreate,
      provenance: 'user' | 'source_article' | 'demo' = 'user',
    ): Promise<Membership> {
      checkPeriod(input.validFrom, input.validTo)
      return create(async (tx) => {
        await lockCampus(campusId, tx)
        if (!(await organisations.get(input.organisationId, tx))) {
          throw Invalid([
            {
              field: '/organisationId',
              code: 'exists',
              message: `organisation ${input.organisationId} does not exist`,
            },
          ])
        }
        await refuseOverlap(campusId, input.organisationId, input.validFrom, input.validTo ?? null, undefined, tx)
        return {
          campusId,
          organisationId: input.organisationId,
          roles: [...input.roles],
          validFrom: input.validFrom,
          validTo: input.validTo ?? null,
          provenance,
        }
      })
    },

    async update(id: string, ifMatch: IfMatch, input: MembershipUpdate): Promise<Membership> {
      return update(id, ifMatch, async (current, tx) => {
        await lockCampus(current.campusId, tx)
        const from = input.validFrom ?? current.validFrom
        const to = input.validTo !== undefined ? input.validTo : current.validTo
        checkPeriod(from, to)
        await refuseOverlap(current.campusId, current.organisationId, from, to, id, tx)
        return {
          ...(input.roles ? { roles: [...input.roles] } : {}),
          validFrom: from,
          validTo: to,
        }
      })
    },

    async delete(id: string, ifMatch: IfMatch): Promise<void> {
      await remove(id, ifMatch)
    },
  }
}

export type ConsortiumService = ReturnType<typeof createConsortiumService>
