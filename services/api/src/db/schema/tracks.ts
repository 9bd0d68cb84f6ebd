import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { generatedId, provenance, editable } from './columns.js'

/** Training tracks (parcours, formations). */
export const tracks = pgTable(
  'tracks',
  {
    id: generatedId(),
    name: text('name').notNull(),
    searchKey: text('search_key').notNull(),
    hours: integer('hours').notNull(),
    /** `trackComponents` of the contract. */
    components: text('components').array().notNull(),
    /** RNCP code of the certification the track prepares for, e.g. RNCP36873. */
    rncpCode: text('rncp_code'),
    certificationLevel: integer('certification_level'),
    certificationTitle: text('certification_title'),
    provenance: provenance(),
    ...editable(),
  },
  (t) => [index('tracks_sort_name_idx').on(t.searchKey, t.id), check('tracks_hours', sql`${t.hours} > 0`)],
)
