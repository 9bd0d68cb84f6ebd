import { outcomeCategories, type Checkpoint } from '@trajectoires/contract'
import { date, index, integer, pgTable, text, uuid, boolean, type PgColumnBuilderBase } from 'drizzle-orm/pg-core'

/*
 * Placement statistics kept up to date on write (migration 0005, functions `stats_refresh` and
 * `stats_rebuild`). Nothing here is a record: every row is derived from the record tables by
 * triggers, and `select stats_rebuild()` recomputes all of it. No foreign keys, on purpose: the
 * triggers remove a fact when its enrolment goes, and must see the old row to do so.
 */

function resolvedOutcome(checkpoint: Checkpoint) {
  return {
    /** The checkpoint date: exit + 0, 6 or 12 calendar months. */
    [`${checkpoint}Due`]: date(`${checkpoint}_due`, { mode: 'string' }).notNull(),
    [`${checkpoint}ObservationId`]: uuid(`${checkpoint}_observation_id`),
    [`${checkpoint}Situation`]: text(`${checkpoint}_situation`),
    [`${checkpoint}ContractType`]: text(`${checkpoint}_contract_type`),
    [`${checkpoint}ContractMonths`]: integer(`${checkpoint}_contract_months`),
    /** The outcome category of the observation (`stats_category_v1`), `unknown` without one. */
    [`${checkpoint}Category`]: text(`${checkpoint}_category`).notNull(),
  } as Record<string, PgColumnBuilderBase>
}

/**
 * One row per enrolment of the statistics population (integration confirmed and exited), with the
 * learner's profile, the campus of its cohort, and the observation each checkpoint resolves to
 * today (nearest informative observation inside the window; null when there is none). Its pages
 * are filled to 70 % (migration 0012; drizzle-kit does not model storage parameters), so that the
 * refresh's in-place updates stay on their page.
 */
export const statsFacts = pgTable(
  'stats_facts',
  {
    enrolmentId: uuid('enrolment_id').primaryKey(),
    cohortId: uuid('cohort_id').notNull(),
    campusId: uuid('campus_id').notNull(),
    exitDate: date('exit_date', { mode: 'string' }).notNull(),
    /** First day of the exit month: the grain of the cubes. */
    exitMonth: date('exit_month', { mode: 'string' }).notNull(),
    exitReason: text('exit_reason'),
    sex: text('sex').notNull(),
    qpvResident: boolean('qpv_resident'),
    diplomaAtEntry: text('diploma_at_entry').notNull(),
    referrer: text('referrer').notNull(),
    ...resolvedOutcome('exit'),
    ...resolvedOutcome('m6'),
    ...resolvedOutcome('m12'),
  },
  (t) => [
    index('stats_facts_cohort_idx').on(t.cohortId),
    index('stats_facts_campus_exit_idx').on(t.campusId, t.exitDate),
    index('stats_facts_exit_idx').on(t.exitDate),
  ],
)

/** Exit reasons as the cubes tell them apart: the completers' basis, exclusions, everything else. */
export const reasonClasses = ['completed', 'other', 'excluded'] as const

const countColumns = () => {
  const columns: Record<string, ReturnType<typeof integer>> = {}
  for (const reason of reasonClasses) columns[`${reason}N`] = integer(`${reason}_n`).notNull()
  // Categories are counted for members who are not excluded.
  for (const reason of ['completed', 'other'] as const) {
    for (const category of outcomeCategories)
      columns[`${reason}_${category}`] = integer(`${reason}_${category}`).notNull()
  }
  return columns
}

/**
 * Counts per checkpoint and exit month (and the grain's dimensions): members by reason class, and
 * members who are not excluded by reason class and outcome category. Writers only append signed
 * deltas (no row is ever updated, so concurrent writers never wait for each other); readers sum;
 * `stats_compact()` folds the deltas.
 */
const cubeColumns = () => ({
  checkpoint: text('checkpoint').notNull(),
  exitMonth: date('exit_month', { mode: 'string' }).notNull(),
  ...countColumns(),
})

/** The whole network, by exit month. */
export const statsCubeNetwork = pgTable('stats_cube_network', cubeColumns(), (t) => [
  index('stats_cube_network_idx').on(t.checkpoint, t.exitMonth),
])

/** By campus. */
export const statsCubeCampus = pgTable(
  'stats_cube_campus',
  { campusId: uuid('campus_id').notNull(), ...cubeColumns() },
  (t) => [index('stats_cube_campus_idx').on(t.checkpoint, t.campusId, t.exitMonth)],
)

/** The whole network by learner profile; `qpv` is 'true', 'false' or 'unknown'. */
export const statsCubeDemography = pgTable(
  'stats_cube_demography',
  {
    sex: text('sex').notNull(),
    qpv: text('qpv').notNull(),
    diplomaAtEntry: text('diploma_at_entry').notNull(),
    referrer: text('referrer').notNull(),
    ...cubeColumns(),
  },
  (t) => [index('stats_cube_demography_idx').on(t.checkpoint, t.exitMonth)],
)

/**
 * Enrolments whose facts a bulk import left to refresh (migration 0008): the import only notes them,
 * and `stats_drain()` refreshes them, right after the import in the background or before the next
 * statistics computation, whichever comes first.
 */
export const statsPending = pgTable('stats_pending', {
  enrolmentId: uuid('enrolment_id').primaryKey(),
})
