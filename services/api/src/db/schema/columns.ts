import { integer, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'

/**
 * Columns the record tables share: the generated id, references to other records, the moments
 * (millisecond precision, as JavaScript dates have it, so that keyset cursors match exactly), and
 * the provenance, timestamps and version of an editable record.
 */

/** A moment: `timestamptz` to the millisecond, read as a JavaScript date. */
export const moment = <N extends string>(name: N) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 })

/** A moment that is required and defaults to the time of the insert. */
export const momentNow = <N extends string>(name: N) => moment(name).notNull().defaultNow()

/** The record's id: a random uuid the database generates. */
export const generatedId = () => uuid('id').primaryKey().defaultRandom()

/** A required reference to another record's id. */
export const recordRef = <N extends string>(name: N, target: () => AnyPgColumn, onDelete: 'restrict' | 'cascade') =>
  uuid(name).notNull().references(target, { onDelete })

/** Where the record comes from: `source_article`, `demo` or `user`. */
export const provenance = () => text('provenance').notNull().default('user')

/** The bulk import that wrote the row (its audit entry's `resourceId`); null for a row written otherwise. */
export const importId = () => uuid('import_id')

/** When an editable record was created and last changed, and its optimistic-concurrency version (the ETag). */
export const editable = () => ({
  createdAt: momentNow('created_at'),
  updatedAt: momentNow('updated_at'),
  version: integer('version').notNull().default(1),
})
