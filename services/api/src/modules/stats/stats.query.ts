/**
 * A statistics query as asked (`PlacementQuery`) made into what a result depends on: every default
 * applied, the metric's version resolved, exit years as dates, the breakdown as a list; 404 for an
 * unknown metric or version, 400 with every failing field for what cannot be combined.
 */
import type { Checkpoint, PlacementFilters, PlacementQuery, StatsBasis, StatsDimension } from '@trajectoires/contract'
import { Invalid, NotFound } from '../../lib/errors.js'

/** A placement query with every default applied and every choice resolved: what a result depends on. */
export interface NormalizedQuery {
  metric: string
  metricVersion: number
  basis: StatsBasis
  checkpoint: Checkpoint
  campusId: string | null
  cohortId: string | null
  exitYear: number | null
  exitFrom: string | null
  exitTo: string | null
  groupBy: StatsDimension[]
  /** An explicit moment (ISO), or null for the records as they stand. */
  asOf: string | null
}

/** The `filters` block of an answer: the population it describes, as asked (defaults applied). */
export function filtersOf(q: NormalizedQuery): PlacementFilters {
  return {
    campusId: q.campusId,
    cohortId: q.cohortId,
    exitYear: q.exitYear,
    exitFrom: q.exitFrom,
    exitTo: q.exitTo,
    groupBy: q.groupBy,
  }
}

/** The query with every default applied (see the file's header). */
export function normalizeQuery(
  query: Omit<PlacementQuery, 'format' | 'groupBy'> & { groupBy?: string | StatsDimension[] | undefined },
  metrics: Record<string, number>,
  now: () => Date,
): NormalizedQuery {
  const metric = query.metric ?? 'r_positive'
  const latest = metrics[metric]
  if (latest === undefined) throw NotFound('Metric', metric)
  if (query.metricVersion !== undefined && query.metricVersion > latest) {
    throw NotFound(`Metric ${metric} version`, String(query.metricVersion))
  }
  const issues: Array<{ in: 'query'; field: string; message: string; code: string }> = []
  if (query.exitYear !== undefined && (query.exitFrom !== undefined || query.exitTo !== undefined)) {
    issues.push({
      in: 'query',
      field: '/exitYear',
      code: 'exclusive',
      message: 'cannot be combined with exitFrom or exitTo',
    })
  }
  if (query.exitFrom !== undefined && query.exitTo !== undefined && query.exitFrom > query.exitTo) {
    issues.push({ in: 'query', field: '/exitTo', code: 'date_order', message: 'must be on or after exitFrom' })
  }
  const groupBy = (
    typeof query.groupBy === 'string' ? query.groupBy.split(',') : (query.groupBy ?? [])
  ) as StatsDimension[]
  if (new Set(groupBy).size !== groupBy.length) {
    issues.push({ in: 'query', field: '/groupBy', code: 'unique', message: 'names a dimension twice' })
  }
  let asOf: string | null = null
  if (query.asOf !== undefined) {
    const moment = new Date(query.asOf)
    if (moment.getTime() > now().getTime() + 60_000) {
      issues.push({ in: 'query', field: '/asOf', code: 'future', message: 'cannot be in the future' })
    }
    asOf = moment.toISOString()
  }
  if (issues.length) throw Invalid(issues)
  return {
    metric,
    metricVersion: query.metricVersion ?? latest,
    basis: query.basis ?? 'entrants',
    checkpoint: query.checkpoint ?? 'm6',
    campusId: query.campusId ?? null,
    cohortId: query.cohortId ?? null,
    exitYear: query.exitYear ?? null,
    exitFrom: query.exitYear !== undefined ? `${query.exitYear}-01-01` : (query.exitFrom ?? null),
    exitTo: query.exitYear !== undefined ? `${query.exitYear}-12-31` : (query.exitTo ?? null),
    groupBy,
    asOf,
  }
}
