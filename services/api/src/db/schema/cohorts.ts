import { sql } from 'drizzle-orm'
import { check, date, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { campuses } from './campuses.js'
import { tracks } from './tracks.js'
import { generatedId, recordRef, provenance, editable } from './columns.js'

/** Cohorts (promotions, sessions): one run of a track at a campus. */
export const cohorts = pgTable(
  'cohorts',
  {
    id: generatedId(),
    campusId: recordRef('campus_id', () => campuses.id, 'restrict'),
    trackId: recordRef('track_id', () => tracks.id, 'restrict'),
    name: text('name').notNull(),
    searchKey: text('search_key').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    plannedSeats: integer('planned_seats').notNull(),
    /** `cohortStatuses` of the contract; transitions are enforced by the service. */
    status: text('status').notNull().default('planned'),
    juryDate: date('jury_date', { mode: 'string' }),
    provenance: provenance(),
    ...editable(),
  },
  (t) => [
    uniqueIndex('cohorts_campus_name_uq').on(t.campusId, t.name),
    index('cohorts_campus_start_idx').on(t.campusId, t.startDate),
    index('cohorts_start_idx').on(t.startDate, t.id),
    index('cohorts_track_idx').on(t.trackId),
    check('cohorts_dates', sql`${t.endDate} >= ${t.startDate}`),
    check('cohorts_seats', sql`${t.plannedSeats} > 0`),
    check('cohorts_status', sql`${t.status} in ('planned', 'recruiting', 'in_training', 'completed', 'cancelled')`),
  ],
)
