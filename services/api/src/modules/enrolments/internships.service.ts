import type { Internship, InternshipCreate, InternshipList, InternshipUpdate } from '@trajectoires/contract'
import type { Database, Executor } from '../../db/client.js'
import { Conflict, Invalid, NotFound } from '../../lib/errors.js'
import type { IfMatch } from '../../lib/http.js'
import { givenFields } from '../../lib/patch.js'
import { versionedResource } from '../audit/versioned-write.js'
import type { OrganisationsRepository } from '../organisations/organisations.repository.js'
import type { EnrolmentsRepository } from './enrolments.repository.js'
import { enrolmentFacts } from './enrolments.service.js'
import { asBodyIssues, hasEntered, internshipIssues } from './enrolments.rules.js'
import type { InternshipView, InternshipsRepository } from './internships.repository.js'

function toInternship(row: InternshipView): Internship {
  return {
    id: row.id,
    enrolmentId: row.enrolmentId,
    hostOrganisationId: row.hostOrganisationId,
    hostOrganisation: {
      id: row.hostOrganisationId,
      name: row.hostName,
      kind: row.hostKind as Internship['hostOrganisation']['kind'],
    },
    startDate: row.startDate,
    endDate: row.endDate,
    ledToHire: row.ledToHire,
    provenance: row.provenance as Internship['provenance'],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }
}

export function createInternshipsService(deps: {
  db: Database
  internships: InternshipsRepository
  enrolments: EnrolmentsRepository
  organisations: OrganisationsRepository
}) {
  const { db, internships, enrolments, organisations } = deps

  const { get, create, update, remove } = versionedResource({
    resource: 'Internship',
    resourceType: 'internship',
    read: internships.get,
    toEntity: toInternship,
    // The campus of the enrolment's cohort; none once the enrolment is gone.
    campusOf: async (row, tx) => (await enrolments.get(row.enrolmentId, tx))?.cohortCampusId ?? null,
    db,
    rows: internships,
    reread: true,
  })

  async function requireHost(hostOrganisationId: string, tx: Executor) {
    if (!(await organisations.get(hostOrganisationId, tx))) {
      throw Invalid([
        {
          field: '/hostOrganisationId',
          code: 'exists',
          message: `organisation ${hostOrganisationId} does not exist`,
        },
      ])
    }
  }

  return {
    get,

    async forEnrolment(enrolmentId: string): Promise<InternshipList> {
      if (!(await enrolments.get(enrolmentId))) throw NotFound('Enrolment', enrolmentId)
      return { items: (await internships.forEnrolment(enrolmentId)).map(toInternship) }
    },

    async create(
      enrolmentId: string,
      input: InternshipCreate,
      provenance: 'user' | 'source_article' | 'demo' = 'user',
    ): Promise<Internship> {
      return create(async (tx) => {
        const enrolment = await enrolments.get(enrolmentId, tx)
        if (!enrolment) throw NotFound('Enrolment', enrolmentId)
        if (!hasEntered(enrolmentFacts(enrolment))) {
          throw Conflict(
            `Enrolment ${enrolmentId} is at stage "${enrolment.stage}": internships belong to learners who entered the training (enrolled or later).`,
          )
        }
        await requireHost(input.hostOrganisationId, tx)
        const dates = { startDate: input.startDate, endDate: input.endDate }
        const issues = internshipIssues(dates, {
          startDate: enrolment.cohortStartDate,
          endDate: enrolment.cohortEndDate,
        })
        if (issues.length > 0) throw Invalid(asBodyIssues(issues))
        return {
          enrolmentId,
          hostOrganisationId: input.hostOrganisationId,
          ...dates,
          ledToHire: input.ledToHire ?? false,
          provenance,
        }
      })
    },

    async update(id: string, ifMatch: IfMatch, input: InternshipUpdate): Promise<Internship> {
      return update(id, ifMatch, async (current, tx) => {
        const enrolment = await enrolments.get(current.enrolmentId, tx)
        if (!enrolment) throw NotFound('Enrolment', current.enrolmentId)
        if (input.hostOrganisationId !== undefined) await requireHost(input.hostOrganisationId, tx)
        const dates = { startDate: input.startDate ?? current.startDate, endDate: input.endDate ?? current.endDate }
        const issues = internshipIssues(dates, {
          startDate: enrolment.cohortStartDate,
          endDate: enrolment.cohortEndDate,
        })
        if (issues.length > 0) throw Invalid(asBodyIssues(issues))
        return {
          ...dates,
          ...givenFields(input, ['hostOrganisationId', 'ledToHire']),
        }
      })
    },

    async delete(id: string, ifMatch: IfMatch): Promise<void> {
      await remove(id, ifMatch)
    },
  }
}

export type InternshipsService = ReturnType<typeof createInternshipsService>
