import { sql } from 'drizzle-orm'
import { check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { campuses } from './campuses.js'
import { organisations } from './organisations.js'

/** An organisation's place in a campus consortium over a period (inclusive dates; open end = ongoing). */
export const memberships = pgTable(
  'consortium_memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campusId: uuid('campus_id')
      .notNull()
      .references(() => campuses.id, { onDelete: 'restrict' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    /** Roles from `consortiumRoles` in the contract. */
    roles: text('roles').array().notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    provenance: text('provenance').notNull().default('user'),
    // Millisecond precision, as JavaScript dates have it, so that keyset cursors match exactly.
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('memberships_campus_idx').on(t.campusId, t.validFrom),
    index('memberships_organisation_idx').on(t.organisationId, t.validFrom),
    check('memberships_period', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
    check('memberships_roles', sql`cardinality(${t.roles}) > 0`),
  ],
)
