import { sql } from 'drizzle-orm'
import { check, date, doublePrecision, index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { generatedId, provenance, editable } from './columns.js'

/** Schools of the network (écoles, campus). */
export const campuses = pgTable(
  'campuses',
  {
    id: generatedId(),
    name: text('name').notNull(),
    /** Lower-case, accent-free name and commune, for searches that ignore case and accents. */
    searchKey: text('search_key').notNull(),
    /** INSEE code of the commune; commune, department and region are derived from it and stored. */
    inseeCode: text('insee_code').notNull(),
    commune: text('commune').notNull(),
    departmentCode: text('department_code').notNull(),
    departmentName: text('department_name').notNull(),
    regionCode: text('region_code').notNull(),
    regionName: text('region_name').notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** `planned`, `open` or `closed`. */
    status: text('status').notNull().default('planned'),
    openingDate: date('opening_date', { mode: 'string' }),
    yearlyCapacity: integer('yearly_capacity'),
    provenance: provenance(),
    ...editable(),
  },
  (t) => [
    index('campuses_sort_name_idx').on(t.searchKey, t.id),
    index('campuses_created_at_idx').on(t.createdAt, t.id),
    index('campuses_region_idx').on(t.regionCode),
    check('campuses_status', sql`${t.status} in ('planned', 'open', 'closed')`),
    check('campuses_capacity', sql`${t.yearlyCapacity} is null or ${t.yearlyCapacity} > 0`),
    check('campuses_coordinates', sql`(${t.latitude} is null) = (${t.longitude} is null)`),
  ],
)
