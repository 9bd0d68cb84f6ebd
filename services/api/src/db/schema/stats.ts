import { bigint, index, integer, jsonb, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { moment, momentNow, generatedId } from './columns.js'

/** Metric definitions as versioned data: a new version never changes what an old one computed. */
export const metricDefinitions = pgTable(
  'metric_definitions',
  {
    id: text('id').notNull(),
    version: integer('version').notNull(),
    nameFr: text('name_fr').notNull(),
    nameEn: text('name_en').notNull(),
    descriptionFr: text('description_fr').notNull(),
    descriptionEn: text('description_en').notNull(),
    /** The rules: numerator, default basis, checkpoint tolerance, unknown handling. */
    definition: jsonb('definition').notNull(),
    target: numeric('target', { precision: 5, scale: 4, mode: 'number' }),
    publishedAt: momentNow('published_at'),
  },
  (t) => [primaryKey({ columns: [t.id, t.version] })],
)

/** Published figures, frozen with their definition, query and as-of time, to be recomputed later. */
export const snapshots = pgTable(
  'snapshots',
  {
    id: generatedId(),
    label: text('label').notNull(),
    metricId: text('metric_id').notNull(),
    metricVersion: integer('metric_version').notNull(),
    query: jsonb('query').notNull(),
    asOf: moment('as_of').notNull(),
    result: jsonb('result').notNull(),
    createdBy: text('created_by'),
    createdAt: momentNow('created_at'),
  },
  (t) => [index('snapshots_created_idx').on(t.createdAt, t.id)],
)

/**
 * One counter bumped by every write that can change a statistic (triggers on the record tables),
 * so that every API instance knows when its cached statistics are stale.
 */
export const dataVersion = pgTable('data_version', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
  changedAt: momentNow('changed_at'),
})
