import type {
  Enrolment,
  EnrolmentCreate,
  EnrolmentListQuery,
  EnrolmentStage,
  EnrolmentStageHistory,
  EnrolmentTransition,
  EnrolmentUpdate,
  PageOf,
} from '@trajectoires/contract'
import type { Database, Transaction } from '../../db/client.js'
import { Conflict, Invalid, NotFound, refuseInUse } from '../../lib/errors.js'
import type { IfMatch } from '../../lib/http.js'
import { givenFields } from '../../lib/patch.js'
import { listPage } from '../../lib/pagination.js'
import { versionedResource } from '../audit/versioned-write.js'
import type { LearnersRepository } from '../learners/learners.repository.js'
import { ageAtEntryIssues } from '../learners/learners.rules.js'
import {
  enrolmentSortSpecs,
  type EnrolmentsRepository,
  type EnrolmentView,
  type StageChangeRow,
} from './enrolments.repository.js'
import {
  applyTransition,
  asBodyIssues,
  creationIssues,
  exclusionIssues,
  integrationIssues,
  isActiveStage,
  nextStages,
  transitionIssues,
  transitionRefusal,
  type EnrolmentFacts,
  type RuleIssue,
} from './enrolments.rules.js'

/** The facts of an enrolment row, typed for the rules. */
export function enrolmentFacts(row: EnrolmentView): EnrolmentFacts {
  return {
    stage: row.stage as EnrolmentFacts['stage'],
    appliedOn: row.appliedOn,
    stageChangedOn: row.stageChangedOn,
    integrationConfirmedOn: row.integrationConfirmedOn,
    exitDate: row.exitDate,
    exitReason: row.exitReason as EnrolmentFacts['exitReason'],
    exclusionReason: row.exclusionReason as EnrolmentFacts['exclusionReason'],
  }
}

function toEnrolment(row: EnrolmentView): Enrolment {
  const facts = enrolmentFacts(row)
  return {
    id: row.id,
    learnerId: row.learnerId,
    cohortId: row.cohortId,
    learner: { id: row.learnerId, reference: row.learnerReference, birthYear: row.learnerBirthYear },
    cohort: {
      id: row.cohortId,
      name: row.cohortName,
      campusId: row.cohortCampusId,
      startDate: row.cohortStartDate,
      endDate: row.cohortEndDate,
      status: row.cohortStatus as Enrolment['cohort']['status'],
    },
    stage: facts.stage,
    nextStages: [...nextStages(facts.stage)],
    appliedOn: row.appliedOn,
    stageChangedOn: row.stageChangedOn,
    integrationConfirmedOn: row.integrationConfirmedOn,
    exitDate: row.exitDate,
    exitReason: facts.exitReason,
    exclusionReason: facts.exclusionReason,
    certificationObtained: row.certificationObtained,
    drivingLicenceObtained: row.drivingLicenceObtained,
    provenance: row.provenance as Enrolment['provenance'],
    importId: row.importId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }
}

function toStageChange(row: StageChangeRow): EnrolmentStageHistory['items'][number] {
  return {
    id: row.id,
    fromStage: row.fromStage as EnrolmentStageHistory['items'][number]['fromStage'],
    toStage: row.toStage as EnrolmentStageHistory['items'][number]['toStage'],
    on: row.changedOn,
    recordedAt: row.recordedAt.toISOString(),
  }
}

type EnrolmentInsert = Parameters<EnrolmentsRepository['insert']>[0]

function refuse(issues: RuleIssue[]) {
  if (issues.length > 0) throw Invalid(asBodyIssues(issues))
}

interface EnrolmentsDeps {
  db: Database
  enrolments: EnrolmentsRepository
  learners: LearnersRepository
}

/**
 * The columns of a new enrolment at `stage` (reached on `stageOn`), once the learner (locked), the
 * cohort, the dates and the places the learner already holds are checked.
 */
async function newEnrolment(
  deps: EnrolmentsDeps,
  input: EnrolmentCreate,
  stage: EnrolmentStage,
  stageOn: string,
  provenance: 'user' | 'source_article' | 'demo',
  tx: Transaction,
): Promise<EnrolmentInsert> {
  const { enrolments, learners } = deps
  // The learner's row lock serialises enrolments of one learner, so the overlap check holds.
  const learner = await learners.lock(input.learnerId, tx)
  const cohort = await enrolments.cohort(input.cohortId, tx)
  const missing: RuleIssue[] = []
  if (!learner) {
    missing.push({ field: 'learnerId', code: 'exists', message: `learner ${input.learnerId} does not exist` })
  }
  if (!cohort) {
    missing.push({ field: 'cohortId', code: 'exists', message: `cohort ${input.cohortId} does not exist` })
  }
  if (!learner || !cohort) throw Invalid(asBodyIssues(missing))
  const issues: RuleIssue[] = []
  if (learner.campusId !== cohort.campusId) {
    issues.push({
      field: 'cohortId',
      code: 'campus',
      message: 'belongs to another campus than the learner: a learner enrols in cohorts of their own campus',
    })
  }
  issues.push(...ageAtEntryIssues(learner.birthYear, cohort.startDate))
  issues.push(...creationIssues({ appliedOn: input.appliedOn, stage, stageOn: input.stageOn }, cohort))
  refuse(issues)

  if (isActiveStage(stage)) {
    const [held] = await enrolments.placesHeld(learner.id, cohort.startDate, cohort.endDate, tx)
    if (held) {
      throw Conflict(
        `Learner ${learner.reference} already holds a place (enrolment ${held.id}, stage "${held.stage}") in cohort “${held.cohortName}” (${held.startDate} to ${held.endDate}), whose period overlaps this cohort's (${cohort.startDate} to ${cohort.endDate}). A learner follows one cohort at a time: withdraw that enrolment first.`,
      )
    }
  }

  return {
    learnerId: learner.id,
    cohortId: cohort.id,
    stage,
    appliedOn: input.appliedOn,
    stageChangedOn: stageOn,
    provenance,
  }
}

export function createEnrolmentsService(deps: EnrolmentsDeps) {
  const { db, enrolments } = deps

  /** The enrolment an update, a transition or a delete acts on. */
  const { get, create, update, remove } = versionedResource({
    resource: 'Enrolment',
    resourceType: 'enrolment',
    read: enrolments.get,
    toEntity: toEnrolment,
    campusOf: (row) => row.cohortCampusId,
    db,
    rows: enrolments,
    reread: true,
  })

  return {
    get,

    /** `campusIds`: the caller's campuses (`campusFilter(principal)`); undefined for every campus. */
    async list(query: EnrolmentListQuery, campusIds?: readonly string[]): Promise<PageOf<Enrolment>> {
      return listPage(
        query,
        enrolmentSortSpecs,
        'appliedOn',
        (page) =>
          enrolments.list({
            cohortId: query.cohortId,
            learnerId: query.learnerId,
            campusId: query.campusId,
            campusIds,
            stage: query.stage,
            importId: query.importId,
            ...page,
          }),
        toEnrolment,
      )
    },

    async create(input: EnrolmentCreate, provenance: 'user' | 'source_article' | 'demo' = 'user'): Promise<Enrolment> {
      const stage = input.stage ?? 'applied'
      const stageOn = stage === 'applied' ? input.appliedOn : (input.stageOn ?? input.appliedOn)
      return create(
        (tx) => newEnrolment(deps, input, stage, stageOn, provenance, tx),
        // Its stage history: applied on `appliedOn`, then the stage it was created at.
        (id, tx) =>
          enrolments.appendStageChanges(
            [
              { enrolmentId: id, fromStage: null, toStage: 'applied', changedOn: input.appliedOn },
              ...(stage === 'applied'
                ? []
                : [{ enrolmentId: id, fromStage: 'applied', toStage: stage, changedOn: stageOn }]),
            ],
            tx,
          ),
      )
    },

    async transition(id: string, ifMatch: IfMatch, input: EnrolmentTransition): Promise<Enrolment> {
      return update(
        id,
        ifMatch,
        (current) => {
          const facts = enrolmentFacts(current)
          const refusal = transitionRefusal(facts.stage, input.to)
          if (refusal) throw Conflict(refusal)
          refuse(transitionIssues(facts, input))
          return applyTransition(facts, input)
        },
        {
          action: 'transition',
          after: (current, tx) =>
            enrolments.appendStageChanges(
              [{ enrolmentId: id, fromStage: current.stage, toStage: input.to, changedOn: input.on }],
              tx,
            ),
        },
      )
    },

    async update(id: string, ifMatch: IfMatch, input: EnrolmentUpdate): Promise<Enrolment> {
      return update(id, ifMatch, (current) => {
        const facts = enrolmentFacts(current)
        const issues: RuleIssue[] = []
        if (input.integrationConfirmedOn !== undefined) {
          issues.push(...integrationIssues(facts, input.integrationConfirmedOn))
        }
        if (input.exclusionReason !== undefined) {
          issues.push(...exclusionIssues(facts.exitReason, input.exclusionReason))
        }
        refuse(issues)
        return {
          ...givenFields(input, [
            'integrationConfirmedOn',
            'certificationObtained',
            'drivingLicenceObtained',
            'exclusionReason',
          ]),
        }
      })
    },

    async stageHistory(id: string): Promise<EnrolmentStageHistory> {
      if (!(await enrolments.get(id))) throw NotFound('Enrolment', id)
      return { enrolmentId: id, items: (await enrolments.stageHistory(id)).map(toStageChange) }
    },

    async delete(id: string, ifMatch: IfMatch): Promise<void> {
      await remove(id, ifMatch, async (_current, tx) => {
        refuseInUse(
          await enrolments.countObservations(id, tx),
          (n) =>
            `Enrolment ${id} has ${n} outcome observation(s), which are append-only: an enrolment with outcomes is kept.`,
        )
        refuseInUse(
          await enrolments.countInternships(id, tx),
          (n) => `Enrolment ${id} has ${n} internship(s); delete them first.`,
        )
        // Its stage history goes with it (ON DELETE CASCADE).
      })
    },
  }
}

export type EnrolmentsService = ReturnType<typeof createEnrolmentsService>
