import { isDeepStrictEqual } from 'node:util'
import {
  diplomaLevels,
  referrers,
  sexes,
  type Checkpoint,
  type FunnelCell,
  type FunnelGroup,
  type FunnelQuery,
  type IntakeProfile,
  type MetricDefinition,
  type MetricRules,
  type OverviewCampus,
  type OverviewYear,
  type PlacementCell,
  type PlacementGroup,
  type PlacementGroupKey,
  type PlacementQuery,
  type PlacementResult,
  type Snapshot,
  type SnapshotCheck,
  type SnapshotCreate,
  type SnapshotListQuery,
  type SnapshotQuery,
  type StatsBasis,
  type StatsDimension,
  type StatsFunnel,
  type StatsOverview,
  type StatsViewer,
  type SuppressionReason,
} from '@trajectoires/contract'
import { AppError, Invalid, NotFound } from '../../lib/errors.js'
import type { Executor } from '../../db/client.js'
import { FreshReader, Lru, digest, matchesEtag } from './stats.cache.js'
import type { DataVersionWatch } from '../../lib/read-cache.js'
import { toCsv } from './stats.csv.js'
import { cell, emptyCounts, figures, type CellCounts, type CellFigures } from './stats.math.js'
import { materialisedObservationRules } from './stats.definitions.js'
import {
  sourceOf,
  type AggregatePlan,
  type AggregateRow,
  type Dimension,
  type MetricDefinitionRow,
  type SnapshotRow,
  type StatsRepository,
} from './stats.repository.js'
import { breakdownLines, complete, type Line, type Quantity } from './stats.suppression.js'
import type { StatsDrainer } from './stats.drain.js'

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

/** An answer ready to send: its ETag and the serialised body, or a 304. */
export interface Answer {
  etag: string
  notModified: boolean
  contentType: string
  body: string
}

export type StatsFormat = 'json' | 'csv'

interface Cached {
  contentType: string
  body: string
  etag?: string
}

const enumOrder: Partial<Record<Dimension, readonly string[]>> = {
  sex: sexes,
  qpv: ['true', 'false', 'unknown'],
  diplomaAtEntry: diplomaLevels,
  referrer: referrers,
}
const day = (moment: Date) => moment.toISOString().slice(0, 10)

function toDefinition(row: MetricDefinitionRow, latest: number): MetricDefinition {
  return {
    id: row.id,
    version: row.version,
    latest: row.version === latest,
    name: { fr: row.nameFr, en: row.nameEn },
    description: { fr: row.descriptionFr, en: row.descriptionEn },
    target: row.target === null ? null : Number(row.target),
    definition: row.definition as MetricRules,
    publishedAt: row.publishedAt.toISOString(),
  }
}

function keyValue(dimension: Dimension, text: string | null): string | number | boolean | null {
  if (dimension === 'exitYear' || dimension === 'cohortYear') return Number(text)
  if (dimension === 'qpv') return text === 'true' ? true : text === 'false' ? false : null
  return text
}

/** JSON pointers where two values differ (at most `limit`). */
export function differences(a: unknown, b: unknown, path = '', out: string[] = [], limit = 50): string[] {
  if (out.length >= limit) return out
  if (isDeepStrictEqual(a, b)) return out
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const k of keys) {
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`, out, limit)
    }
    return out
  }
  out.push(path || '/')
  return out
}

// ---------------------------------------------------------------------------------------------
// Suppression of a placement result

function hideAll(c: PlacementCell): PlacementCell {
  return {
    ...c,
    population: null,
    excluded: null,
    denominator: null,
    numerator: null,
    unknown: null,
    responseRate: null,
    rate: null,
    ci95: null,
    bounds: null,
    coverage: null,
    gapToTarget: null,
    suppressed: true,
    suppressionReason: 'small_cell',
  }
}

function hideOutcome(c: PlacementCell, reason: SuppressionReason, hideDenominator: boolean): PlacementCell {
  return {
    ...c,
    denominator: hideDenominator ? null : c.denominator,
    numerator: null,
    unknown: null,
    responseRate: null,
    rate: null,
    ci95: null,
    bounds: null,
    gapToTarget: null,
    suppressed: true,
    suppressionReason: reason,
  }
}

export interface Breakdown {
  total: CellFigures
  cells: CellFigures[]
  keys: Array<Array<string | null>>
  /** Figures of each dimension's values, summed over the other dimension (two-dimensional breakdowns). */
  marginals: Array<Map<string | null, CellFigures>>
}

/** What a reader may see of each cell: everything, the counts without the outcome, or nothing. */
export interface Protection {
  total: 'visible' | SuppressionReason
  cells: Array<'visible' | SuppressionReason>
}

/**
 * The suppression rules of a definition applied to a breakdown (DOMAIN §4): cells of 1–4 people
 * hidden, rates on fewer than `minDenominator` withheld, and complementary cells so that no hidden
 * value can be worked out by subtraction from the published sums.
 */
export function protect(b: Breakdown, rules: MetricRules): Protection {
  const { min, max } = rules.suppression.smallCell
  const minDenominator = rules.suppression.minDenominator
  const small = (population: number) => population >= min && population <= max
  const rateHidden = (f: CellFigures) => small(f.population) || f.denominator < minDenominator
  const dimensions = b.keys[0]?.length ?? 0
  const marginal = (dimension: number, value: unknown) => b.marginals[dimension]?.get(value as string | null)

  // Level 1: the counts of small cells, and of enough others.
  const hidden = b.cells.map((f) => small(f.population))
  const countLines = breakdownLines(
    b.keys,
    dimensions,
    (d, v) => !small(marginal(d, v)?.population ?? 0),
    !small(b.total.population),
  )
  complete({
    lines: countLines,
    hidden,
    quantities: [{ value: (i) => b.cells[i]!.population, lower: () => min, upper: () => null }],
    order: (x, y) => b.cells[x]!.population - b.cells[y]!.population || x - y,
  })

  // Level 2: the outcomes of cells with a small denominator, and of enough others.
  const denominatorShown = rules.removedFromDenominator.length === 0
  const withheld = b.cells.map((f, i) => hidden[i]! || f.denominator < minDenominator)
  const firstWithheld = [...withheld]
  const bound = (i: number) => (hidden[i] ? null : denominatorShown ? b.cells[i]!.denominator : b.cells[i]!.members)
  const quantities: Quantity[] = [
    { value: (i) => b.cells[i]!.numerator, lower: () => 0, upper: bound },
    { value: (i) => b.cells[i]!.unknown, lower: () => 0, upper: bound },
  ]
  if (!denominatorShown) {
    quantities.push({
      value: (i) => b.cells[i]!.removed,
      lower: () => 0,
      upper: (i) => (hidden[i] ? null : b.cells[i]!.members),
    })
  }
  const outcomeLines: Line[] = breakdownLines(
    b.keys,
    dimensions,
    (d, v) => {
      const m = marginal(d, v)
      return m !== undefined && !rateHidden(m)
    },
    !rateHidden(b.total),
  )
  complete({
    lines: outcomeLines,
    hidden: withheld,
    quantities,
    order: (x, y) =>
      b.cells[x]!.denominator - b.cells[y]!.denominator || b.cells[x]!.population - b.cells[y]!.population || x - y,
  })

  return {
    total: small(b.total.population)
      ? 'small_cell'
      : b.total.denominator < minDenominator
        ? 'small_denominator'
        : 'visible',
    cells: b.cells.map((_, i) =>
      hidden[i] ? 'small_cell' : firstWithheld[i] ? 'small_denominator' : withheld[i] ? 'complementary' : 'visible',
    ),
  }
}

function applyProtection(c: PlacementCell, what: 'visible' | SuppressionReason, rules: MetricRules): PlacementCell {
  if (what === 'visible') return c
  if (what === 'small_cell') return hideAll(c)
  return hideOutcome(c, what, rules.removedFromDenominator.length > 0)
}

// ---------------------------------------------------------------------------------------------
// Suppression of plain counts (overview, funnel)

interface CountGrid {
  keys: Array<Array<string | number>>
  values: number[]
}

/** Hides counts of 1–4 people in a table of counts, with complementary cells along its lines. */
function protectCounts(grid: CountGrid, rules: MetricRules, hidden = grid.values.map(() => false)): boolean[] {
  const { min, max } = rules.suppression.smallCell
  const small = (v: number) => v >= min && v <= max
  grid.values.forEach((v, i) => {
    if (small(v)) hidden[i] = true
  })
  const dimensions = grid.keys[0]?.length ?? 0
  const marginals = [0, 1].map((d) => {
    const sums = new Map<string | number, number>()
    grid.keys.forEach((k, i) => sums.set(k[d]!, (sums.get(k[d]!) ?? 0) + grid.values[i]!))
    return sums
  })
  const total = grid.values.reduce((s, v) => s + v, 0)
  complete({
    // A sum is published unless it is small itself (it is then hidden wherever it shows).
    lines: breakdownLines(grid.keys, dimensions, (d, v) => !small(marginals[d]!.get(v as string) ?? 0), !small(total)),
    hidden,
    quantities: [{ value: (i) => grid.values[i]!, lower: () => min, upper: () => null }],
    eligible: (i) => grid.values[i]! >= min,
    order: (x, y) => grid.values[x]! - grid.values[y]! || x - y,
  })
  return hidden
}

// ---------------------------------------------------------------------------------------------

export function createStatsService(deps: {
  repository: StatsRepository
  now?: () => Date
  cacheSize?: number
  /** How often the cubes' delta rows are folded, at most (ms). */
  compactEveryMs?: number
  /** Follows the data version through LISTEN: while it can vouch for it, a request asks no database. */
  dataVersion?: DataVersionWatch | undefined
  /** Refreshes what bulk imports left pending (migration 0008) before anything is computed. */
  drainer?: Pick<StatsDrainer, 'ensure'> | undefined
}) {
  const { repository } = deps
  const now = deps.now ?? (() => new Date())
  /** The data version now, with the latest version of every metric: one cheap query per event-loop turn. */
  const versions = new FreshReader(() => repository.versions())
  let lastState: { data: number; metrics: Record<string, number> } | undefined
  const watch = deps.dataVersion

  /**
   * The data version and the latest version of every metric. Without a watch (or while it cannot
   * vouch for the version: listener down, or a write answered here since), as read from the database;
   * with one, the state last read as long as the data version has not moved (metric definitions
   * bump it too).
   */
  async function currentState(): Promise<{ data: number; metrics: Record<string, number> }> {
    if (watch) {
      const version = watch.current()
      const data = typeof version === 'number' ? version : await version
      if (lastState !== undefined && lastState.data === data) return lastState
    }
    const read = await versions.read()
    watch?.observe(read.data)
    if (lastState === undefined || read.data >= lastState.data) lastState = read
    return read
  }
  const cache = new Lru<Cached>(deps.cacheSize ?? 500)
  const definitions = new Map<string, MetricDefinitionRow>()
  const compactEveryMs = deps.compactEveryMs ?? 10 * 60_000
  let lastCompaction = Date.now()
  let compaction: Promise<unknown> | undefined

  /** A definition at a version; published versions never change, so they are kept once read. */
  async function definitionAt(id: string, version: number, tx?: Executor): Promise<MetricDefinitionRow> {
    const key = `${id}@${version}`
    let row = definitions.get(key)
    if (!row) {
      row = await repository.definition(id, version, tx)
      if (!row) throw NotFound(`Metric ${id} version`, String(version))
      definitions.set(key, row)
    }
    return row
  }

  /** Facts and cubes up to date with every committed write, before computing from them. */
  async function fresh(): Promise<void> {
    await deps.drainer?.ensure()
  }

  /** Folds the cubes' delta rows now and then, in the background. */
  function maybeCompact() {
    if (compaction || Date.now() - lastCompaction < compactEveryMs) return
    lastCompaction = Date.now()
    compaction = repository
      .compact()
      .catch(() => undefined)
      .finally(() => {
        compaction = undefined
      })
  }

  function normalize(
    query: Omit<PlacementQuery, 'format' | 'groupBy'> & { groupBy?: string | StatsDimension[] | undefined },
    metrics: Record<string, number>,
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

  /**
   * Computes a placement result for a viewer: inside `tx` when given; otherwise a light query (from
   * the cubes, or one cohort) runs on its own, a heavy one in a read-only transaction without JIT.
   */
  async function compute(
    q: NormalizedQuery,
    viewer: StatsViewer,
    strategy: 'auto' | 'facts' | 'exact' = 'auto',
    given?: Executor,
  ): Promise<PlacementResult> {
    const row = await definitionAt(q.metric, q.metricVersion, given)
    const rules = row.definition as MetricRules
    if (!isDeepStrictEqual(rules.observation.order, materialisedObservationRules.order)) {
      throw new AppError(
        500,
        'internal_error',
        `Metric ${q.metric} v${q.metricVersion} orders observations in a way this version cannot compute.`,
      )
    }
    const target = row.target === null ? null : Number(row.target)
    const computedAt = now()
    const asOf = q.asOf ? new Date(q.asOf) : null
    const plan: AggregatePlan = {
      rules,
      checkpoint: q.checkpoint,
      basisReasons: rules.bases[q.basis].exitReasons,
      campusId: q.campusId,
      cohortId: q.cohortId,
      exitFrom: q.exitFrom,
      exitTo: q.exitTo,
      dimensions: q.groupBy,
      asOf,
      day: day(asOf ?? computedAt),
      strategy,
    }
    const light = sourceOf(plan) === 'cube' || q.cohortId !== null
    const run = <T>(work: (tx: Executor) => Promise<T>) =>
      given ? work(given) : light ? repository.direct(work) : repository.read(work)
    return run(async (tx) => {
      const { rows } = await repository.aggregate(plan, tx)
      const breakdown = toBreakdown(rows, q.groupBy.length, rules)
      if (breakdown.total.population === 0) {
        // Nobody: say so when the campus or cohort does not exist at all.
        if (q.campusId && !(await repository.campusExists(q.campusId, tx))) throw NotFound('Campus', q.campusId)
        if (q.cohortId && !(await repository.cohortExists(q.cohortId, tx))) throw NotFound('Cohort', q.cohortId)
      }
      return present(q, viewer, rules, target, breakdown, (asOf ?? computedAt).toISOString(), tx)
    })
  }

  /** The result as a viewer sees it: suppression applied, groups named and ordered. */
  async function present(
    q: NormalizedQuery,
    viewer: StatsViewer,
    rules: MetricRules,
    target: number | null,
    breakdown: Breakdown,
    asOf: string,
    tx: Executor,
  ): Promise<PlacementResult> {
    const protection: Protection =
      viewer === 'network_staff'
        ? { total: 'visible', cells: breakdown.cells.map(() => 'visible') }
        : protect(breakdown, rules)

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
        ...applyProtection(cell(f, rules, target), protection.cells[i]!, rules),
      }
    })
    groups.sort((a, b) => compareGroups(a, b, q.groupBy))

    return {
      metric: { id: q.metric, version: q.metricVersion },
      basis: q.basis,
      checkpoint: q.checkpoint,
      asOf,
      filters: {
        campusId: q.campusId,
        cohortId: q.cohortId,
        exitYear: q.exitYear,
        exitFrom: q.exitFrom,
        exitTo: q.exitTo,
        groupBy: q.groupBy,
      },
      total: applyProtection(cell(breakdown.total, rules, target), protection.total, rules),
      groups,
    }
  }

  function compareGroups(a: PlacementGroup, b: PlacementGroup, groupBy: StatsDimension[]): number {
    for (const d of groupBy) {
      let c: number
      if (d === 'campus' || d === 'cohort') {
        c =
          (a.labels[d] ?? '').localeCompare(b.labels[d] ?? '', 'fr') || String(a.key[d]).localeCompare(String(b.key[d]))
      } else if (d === 'exitYear') {
        c = (a.key.exitYear ?? 0) - (b.key.exitYear ?? 0)
      } else {
        const order = enumOrder[d]!
        const text = (v: unknown) => (v === null ? 'unknown' : String(v))
        c = order.indexOf(text(a.key[d])) - order.indexOf(text(b.key[d]))
      }
      if (c !== 0) return c
    }
    return 0
  }

  /** Runs a cacheable computation: ETag from the data version and the normalised request. */
  async function answer(
    key: unknown,
    ifNoneMatch: string | string[] | undefined,
    produce: () => Promise<Cached>,
  ): Promise<Answer> {
    const cacheKey = JSON.stringify(key)
    let hit = cache.get(cacheKey)
    const etag = hit?.etag ?? `W/"${digest(cacheKey)}"`
    if (matchesEtag(ifNoneMatch, etag)) return { etag, notModified: true, contentType: '', body: '' }
    if (!hit) {
      await fresh()
      hit = { ...(await produce()), etag }
      cache.set(cacheKey, hit)
    }
    return { etag, notModified: false, contentType: hit.contentType, body: hit.body }
  }

  return {
    /** The latest version of every metric. */
    async listMetrics(): Promise<MetricDefinition[]> {
      const rows = await repository.latestDefinitions()
      return rows.map((r) => toDefinition(r, r.version))
    },

    async getMetric(id: string, version?: number): Promise<MetricDefinition> {
      const latest = await repository.definition(id)
      if (!latest) throw NotFound('Metric', id)
      if (version === undefined) return toDefinition(latest, latest.version)
      const row = await repository.definition(id, version)
      if (!row) throw NotFound(`Metric ${id} version`, String(version))
      return toDefinition(row, latest.version)
    },

    /** `GET /stats/placement`, as JSON or CSV, through the cache. */
    async placement(
      query: PlacementQuery,
      options: { viewer: StatsViewer; format: StatsFormat; ifNoneMatch?: string | string[] | undefined },
    ): Promise<Answer> {
      const state = await currentState()
      const q = normalize(query, state.metrics)
      const key = {
        what: 'placement',
        data: state.data,
        q,
        viewer: options.viewer,
        format: options.format,
        // Maturity moves with the calendar when the figures are as of now.
        day: q.asOf ? null : day(now()),
      }
      return answer(key, options.ifNoneMatch, async () => {
        const result = await compute(q, options.viewer)
        maybeCompact()
        return options.format === 'csv'
          ? { contentType: 'text/csv; charset=utf-8', body: toCsv(result) }
          : { contentType: 'application/json; charset=utf-8', body: JSON.stringify(result) }
      })
    },

    /** A placement result computed directly (no cache), for snapshots and tests. */
    async compute(
      query: Parameters<typeof normalize>[0],
      viewer: StatsViewer,
      strategy: 'auto' | 'facts' | 'exact' = 'auto',
    ): Promise<PlacementResult> {
      const state = await currentState()
      const q = normalize(query, state.metrics)
      await fresh()
      return compute(q, viewer, strategy)
    },

    async overview(options: { viewer: StatsViewer; ifNoneMatch?: string | string[] | undefined }): Promise<Answer> {
      const state = await currentState()
      const key = {
        what: 'overview',
        data: state.data,
        metrics: state.metrics,
        viewer: options.viewer,
        day: day(now()),
      }
      return answer(key, options.ifNoneMatch, async () => {
        const result = await repository.read((tx) => overview(state.metrics, options.viewer, tx))
        return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(result) }
      })
    },

    async funnel(
      query: FunnelQuery,
      options: { viewer: StatsViewer; ifNoneMatch?: string | string[] | undefined },
    ): Promise<Answer> {
      const state = await currentState()
      const key = {
        what: 'funnel',
        data: state.data,
        metrics: state.metrics,
        query,
        viewer: options.viewer,
        day: day(now()),
      }
      return answer(key, options.ifNoneMatch, async () => {
        const result = await repository.read((tx) => funnel(query, state.metrics, options.viewer, tx))
        return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(result) }
      })
    },

    /** Freezes a published figure: always the public view, as of an explicit moment. */
    async createSnapshot(input: SnapshotCreate): Promise<Snapshot> {
      const state = await currentState()
      const asOf = input.asOf ?? now().toISOString()
      const q = normalize({ ...input.query, asOf }, state.metrics)
      await fresh()
      const result = await compute(q, 'public')
      const row = await repository.insertSnapshot({
        label: input.label.trim(),
        metricId: q.metric,
        metricVersion: q.metricVersion,
        query: snapshotQuery(q),
        asOf: new Date(q.asOf!),
        result,
      })
      return toSnapshot(row)
    },

    /** A snapshot, recomputed at its `asOf` with its definition version, and whether they agree. */
    async checkSnapshot(id: string): Promise<SnapshotCheck> {
      const row = await repository.snapshot(id)
      if (!row) throw NotFound('Snapshot', id)
      const snapshot = toSnapshot(row)
      const state = await currentState()
      const q = normalize({ ...snapshot.query, metricVersion: row.metricVersion, asOf: snapshot.asOf }, state.metrics)
      await fresh()
      const recomputed = await compute(q, 'public')
      const diff = differences(snapshot.result, recomputed)
      return { ...snapshot, recomputed, matches: diff.length === 0, differences: diff }
    },

    async listSnapshots(query: SnapshotListQuery): Promise<{ items: Snapshot[]; nextCursor: string | null }> {
      const limit = query.limit ?? 20
      const after = decodeSnapshotCursor(query.cursor)
      const found = await repository.snapshots({ metric: query.metric, after, limit })
      const page = found.slice(0, limit)
      const last = page.at(-1)
      return {
        items: page.map(toSnapshot),
        nextCursor:
          found.length > limit && last
            ? Buffer.from(JSON.stringify({ t: last.createdAt.toISOString(), id: last.id })).toString('base64url')
            : null,
      }
    },

    /** Waits for a background compaction, before the database closes. */
    async close(): Promise<void> {
      await compaction
    },

    /** For tests: forget cached answers and definitions. */
    clearCache() {
      cache.clear()
      definitions.clear()
    },
  }

  // -------------------------------------------------------------------------------------------

  async function headline(metrics: Record<string, number>, viewer: StatsViewer, tx: Executor) {
    const version = metrics.r_positive
    if (version === undefined) throw NotFound('Metric', 'r_positive')
    const q: NormalizedQuery = {
      metric: 'r_positive',
      metricVersion: version,
      basis: 'entrants',
      checkpoint: 'm6',
      campusId: null,
      cohortId: null,
      exitYear: null,
      exitFrom: null,
      exitTo: null,
      groupBy: ['campus'],
      asOf: null,
    }
    const row = await definitionAt('r_positive', version, tx)
    return { result: await compute(q, viewer, 'auto', tx), rules: row.definition as MetricRules, row }
  }

  async function overview(metrics: Record<string, number>, viewer: StatsViewer, tx: Executor): Promise<StatsOverview> {
    const { result, rules, row } = await headline(metrics, viewer, tx)
    const campuses = await repository.campusesOverview(tx)
    const flows = await repository.yearlyFlows(tx)
    const intake = await repository.intake(tx)
    const publicView = viewer !== 'network_staff'
    const target = row.target === null ? null : Number(row.target)
    const years = [...new Set(flows.map((f) => f.year))].sort((a, b) => a - b)

    // Entrants and completions by campus and year, and by year for the network.
    const grid = (measure: 'entrants' | 'completions') => {
      const cells = flows.filter((f) => f[measure] > 0 || measure === 'entrants')
      const keys = cells.map((f) => [f.campus, f.year])
      const values = cells.map((f) => f[measure])
      const hidden = publicView ? protectCounts({ keys, values }, rules) : values.map(() => false)
      const shown = new Map<string, number | null>()
      cells.forEach((f, i) => shown.set(`${f.campus}|${f.year}`, hidden[i] ? null : f[measure]))
      return shown
    }
    const entrantsGrid = grid('entrants')
    const completionsGrid = grid('completions')
    const networkYears = (measure: 'entrants' | 'completions') => {
      const values = years.map((y) => flows.filter((f) => f.year === y).reduce((s, f) => s + f[measure], 0))
      const hidden = publicView
        ? protectCounts({ keys: years.map((y) => [y]), values }, rules)
        : values.map(() => false)
      return new Map(years.map((y, i) => [y, hidden[i] ? null : values[i]!]))
    }
    const networkEntrants = networkYears('entrants')
    const networkCompletions = networkYears('completions')

    // Intake profile: entrants by campus, and the shares.
    const byCampus = new Map(intake.map((r) => [r.campus, r]))
    const zero = { campus: '', entrants: 0, qpv: 0, no_diploma: 0, neet: 0, women: 0 }
    const profiles = campuses.map((c) => byCampus.get(c.id) ?? { ...zero, campus: c.id })
    const network = profiles.reduce(
      (s, p) => ({
        ...s,
        entrants: s.entrants + p.entrants,
        qpv: s.qpv + p.qpv,
        no_diploma: s.no_diploma + p.no_diploma,
        neet: s.neet + p.neet,
        women: s.women + p.women,
      }),
      { ...zero },
    )
    const entrantsHidden = publicView
      ? protectCounts({ keys: profiles.map((p) => [p.campus]), values: profiles.map((p) => p.entrants) }, rules)
      : profiles.map(() => false)
    const items = ['qpv', 'no_diploma', 'neet', 'women'] as const
    const { min, max } = rules.suppression.smallCell
    const small = (v: number) => v >= min && v <= max
    const shareHidden = (base: number, n: number) =>
      base < rules.suppression.minDenominator || small(n) || small(base - n)
    const sharesHidden = Object.fromEntries(
      items.map((item) => {
        const hidden = profiles.map((p, i) => publicView && (entrantsHidden[i]! || shareHidden(p.entrants, p[item])))
        if (publicView) {
          complete({
            lines: [{ cells: profiles.map((_, i) => i), published: !shareHidden(network.entrants, network[item]) }],
            hidden,
            quantities: [
              {
                value: (i) => profiles[i]![item],
                lower: () => 0,
                upper: (i) => (entrantsHidden[i] ? null : profiles[i]!.entrants),
              },
            ],
            eligible: (i) => profiles[i]!.entrants > 0,
            order: (x, y) => profiles[x]!.entrants - profiles[y]!.entrants || x - y,
          })
        }
        return [item, hidden]
      }),
    ) as Record<(typeof items)[number], boolean[]>
    const share = (n: number, base: number, hidden: boolean) =>
      hidden || base === 0 ? null : Math.round((n / base) * 10 ** rules.decimals) / 10 ** rules.decimals
    const profileOf = (p: typeof zero, i: number | null): IntakeProfile => {
      const hidden = (item: (typeof items)[number]) =>
        i === null ? publicView && shareHidden(p.entrants, p[item]) : sharesHidden[item][i]!
      return {
        entrants: i === null || !entrantsHidden[i] ? p.entrants : null,
        qpvResidents: share(p.qpv, p.entrants, hidden('qpv')),
        noDiplomaAtEntry: share(p.no_diploma, p.entrants, hidden('no_diploma')),
        neetAtEntry: share(p.neet, p.entrants, hidden('neet')),
        women: share(p.women, p.entrants, hidden('women')),
      }
    }

    const placementOf = new Map(result.groups.map((g) => [g.key.campus, g as PlacementCell]))
    const emptyPlacement = (): PlacementCell => {
      const c = cell(figures(emptyCounts(), rules), rules, target)
      return publicView ? hideOutcome(c, 'small_denominator', rules.removedFromDenominator.length > 0) : c
    }
    const cellOnly = (g: PlacementCell): PlacementCell => {
      const { key: _key, labels: _labels, ...rest } = g as PlacementGroup
      return rest
    }
    const campusYears = (campus: string): OverviewYear[] =>
      years
        .filter((y) => entrantsGrid.has(`${campus}|${y}`) || completionsGrid.has(`${campus}|${y}`))
        .map((y) => ({
          year: y,
          entrants: entrantsGrid.get(`${campus}|${y}`) ?? null,
          completions: completionsGrid.has(`${campus}|${y}`) ? completionsGrid.get(`${campus}|${y}`)! : 0,
        }))

    const status = { planned: 0, open: 0, closed: 0 }
    for (const c of campuses) status[c.status as keyof typeof status]++
    const campusEntries: OverviewCampus[] = campuses.map((c, i) => {
      const g = placementOf.get(c.id)
      return {
        campus: { id: c.id, name: c.name, status: c.status },
        yearlyCapacity: c.yearlyCapacity,
        years: campusYears(c.id),
        intake: profileOf(profiles[i]!, i),
        placement: g ? cellOnly(g) : emptyPlacement(),
      }
    })
    return {
      asOf: result.asOf,
      metric: result.metric,
      network: {
        campuses: status,
        yearlyCapacity: campuses.filter((c) => c.status === 'open').reduce((s, c) => s + (c.yearlyCapacity ?? 0), 0),
        years: years.map((y) => ({
          year: y,
          entrants: networkEntrants.get(y) ?? null,
          completions: networkCompletions.get(y) ?? null,
        })),
        intake: profileOf(network, null),
        placement: result.total,
      },
      campuses: campusEntries,
    }
  }

  async function funnel(
    query: FunnelQuery,
    metrics: Record<string, number>,
    viewer: StatsViewer,
    tx: Executor,
  ): Promise<StatsFunnel> {
    const version = metrics.r_positive
    if (version === undefined) throw NotFound('Metric', 'r_positive')
    const row = await definitionAt('r_positive', version, tx)
    const rules = row.definition as MetricRules
    if (query.campusId && !(await repository.campusExists(query.campusId, tx))) throw NotFound('Campus', query.campusId)
    const computedAt = now()
    const stages = await repository.funnel({ campusId: query.campusId ?? null, year: query.year ?? null }, tx)
    const outcomes = await repository.aggregate(
      {
        rules,
        checkpoint: 'm6',
        basisReasons: rules.bases.entrants.exitReasons,
        campusId: query.campusId ?? null,
        cohortId: null,
        exitFrom: null,
        exitTo: null,
        dimensions: ['campus', 'cohortYear'],
        asOf: null,
        day: day(computedAt),
      },
      tx,
    )
    const positive = new Map<string, CellFigures>()
    for (const r of outcomes.rows) {
      if (r.grouping === 0) positive.set(`${r.key[0]}|${Number(r.key[1])}`, figures(r.counts, rules))
    }
    const measures = ['applied', 'past_jury', 'enrolled', 'integration_confirmed', 'completed'] as const
    const cells = stages.filter((s) => query.year === undefined || s.year === query.year)
    const keys = cells.map((s) => [s.campus, s.year])
    const publicView = viewer !== 'network_staff'
    const hidden = Object.fromEntries(
      measures.map((m) => [
        m,
        publicView ? protectCounts({ keys, values: cells.map((s) => s[m]) }, rules) : cells.map(() => false),
      ]),
    ) as Record<(typeof measures)[number], boolean[]>
    const placed = cells.map((s) => positive.get(`${s.campus}|${s.year}`) ?? figures(emptyCounts(), rules))
    const minDenominator = rules.suppression.minDenominator
    const positiveHidden = cells.map(
      (_, i) => publicView && (placed[i]!.denominator < minDenominator || hidden.integration_confirmed[i]!),
    )
    const totalPlaced = placed.reduce(
      (s, f) => ({ ...s, denominator: s.denominator + f.denominator, numerator: s.numerator + f.numerator }),
      figures(emptyCounts(), rules),
    )
    if (publicView) {
      complete({
        lines: breakdownLines(keys, 2, () => true, totalPlaced.denominator >= minDenominator),
        hidden: positiveHidden,
        quantities: [
          {
            value: (i) => placed[i]!.numerator,
            lower: () => 0,
            upper: (i) => (hidden.integration_confirmed[i] ? null : cells[i]!.integration_confirmed),
          },
        ],
        order: (x, y) => placed[x]!.denominator - placed[y]!.denominator || x - y,
      })
    }
    const names = await repository.campusNames([...new Set(cells.map((s) => s.campus))], tx)
    const groups: FunnelGroup[] = cells.map((s, i) => {
      const value = (m: (typeof measures)[number]) => (hidden[m][i] ? null : s[m])
      return {
        key: { campus: s.campus, year: s.year },
        labels: { campus: names.get(s.campus) ?? '' },
        applied: value('applied'),
        pastJury: value('past_jury'),
        enrolled: value('enrolled'),
        integrationConfirmed: value('integration_confirmed'),
        completed: value('completed'),
        positiveAtM6: positiveHidden[i] ? null : placed[i]!.numerator,
        suppressed: positiveHidden[i]! || measures.some((m) => hidden[m][i]),
      }
    })
    groups.sort((a, b) => (a.labels.campus ?? '').localeCompare(b.labels.campus ?? '', 'fr') || a.key.year - b.key.year)
    const sum = (m: (typeof measures)[number]) => cells.reduce((s, c) => s + c[m], 0)
    const { min, max } = rules.suppression.smallCell
    const totalValue = (m: (typeof measures)[number]) => {
      const v = sum(m)
      return publicView && v >= min && v <= max ? null : v
    }
    const total: FunnelCell = {
      applied: totalValue('applied'),
      pastJury: totalValue('past_jury'),
      enrolled: totalValue('enrolled'),
      integrationConfirmed: totalValue('integration_confirmed'),
      completed: totalValue('completed'),
      positiveAtM6: publicView && totalPlaced.denominator < minDenominator ? null : totalPlaced.numerator,
      suppressed: false,
    }
    total.suppressed = Object.values(total).some((v) => v === null)
    return {
      asOf: computedAt.toISOString(),
      filters: { campusId: query.campusId ?? null, year: query.year ?? null },
      total,
      groups,
    }
  }
}

function toBreakdown(rows: AggregateRow[], dimensions: number, rules: MetricRules): Breakdown {
  const all = (1 << dimensions) - 1
  const totalRow = rows.find((r) => r.grouping === all)
  // A group every member of which left (delta rows of the cubes summing to nobody) is no group.
  const cellRows = dimensions === 0 ? [] : rows.filter((r) => r.grouping === 0 && r.counts.population > 0)
  const marginals: Array<Map<string | null, CellFigures>> = [new Map(), new Map()]
  if (dimensions === 2) {
    // grouping() sets the bit of dimension 0 as the high bit: 1 = summed over dimension 1.
    for (const r of rows) {
      if (r.grouping === 1) marginals[0]!.set(r.key[0]!, figures(r.counts, rules))
      if (r.grouping === 2) marginals[1]!.set(r.key[1]!, figures(r.counts, rules))
    }
  }
  return {
    total: figures(totalRow?.counts ?? emptyCounts(), rules),
    cells: cellRows.map((r) => figures(r.counts, rules)),
    keys: cellRows.map((r) => r.key),
    marginals,
  }
}

function snapshotQuery(q: NormalizedQuery): SnapshotQuery {
  const query: SnapshotQuery = {
    metric: q.metric,
    metricVersion: q.metricVersion,
    basis: q.basis,
    checkpoint: q.checkpoint,
  }
  if (q.campusId) query.campusId = q.campusId
  if (q.cohortId) query.cohortId = q.cohortId
  if (q.exitYear !== null) query.exitYear = q.exitYear
  else {
    if (q.exitFrom) query.exitFrom = q.exitFrom
    if (q.exitTo) query.exitTo = q.exitTo
  }
  if (q.groupBy.length) query.groupBy = q.groupBy
  return query
}

function toSnapshot(row: SnapshotRow): Snapshot {
  return {
    id: row.id,
    label: row.label,
    metric: { id: row.metricId, version: row.metricVersion },
    query: row.query as SnapshotQuery,
    asOf: row.asOf.toISOString(),
    result: row.result as PlacementResult,
    createdAt: row.createdAt.toISOString(),
  }
}

function decodeSnapshotCursor(raw: string | undefined): { createdAt: Date; id: string } | undefined {
  if (raw === undefined) return undefined
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { t: string; id: string }
    const createdAt = new Date(v.t)
    if (!Number.isNaN(createdAt.getTime()) && /^[0-9a-f-]{36}$/i.test(v.id)) return { createdAt, id: v.id }
  } catch {
    // fall through
  }
  throw Invalid([
    {
      in: 'query',
      field: '/cursor',
      code: 'cursor',
      message: 'is not a cursor this API issued; start again without it',
    },
  ])
}

export type StatsService = ReturnType<typeof createStatsService>
export type { CellCounts }
