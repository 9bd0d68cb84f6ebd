import type { Learner, LearnerCreate, LearnerListQuery, LearnerUpdate, PageOf } from '@trajectoires/contract'
import type { Database } from '../../db/client.js'
import { Conflict, Invalid, refuseInUse } from '../../lib/errors.js'
import type { IfMatch } from '../../lib/http.js'
import { givenFields } from '../../lib/patch.js'
import { listPage } from '../../lib/pagination.js'
import { versionedResource } from '../audit/versioned-write.js'
import type { CampusesRepository } from '../campuses/campuses.repository.js'
import { learnerSortSpecs, type LearnerRow, type LearnersRepository } from './learners.repository.js'
import { ageAtEntryIssues, asBodyIssues, learnerIssues, type RuleIssue } from './learners.rules.js'

function toLearner(row: LearnerRow): Learner {
  return {
    id: row.id,
    campusId: row.campusId,
    reference: row.reference,
    birthYear: row.birthYear,
    sex: row.sex as Learner['sex'],
    qpvResident: row.qpvResident,
    qpvListVersion: row.qpvListVersion as Learner['qpvListVersion'],
    diplomaAtEntry: row.diplomaAtEntry as Learner['diplomaAtEntry'],
    monthsOutOfSchool: row.monthsOutOfSchool,
    neetAtEntry: row.neetAtEntry,
    referrer: row.referrer as Learner['referrer'],
    drivingLicenceAtEntry: row.drivingLicenceAtEntry,
    provenance: row.provenance as Learner['provenance'],
    importId: row.importId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }
}

const today = () => new Date().toISOString().slice(0, 10)

function refuse(issues: RuleIssue[]) {
  if (issues.length > 0) throw Invalid(asBodyIssues(issues))
}

const duplicate = (reference: string) =>
  Conflict(
    `The campus already has a learner with reference "${reference}"; references are unique per campus.`,
    'duplicate',
  )

export function createLearnersService(deps: {
  db: Database
  learners: LearnersRepository
  campuses: CampusesRepository
}) {
  const { db, learners, campuses } = deps
  const { get, create, update, remove } = versionedResource({
    resource: 'Learner',
    resourceType: 'learner',
    read: learners.get,
    readForWrite: learners.lock,
    toEntity: toLearner,
    campusOf: (row) => row.campusId,
    db,
    rows: learners,
  })

  return {
    get,

    /** `campusIds`: the caller's campuses (`campusFilter(principal)`); undefined for every campus. */
    async list(query: LearnerListQuery, campusIds?: readonly string[]): Promise<PageOf<Learner>> {
      return listPage(
        query,
        learnerSortSpecs,
        'reference',
        (page) =>
          learners.list({
            campusId: query.campusId,
            campusIds,
            importId: query.importId,
            search: query.q,
            ...page,
          }),
        toLearner,
      )
    },

    async create(input: LearnerCreate, provenance: 'user' | 'source_article' | 'demo' = 'user'): Promise<Learner> {
      const values = {
        campusId: input.campusId,
        reference: input.reference,
        birthYear: input.birthYear,
        sex: input.sex,
        qpvResident: input.qpvResident ?? null,
        qpvListVersion: input.qpvListVersion ?? null,
        diplomaAtEntry: input.diplomaAtEntry,
        monthsOutOfSchool: input.monthsOutOfSchool ?? null,
        neetAtEntry: input.neetAtEntry ?? null,
        referrer: input.referrer,
        drivingLicenceAtEntry: input.drivingLicenceAtEntry ?? null,
        provenance,
      }
      refuse(learnerIssues(values, today()))
      return create(async (tx) => {
        if (!(await campuses.get(input.campusId, tx))) {
          throw Invalid([{ field: '/campusId', code: 'exists', message: `campus ${input.campusId} does not exist` }])
        }
        if (await learners.findByReference(input.campusId, input.reference, tx)) throw duplicate(input.reference)
        // The unique index still answers 409 duplicate if a concurrent request takes the reference meanwhile.
        return values
      })
    },

    async update(id: string, ifMatch: IfMatch, input: LearnerUpdate): Promise<Learner> {
      return update(id, ifMatch, async (current, tx) => {
        const next = {
          reference: input.reference ?? current.reference,
          birthYear: input.birthYear ?? current.birthYear,
          qpvResident: input.qpvResident !== undefined ? input.qpvResident : current.qpvResident,
          qpvListVersion: (input.qpvListVersion !== undefined
            ? input.qpvListVersion
            : current.qpvListVersion) as Learner['qpvListVersion'],
        }
        const issues = learnerIssues(next, today())
        // Only a changed birth year is held to today's bounds; a historical record keeps its own.
        const kept = next.birthYear === current.birthYear ? issues.filter((i) => i.field !== 'birthYear') : issues
        if (next.birthYear !== current.birthYear) {
          for (const cohort of await learners.enrolmentCohortStarts(id, tx)) {
            kept.push(
              ...ageAtEntryIssues(next.birthYear, cohort.startDate, 'birthYear').map((i) => ({
                ...i,
                message: `${i.message} (cohort “${cohort.cohortName}”)`,
              })),
            )
          }
        }
        refuse(kept)
        if (next.reference !== current.reference) {
          const other = await learners.findByReference(current.campusId, next.reference, tx)
          if (other) throw duplicate(next.reference)
        }
        return {
          ...next,
          ...givenFields(input, [
            'sex',
            'diplomaAtEntry',
            'monthsOutOfSchool',
            'neetAtEntry',
            'referrer',
            'drivingLicenceAtEntry',
          ]),
        }
      })
    },

    async delete(id: string, ifMatch: IfMatch): Promise<void> {
      await remove(id, ifMatch, async (_current, tx) => {
        refuseInUse(
          await learners.countEnrolments(id, tx),
          (n) =>
            `Learner ${id} has ${n} enrolment(s); delete them first, or keep the learner: their history feeds the statistics.`,
        )
      })
    },
  }
}

export type LearnersService = ReturnType<typeof createLearnersService>
