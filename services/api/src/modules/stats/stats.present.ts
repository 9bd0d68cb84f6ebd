/**
 * A computed breakdown (network staff's figures, from the facts, the cubes or the exact path) made
 * into the placement result the API answers: every figure, groups keyed, named and ordered.
 */
import type { MetricRules, PlacementGroup, PlacementGroupKey, PlacementResult } from '@trajectoires/contract'
import type { Executor } from '../../db/client.js'
import { cell, emptyCounts, figures, type CellFigures } from './stats.math.js'
import { compareGroups } from './stats.publication.js'
import { filtersOf, type NormalizedQuery } from './stats.query.js'
import type { AggregateRow, Dimension, StatsRepository } from './stats.repository.js'

/** A breakdown as computed: the total, the cells and their keys. */
export interface Breakdown {
  total: CellFigures
  cells: CellFigures[]
  keys: Array<Array<string | null>>
}

/** A group key's value as the contract types it (years as numbers, QPV as a boolean). */
function keyValue(dimension: Dimension, text: string | null): string | number | boolean | null {
  if (dimension === 'exitYear' || dimension === 'cohortYear') return Number(text)
  if (dimension === 'qpv') return text === 'true' ? true : text === 'false' ? false : null
  return text
}

/** The rows of a grouping-sets query as a total and its groups (groups of nobody left out). */
export function toBreakdown(rows: AggregateRow[], dimensions: number, rules: MetricRules): Breakdown {
  const all = (1 << dimensions) - 1
  const totalRow = rows.find((r) => r.grouping === all)
  // A group every member of which left (delta rows of the cubes summing to nobody) is no group.
  const cellRows = dimensions === 0 ? [] : rows.filter((r) => r.grouping === 0 && r.counts.population > 0)
  return {
    total: figures(totalRow?.counts ?? emptyCounts(), rules),
    cells: cellRows.map((r) => figures(r.counts, rules)),
    keys: cellRows.map((r) => r.key),
  }
}

/** The result as network staff see it (every figure), groups named and ordered. */
export async function present(
  repository: Pick<StatsRepository, 'campusNames' | 'cohortNames'>,
  q: NormalizedQuery,
  rules: MetricRules,
  target: number | null,
  breakdown: Breakdown,
  asOf: string,
  tx: Executor,
): Promise<PlacementResult> {
  const campusIds = new Set<string>()
  const cohortIds = new Set<string>()
  q.groupBy.forEach((d, i) => {
    for (const k of breakdown.keys) {
      if (d === 'campus' && k[i]) campusIds.add(k[i]!)
      if (d === 'cohort' && k[i]) cohortIds.add(k[i]!)
    }
  })
  // One connection per transaction: its queries go one after the other.
  const campusNames = await repository.campusNames([...campusIds], tx)
  const cohortNames = await repository.cohortNames([...cohortIds], tx)

  const groups: PlacementGroup[] = breakdown.cells.map((f, i) => {
    const key: Record<string, unknown> = {}
    const labels: PlacementGroup['labels'] = {}
    q.groupBy.forEach((d, j) => {
      const text = breakdown.keys[i]![j]!
      key[d] = keyValue(d, text)
      if (d === 'campus') labels.campus = campusNames.get(text ?? '') ?? ''
      if (d === 'cohort') labels.cohort = cohortNames.get(text ?? '') ?? ''
    })
    return {
      key: key as PlacementGroupKey,
      labels,
      ...cell(f, rules, target),
    }
  })
  groups.sort((a, b) => compareGroups(a, b, q.groupBy))

  return {
    metric: { id: q.metric, version: q.metricVersion },
    basis: q.basis,
    checkpoint: q.checkpoint,
    asOf,
    filters: filtersOf(q),
    total: cell(breakdown.total, rules, target),
    groups,
  }
}
