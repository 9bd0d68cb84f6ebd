import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** Partner organisations (partenaires). */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** Lower-case, accent-free name, for searches that ignore case and accents. */
    searchKey: text('search_key').notNull(),
    /** One of `organisationKinds` in the contract. */
    kind: text('kind').notNull(),
    /** French company number, 9 digits (Luhn-checked by the service). */
    siren: text('siren'),
    website: text('website'),
    /** `source_article`, `demo` or `user`. */
    provenance: text('provenance').notNull().default('user'),
    // Millisecond precision, as JavaScript dates have it, so that keyset cursors match exactly.
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    /** Optimistic-concurrency version, exposed as the ETag. */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('organisations_sort_name_idx').on(t.searchKey, t.id),
    index('organisations_created_at_idx').on(t.createdAt, t.id),
    check('organisations_siren_format', sql`${t.siren} is null or ${t.siren} ~ '^[0-9]{9}$'`),
  ],
)
