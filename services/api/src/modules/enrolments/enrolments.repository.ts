import { and, asc, eq, getTableColumns, gte, inArray, lte, or, sql } from 'drizzle-orm'
import { activeEnrolmentStages } from '@trajectoires/contract'
import type { Database, Executor } from '../../db/client.js'
import {
  cohorts,
  enrolmentStageChanges,
  enrolments,
  internships,
  learners,
  outcomeObservations,
} from '../../db/schema/index.js'
import { versionedRows } from '../../lib/versioned-rows.js'
import { createdAtSort, fieldSort, type PageRequest, type SortSpec } from '../../lib/pagination.js'
import { countBy, rowBy, tableRows, wholeRows } from '../../lib/table-rows.js'

type EnrolmentRow = typeof enrolments.$inferSelect
export type StageChangeRow = typeof enrolmentStageChanges.$inferSelect
export type StageChangeInsert = typeof enrolmentStageChanges.$inferInsert

/** An enrolment with the summaries of its learner and cohort. */
export interface EnrolmentView extends EnrolmentRow {
  learnerReference: string
  learnerBirthYear: number
  cohortName: string
  cohortCampusId: string
  cohortStartDate: string
  cohortEndDate: string
  cohortStatus: string
}

export const enrolmentSortSpecs = {
  appliedOn: fieldSort(enrolments, 'appliedOn', 'date'),
  createdAt: createdAtSort(enrolments.createdAt),
} satisfies Record<string, SortSpec>

export interface EnrolmentFilter extends PageRequest {
  cohortId?: string | undefined
  learnerId?: string | undefined
  campusId?: string | undefined
  /** The caller's campuses (access control): only their records; undefined for every campus. */
  campusIds?: readonly string[] | undefined
  stage?: string | undefined
  /** Only the enrolments this bulk import wrote, or recorded observations of. */
  importId?: string | undefined
  sort: keyof typeof enrolmentSortSpecs
}

/** An enrolment that holds a place in a cohort, as the overlap rule sees it. */
export interface PlaceHeld {
  id: string
  stage: string
  cohortName: string
  startDate: string
  endDate: string
}

export function createEnrolmentsRepository(db: Database) {
  const selectView = (tx: Executor) =>
    tx
      .select({
        ...getTableColumns(enrolments),
        learnerReference: learners.reference,
        learnerBirthYear: learners.birthYear,
        cohortName: cohorts.name,
        cohortCampusId: cohorts.campusId,
        cohortStartDate: cohorts.startDate,
        cohortEndDate: cohorts.endDate,
        cohortStatus: cohorts.status,
      })
      .from(enrolments)
      .innerJoin(learners, eq(learners.id, enrolments.learnerId))
      .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
      .$dynamic()

  return {
    ...tableRows(db, enrolments, {
      sorts: enrolmentSortSpecs,
      view: selectView,
      where: (filter: EnrolmentFilter) => [
        filter.cohortId ? eq(enrolments.cohortId, filter.cohortId) : undefined,
        filter.learnerId ? eq(enrolments.learnerId, filter.learnerId) : undefined,
        filter.campusId ? eq(cohorts.campusId, filter.campusId) : undefined,
        filter.campusIds ? inArray(cohorts.campusId, [...filter.campusIds]) : undefined,
        filter.stage ? eq(enrolments.stage, filter.stage) : undefined,
        filter.importId
          ? or(
              eq(enrolments.importId, filter.importId),
              sql`exists (select 1 from ${outcomeObservations} o where o.enrolment_id = ${enrolments.id} and o.import_id = ${filter.importId})`,
            )
          : undefined,
      ],
    }),

    cohort: rowBy(db, wholeRows(cohorts), cohorts.id),

    /** The learner's enrolments at an active stage in cohorts whose period meets [startDate, endDate]. */
    async placesHeld(learnerId: string, startDate: string, endDate: string, tx: Executor = db): Promise<PlaceHeld[]> {
      return tx
        .select({
          id: enrolments.id,
          stage: enrolments.stage,
          cohortName: cohorts.name,
          startDate: cohorts.startDate,
          endDate: cohorts.endDate,
        })
        .from(enrolments)
        .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
        .where(
          and(
            eq(enrolments.learnerId, learnerId),
            inArray(enrolments.stage, [...activeEnrolmentStages]),
            lte(cohorts.startDate, endDate),
            gte(cohorts.endDate, startDate),
          ),
        )
        .orderBy(asc(cohorts.startDate))
    },

    ...versionedRows(db, enrolments),

    async appendStageChanges(values: StageChangeInsert[], tx: Executor = db): Promise<void> {
      await tx.insert(enrolmentStageChanges).values(values)
    },

    /** Every stage change, oldest first: by effective day, then by recording order. */
    async stageHistory(id: string, tx: Executor = db): Promise<StageChangeRow[]> {
      return tx
        .select()
        .from(enrolmentStageChanges)
        .where(eq(enrolmentStageChanges.enrolmentId, id))
        .orderBy(
          asc(enrolmentStageChanges.changedOn),
          asc(enrolmentStageChanges.recordedAt),
          // Changes recorded together (a creation at a later stage) follow the stage machine's order.
          sql`case ${enrolmentStageChanges.toStage} when 'applied' then 0 when 'waitlisted' then 1 when 'enrolled' then 2 when 'in_training' then 3 else 4 end`,
        )
    },

    countObservations: countBy(db, outcomeObservations, outcomeObservations.enrolmentId),

    countInternships: countBy(db, internships, internships.enrolmentId),
  }
}

export type EnrolmentsRepository = ReturnType<typeof createEnrolmentsRepository>
