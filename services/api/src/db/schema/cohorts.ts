import { sql } from 'drizzle-orm'
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { campuses } from './campuses.js'
import { tracks } from './tracks.js'

/** Cohorts (promotions, sessions): one run of a track at a campus. */
export const cohorts = pgTable(
  'cohorts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campusId: uuid('campus_id')
      .notNull()
      .references(() => campuses.id, { onDelete: 'restrict' }),
    trackId: uuid('track_id')
      .notNull()
      .references(() => tracks.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    searchKey: text('search_key').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    plannedSeats: integer('planned_seats').notNull(),
    /** `cohortStatuses` of the contract; transitions are enforced by the service. */
    status: text('status').notNull().default('planned'),
    juryDate: date('jury_date', { mode: 'string' }),
    provenance: text('provenance').notNull().default('user'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
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
