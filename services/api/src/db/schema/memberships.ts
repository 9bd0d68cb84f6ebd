import { sql } from 'drizzle-orm'
import { check, date, index, pgTable, text } from 'drizzle-orm/pg-core'
import { campuses } from './campuses.js'
import { organisations } from './organisations.js'
import { generatedId, recordRef, provenance, editable } from './columns.js'

/** An organisation's place in a campus consortium over a period (inclusive dates; open end = ongoing). */
export const memberships = pgTable(
  'consortium_memberships',
  {
    id: generatedId(),
    campusId: recordRef('campus_id', () => campuses.id, 'restrict'),
    organisationId: recordRef('organisation_id', () => organisations.id, 'restrict'),
    /** Roles from `consortiumRoles` in the contract. */
    roles: text('roles').array().notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    provenance: provenance(),
    ...editable(),
  },
  (t) => [
    index('memberships_campus_idx').on(t.campusId, t.validFrom),
    index('memberships_organisation_idx').on(t.organisationId, t.validFrom),
    check('memberships_period', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
    check('memberships_roles', sql`cardinality(${t.roles}) > 0`),
  ],
)
