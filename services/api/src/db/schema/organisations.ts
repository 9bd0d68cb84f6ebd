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
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Optimistic-concurrency version, exposed as the ETag. */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('organisations_name_idx').on(t.name, t.id),
    index('organisations_search_key_idx').on(t.searchKey),
    index('organisations_created_at_idx').on(t.createdAt, t.id),
    check('organisations_siren_format', sql`${t.siren} is null or ${t.siren} ~ '^[0-9]{9}$'`),
  ],
)
