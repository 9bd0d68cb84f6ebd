import { sql } from 'drizzle-orm'
import { boolean, check, date, index, pgTable, text } from 'drizzle-orm/pg-core'
import { cohorts } from './cohorts.js'
import { learners } from './learners.js'
import { organisations } from './organisations.js'
import { momentNow, generatedId, recordRef, provenance, importId, editable } from './columns.js'

/** A learner's path through one cohort, from application to exit. */
export const enrolments = pgTable(
  'enrolments',
  {
    id: generatedId(),
    learnerId: recordRef('learner_id', () => learners.id, 'restrict'),
    cohortId: recordRef('cohort_id', () => cohorts.id, 'restrict'),
    /** `enrolmentStages` of the contract; transitions are enforced by the service. */
    stage: text('stage').notNull().default('applied'),
    appliedOn: date('applied_on', { mode: 'string' }).notNull(),
    /** Day the stage last changed. */
    stageChangedOn: date('stage_changed_on', { mode: 'string' }).notNull(),
    /** End of the trial period: from then on the enrolment counts among entrants. */
    integrationConfirmedOn: date('integration_confirmed_on', { mode: 'string' }),
    exitDate: date('exit_date', { mode: 'string' }),
    exitReason: text('exit_reason'),
    /** Moved away, long illness, deceased, incarcerated: out of numerator and denominator. */
    exclusionReason: text('exclusion_reason'),
    certificationObtained: boolean('certification_obtained'),
    drivingLicenceObtained: boolean('driving_licence_obtained'),
    provenance: provenance(),
    importId: importId(),
    ...editable(),
  },
  (t) => [
    index('enrolments_cohort_idx').on(t.cohortId, t.id),
    index('enrolments_learner_idx').on(t.learnerId),
    index('enrolments_exit_idx').on(t.exitDate),
    index('enrolments_import_idx')
      .on(t.importId)
      .where(sql`${t.importId} is not null`),
    check('enrolments_exit_after_entry', sql`${t.exitDate} is null or ${t.exitDate} >= ${t.appliedOn}`),
    check('enrolments_exclusion', sql`${t.exclusionReason} is null or ${t.exitReason} = 'excluded'`),
  ],
)

/** Company internships (stages en entreprise) of an enrolment. */
export const internships = pgTable(
  'internships',
  {
    id: generatedId(),
    enrolmentId: recordRef('enrolment_id', () => enrolments.id, 'restrict'),
    hostOrganisationId: recordRef('host_organisation_id', () => organisations.id, 'restrict'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    ledToHire: boolean('led_to_hire').notNull().default(false),
    provenance: provenance(),
    ...editable(),
  },
  (t) => [
    index('internships_enrolment_idx').on(t.enrolmentId),
    index('internships_host_idx').on(t.hostOrganisationId),
    check('internships_dates', sql`${t.endDate} >= ${t.startDate}`),
  ],
)

/** Every stage an enrolment went through, with the day it happened: the history behind `stage`. */
export const enrolmentStageChanges = pgTable(
  'enrolment_stage_changes',
  {
    id: generatedId(),
    enrolmentId: recordRef('enrolment_id', () => enrolments.id, 'cascade'),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    /** The day the change took effect (not the day it was recorded). */
    changedOn: date('changed_on', { mode: 'string' }).notNull(),
    recordedAt: momentNow('recorded_at'),
  },
  (t) => [index('enrolment_stage_changes_enrolment_idx').on(t.enrolmentId, t.changedOn)],
)
