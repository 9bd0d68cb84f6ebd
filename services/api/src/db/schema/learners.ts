import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { campuses } from './campuses.js'
import { generatedId, recordRef, provenance, importId, editable } from './columns.js'

/**
 * Pseudonymous learners. No name, no contact details, no social security number: only a
 * campus-local reference that the campus alone can tie to a person, and the facts the statistics need.
 */
export const learners = pgTable(
  'learners',
  {
    id: generatedId(),
    campusId: recordRef('campus_id', () => campuses.id, 'restrict'),
    /** Campus-local reference, unique per campus (e.g. "LYO-2019-014"). */
    reference: text('reference').notNull(),
    birthYear: integer('birth_year').notNull(),
    sex: text('sex').notNull(),
    /** Lives in a priority neighbourhood (QPV); null when unknown. */
    qpvResident: boolean('qpv_resident'),
    /** Which edition of the QPV list `qpvResident` was checked against: 2015 or 2024. */
    qpvListVersion: text('qpv_list_version'),
    diplomaAtEntry: text('diploma_at_entry').notNull(),
    monthsOutOfSchool: integer('months_out_of_school'),
    neetAtEntry: boolean('neet_at_entry'),
    referrer: text('referrer').notNull(),
    drivingLicenceAtEntry: boolean('driving_licence_at_entry'),
    provenance: provenance(),
    importId: importId(),
    ...editable(),
  },
  (t) => [
    uniqueIndex('learners_campus_reference_uq').on(t.campusId, t.reference),
    index('learners_created_idx').on(t.createdAt, t.id),
    index('learners_import_idx')
      .on(t.importId)
      .where(sql`${t.importId} is not null`),
    check('learners_qpv_version', sql`${t.qpvResident} is null or ${t.qpvListVersion} is not null`),
    check('learners_months', sql`${t.monthsOutOfSchool} is null or ${t.monthsOutOfSchool} >= 0`),
  ],
)
