import { sql } from 'drizzle-orm'
import { check, index, pgTable, text } from 'drizzle-orm/pg-core'
import { generatedId, provenance, editable } from './columns.js'

/** Partner organisations (partenaires). */
export const organisations = pgTable(
  'organisations',
  {
    id: generatedId(),
    name: text('name').notNull(),
    /** Lower-case, accent-free name, for searches that ignore case and accents. */
    searchKey: text('search_key').notNull(),
    /** One of `organisationKinds` in the contract. */
    kind: text('kind').notNull(),
    /** French company number, 9 digits (Luhn-checked by the service). */
    siren: text('siren'),
    website: text('website'),
    /** `source_article`, `demo` or `user`. */
    provenance: provenance(),
    ...editable(),
  },
  (t) => [
    index('organisations_sort_name_idx').on(t.searchKey, t.id),
    index('organisations_created_at_idx').on(t.createdAt, t.id),
    check('organisations_siren_format', sql`${t.siren} is null or ${t.siren} ~ '^[0-9]{9}$'`),
  ],
)
