import { sql } from 'drizzle-orm'
import { boolean, check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { cohorts } from './cohorts.js'
import { learners } from './learners.js'
import { organisations } from './organisations.js'

/** A learner's path through one cohort, from application to exit. */
export const enrolments = pgTable(
  'enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    learnerId: uuid('learner_id')
      .notNull()
      .references(() => learners.id, { onDelete: 'restrict' }),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'restrict' }),
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
    provenance: text('provenance').notNull().default('user'),
    /** The bulk import that wrote the row (its audit entry's `resourceId`); null for a row written otherwise. */
    importId: uuid('import_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
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
    id: uuid('id').primaryKey().defaultRandom(),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'restrict' }),
    hostOrganisationId: uuid('host_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    ledToHire: boolean('led_to_hire').notNull().default(false),
    provenance: text('provenance').notNull().default('user'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
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
    id: uuid('id').primaryKey().defaultRandom(),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    /** The day the change took effect (not the day it was recorded). */
    changedOn: date('changed_on', { mode: 'string' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('enrolment_stage_changes_enrolment_idx').on(t.enrolmentId, t.changedOn)],
)
