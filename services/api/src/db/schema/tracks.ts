import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** Training tracks (parcours, formations). */
export const tracks = pgTable(
  'tracks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    searchKey: text('search_key').notNull(),
    hours: integer('hours').notNull(),
    /** `trackComponents` of the contract. */
    components: text('components').array().notNull(),
    /** RNCP code of the certification the track prepares for, e.g. RNCP36873. */
    rncpCode: text('rncp_code'),
    certificationLevel: integer('certification_level'),
    certificationTitle: text('certification_title'),
    provenance: text('provenance').notNull().default('user'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('tracks_sort_name_idx').on(t.searchKey, t.id), check('tracks_hours', sql`${t.hours} > 0`)],
)
