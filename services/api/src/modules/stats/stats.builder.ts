/**
 * Builds a release from the records: the aggregated counts every published table needs (read in one
 * snapshot), the cells and relations (stats.release.ts), and their protection (stats.protection.ts).
 */
import type { MetricRules } from '@trajectoires/contract'
import type { Executor } from '../../db/client.js'
import type { CellCounts } from './stats.math.js'
import { refine } from './stats.audit.js'
import { protect } from './stats.protection.js'
import { published, type PublishedMetric, type Release, type ReleaseMetric } from './stats.publication.js'
import { buildModel, demographicTables, type DemographicTable, type ReleaseInputs } from './stats.release.js'
import type { AggregatePlan, Dimension, MetricDefinitionRow, StatsRepository } from './stats.repository.js'
import { isDeepStrictEqual } from 'node:util'
import { turns } from '../../lib/turns.js'

const day = (moment: Date) => moment.toISOString().slice(0, 10)

/** Releases with more hidden items than this are protected by the heuristic alone (the LP audit takes minutes past it). */
const auditLimit = 20_000

/** Reads the inputs of a release as the records stand (`asOf` null) or stood at a moment. */
async function readInputs(
  repository: StatsRepository,
  metrics: Record<PublishedMetric, ReleaseMetric>,
  moment: Date,
  asOf: Date | null,
  tx: Executor,
): Promise<ReleaseInputs> {
  const rules = {
    positive: metrics.r_positive.rules,
    employment: metrics.r_employment.rules,
    lasting: metrics.r_lasting.rules,
  }
  for (const other of [rules.employment, rules.lasting]) {
    if (!isDeepStrictEqual(other.categories, rules.positive.categories)) {
      throw new Error('The published metrics classify observations differently: a release cannot combine them.')
    }
  }
  const plan = (dimensions: Dimension[], basis: 'entrants' | 'completers'): AggregatePlan => ({
    rules: rules.positive,
    checkpoint: published.checkpoint,
    basisReasons: rules.positive.bases[basis].exitReasons,
    campusId: null,
    cohortId: null,
    exitFrom: null,
    exitTo: null,
    dimensions,
    asOf,
    day: day(asOf ?? moment),
  })
  const cells = async (dimensions: Dimension[]) => {
    const [all, completers] = [
      await repository.aggregate(plan(dimensions, 'entrants'), tx),
      await repository.aggregate(plan(dimensions, 'completers'), tx),
    ]
    const loop = turns()
    const keyOf = (key: Array<string | null>) => key.map((k) => k ?? '\u0001').join('\u0000')
    const completed = new Map<string, number>()
    for (const r of completers.rows) {
      if (loop.due()) await loop.pause()
      if (r.grouping === 0) completed.set(keyOf(r.key), r.counts.population)
    }
    const out: Array<{ key: Array<string | null>; counts: CellCounts; completed: number }> = []
    for (const r of all.rows) {
      if (loop.due()) await loop.pause()
      if (r.grouping !== 0 || r.counts.population === 0) continue
      out.push({ key: r.key, counts: r.counts as CellCounts, completed: completed.get(keyOf(r.key)) ?? 0 })
    }
    return out
  }
  const cohortYears = (await cells(['cohort', 'exitYear'])).map((r) => ({
    cohort: r.key[0]!,
    year: Number(r.key[1]),
    counts: r.counts,
    completed: r.completed,
  }))
  const demography = {} as ReleaseInputs['demography']
  for (const table of demographicTables) {
    demography[table as DemographicTable] = (await cells([table])).map((r) => ({
      value: r.key[0] ?? null,
      counts: r.counts,
      completed: r.completed,
    }))
  }
  const cohortRows = await repository.cohortIndex(tx)
  const campuses = await repository.campusesOverview(tx)
  return {
    rules,
    cohortYears,
    demography,
    cohorts: new Map(cohortRows.map((c) => [c.id, { campus: c.campus, startYear: c.start_year }])),
    campuses: campuses.map((c) => c.id),
    funnel: await repository.funnel({ campusId: null, year: null }, tx),
    intake: await repository.intake(tx),
  }
}

/** The latest version of each published metric, with its rules. */
export function releaseMetrics(
  rows: Record<PublishedMetric, MetricDefinitionRow>,
): Record<PublishedMetric, ReleaseMetric> {
  const of = (id: PublishedMetric): ReleaseMetric => {
    const row = rows[id]
    return {
      id,
      version: row.version,
      rules: row.definition as MetricRules,
      target: row.target === null ? null : Number(row.target),
    }
  }
  return { r_positive: of('r_positive'), r_employment: of('r_employment'), r_lasting: of('r_lasting') }
}

/** Builds and protects a release in one read-only snapshot. */
export async function buildRelease(options: {
  repository: StatsRepository
  metrics: Record<PublishedMetric, ReleaseMetric>
  dataVersion: number
  moment: Date
  asOf: Date | null
  secondary?: boolean
}): Promise<Release> {
  const { repository, metrics, moment, asOf } = options
  return repository.read(async (tx) => {
    let t = performance.now()
    const lap = () => {
      const now = performance.now()
      const ms = Math.round(now - t)
      t = now
      return ms
    }
    const inputs = await readInputs(repository, metrics, moment, asOf, tx)
    const campuses = await repository.campusesOverview(tx)
    const cohorts = await repository.cohortIndex(tx)
    const readMs = lap()
    const model = await buildModel(inputs)
    const modelMs = lap()
    const secondary = options.secondary ?? true
    let rounds = 0
    const protection = await protect(model, { secondary, onRound: (r) => (rounds = r.round) })
    const protectMs = lap()
    // The exact check, and more cells hidden while it finds anything (on releases of a size it
    // audits in seconds; beyond, the heuristic alone: see docs/statistics.md).
    const unknowns = protection.hidden.reduce((n, v) => n + v, 0)
    if (secondary && unknowns <= auditLimit) {
      await refine(model, protection.hidden, protection.sensitive, protection.hide)
    }
    const auditMs = lap()
    const at = (asOf ?? moment).toISOString()
    return {
      id: `r-${options.dataVersion}-${asOf ? at : day(moment)}`,
      builtAt: at,
      dataVersion: options.dataVersion,
      model,
      protection,
      metrics,
      campuses,
      cohortNames: new Map(cohorts.map((c) => [c.id, c.name])),
      timings: { readMs, modelMs, protectMs, auditMs, rounds },
    }
  })
}
