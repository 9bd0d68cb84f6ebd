import { isDeepStrictEqual } from 'node:util'
import {
  type FunnelQuery,
  type MetricDefinition,
  type OutcomeMixQuery,
  type MetricRules,
  type PlacementQuery,
  type PlacementResult,
  type Snapshot,
  type SnapshotCheck,
  type SnapshotCreate,
  type SnapshotListQuery,
  type StatsViewer,
} from '@trajectoires/contract'
import { AppError, NotFound } from '../../lib/errors.js'
import type { Executor } from '../../db/client.js'
import { FreshReader } from './stats.cache.js'
import { createAnswerCache, type Answer, type Cached } from './stats.answers.js'
import type { DataVersionWatch } from '../../lib/read-cache.js'
import { toCsv } from './stats.csv.js'
import { labelled } from './stats.labels.js'
import { withResponseBySource } from './stats.sources.js'
import { materialisedObservationRules } from './stats.definitions.js'
import { planOf, sourceOf, type MetricDefinitionRow, type StatsRepository } from './stats.repository.js'
import { releaseMetrics } from './stats.builder.js'
import { createReleaseKeeper, type VersionState } from './stats.releases.js'
import { decodeSnapshotCursor, differences, snapshotQuery, toSnapshot } from './stats.snapshots.js'
import {
  funnelFromRelease,
  notPublished,
  overviewFromRelease,
  placementFromRelease,
  published,
  type PublishedMetric,
  type Release,
  type ReleaseMetric,
} from './stats.publication.js'
import type { StatsDrainer } from './stats.drain.js'
import { mixFromRelease, mixFromResults } from './stats.mix.js'
import { normalizeQuery, type NormalizedQuery } from './stats.query.js'
import { present, toBreakdown } from './stats.present.js'

export type { Answer }

type StatsFormat = 'json' | 'csv'

const day = (moment: Date) => moment.toISOString().slice(0, 10)

/** The release an answer was read from when the public reads it; network staff's answers are not kept for the public. */
const publicOnly = (viewer: StatsViewer, release: Release) => (viewer === 'public' ? release : undefined)

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

interface StatsDeps {
  repository: StatsRepository
  now?: () => Date
  cacheSize?: number
  /** How often the cubes' delta rows are folded, at most (ms). */
  compactEveryMs?: number
  /** Follows the data version through LISTEN: while it can vouch for it, a request asks no database. */
  dataVersion?: DataVersionWatch | undefined
  /** Refreshes what bulk imports left pending (migration 0008) before anything is computed. */
  drainer?: Pick<StatsDrainer, 'ensure' | 'settle'> | undefined
  /**
   * How long a public request waits for a new release after a write before it is answered from the
   * last one (stale-while-revalidate); infinite: always wait (the default, and what tests rely on).
   */
  releaseWaitMs?: number
}

type DefinitionAt = (id: string, version: number, tx?: Executor) => Promise<MetricDefinitionRow>

/**
 * Computes a placement result, every figure (network staff): inside `tx` when given; otherwise a light query (from
 * the cubes, or one cohort) runs on its own, a heavy one in a read-only transaction without JIT.
 */
async function computePlacement(
  ctx: { repository: StatsRepository; now: () => Date; definitionAt: DefinitionAt },
  q: NormalizedQuery,
  strategy: 'auto' | 'facts' | 'exact' = 'auto',
  given?: Executor,
): Promise<PlacementResult> {
  const { repository } = ctx
  const row = await ctx.definitionAt(q.metric, q.metricVersion, given)
  const rules = row.definition as MetricRules
  if (!isDeepStrictEqual(rules.observation.order, materialisedObservationRules.order)) {
    throw new AppError(
      500,
      'internal_error',
      `Metric ${q.metric} v${q.metricVersion} orders observations in a way this version cannot compute.`,
    )
  }
  const target = row.target === null ? null : Number(row.target)
  const computedAt = ctx.now()
  const asOf = q.asOf ? new Date(q.asOf) : null
  const plan = planOf(q, rules, q.groupBy, day(asOf ?? computedAt), strategy)
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
    return present(repository, q, rules, target, breakdown, (asOf ?? computedAt).toISOString(), tx)
  })
}

/** Whether a query stays within campuses the caller keeps the records of (campus staff). */
async function ownScope(
  repository: StatsRepository,
  campusId: string | null,
  cohortId: string | null,
  own: readonly string[] = [],
) {
  if (own.length === 0) return false
  if (campusId)
    return own.includes(campusId) && (cohortId === null || (await repository.cohortCampus(cohortId)) === campusId)
  if (cohortId) {
    const campus = await repository.cohortCampus(cohortId)
    return campus !== undefined && own.includes(campus)
  }
  return false
}

/**
 * What the statistics' operations share: the data version read once per turn (or vouched for by the
 * watch), published definitions kept once read, the answers' cache, the background compaction and
 * the release keeper.
 */
function createStatsContext(deps: StatsDeps) {
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
  const releaseWaitMs = deps.releaseWaitMs ?? Number.POSITIVE_INFINITY
  const definitions = new Map<string, MetricDefinitionRow>()
  const compactEveryMs = deps.compactEveryMs ?? 10 * 60_000
  let lastCompaction = Date.now()
  let compaction: Promise<unknown> | undefined

  /** A definition at a version; published versions never change, so they are kept once read. */
  const definitionAt: DefinitionAt = async (id, version, tx) => {
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

  async function metricsOf(metrics: Record<string, number>): Promise<Record<PublishedMetric, ReleaseMetric>> {
    const rows = {} as Record<PublishedMetric, MetricDefinitionRow>
    for (const id of published.metrics) {
      const version = metrics[id]
      if (version === undefined) throw NotFound('Metric', id)
      rows[id] = await definitionAt(id, version)
    }
    return releaseMetrics(rows)
  }

  const releases = createReleaseKeeper({ repository, now, releaseWaitMs, metricsOf, fresh })
  const answers = createAnswerCache(deps.cacheSize ?? 500)
  const ctx = { repository, now, definitionAt }
  return {
    ...ctx,
    drainer: deps.drainer,
    releaseWaitMs,
    answers,
    releases,
    currentState,
    fresh,
    normalize: (query: Parameters<typeof normalizeQuery>[0], metrics: Record<string, number>) =>
      normalizeQuery(query, metrics, now),
    compute: (q: NormalizedQuery, strategy: 'auto' | 'facts' | 'exact' = 'auto', given?: Executor) =>
      computePlacement(ctx, q, strategy, given),
    ownScope: (campusId: string | null, cohortId: string | null, own?: readonly string[]) =>
      ownScope(repository, campusId, cohortId, own),
    releaseFor: (state: VersionState) => releases.releaseFor(state),
    releaseAt: (state: VersionState, asOf: Date) => releases.releaseAt(state, asOf),

    /** Folds the cubes' delta rows now and then, in the background. */
    maybeCompact() {
      if (compaction || Date.now() - lastCompaction < compactEveryMs) return
      lastCompaction = Date.now()
      compaction = repository
        .compact()
        .catch(() => undefined)
        .finally(() => {
          compaction = undefined
        })
    },

    /** Waits for a background compaction and a release build, before the database closes. */
    async close(): Promise<void> {
      await compaction
      await releases.settled()
    },

    publicReleaseNow: () => releases.publicReleaseNow(watch, lastState),

    clear() {
      answers.clear()
      definitions.clear()
      releases.forget()
    },
  }
}

type StatsContext = ReturnType<typeof createStatsContext>

const json = (result: unknown): Cached => ({
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(result),
})

/** `GET /stats/placement`, as JSON or CSV, through the cache. */
async function placement(
  ctx: StatsContext,
  query: PlacementQuery,
  options: {
    viewer: StatsViewer
    format: StatsFormat
    ifNoneMatch?: string | string[] | undefined
    /** Campus staff: figures of these campuses alone are theirs to see whole. */
    ownCampuses?: readonly string[]
  },
): Promise<Answer> {
  const { repository, now } = ctx
  const state = await ctx.currentState()
  const q = ctx.normalize(query, state.metrics)
  if (options.viewer === 'public' && (await ctx.ownScope(q.campusId, q.cohortId, options.ownCampuses))) {
    options = { ...options, viewer: 'network_staff' }
  }
  const bySource = query.responseBySource === true
  if (bySource && options.viewer === 'public') throw notPublished('The response rate by source is not published.')
  const key = {
    what: 'placement',
    data: state.data,
    q,
    viewer: options.viewer,
    format: options.format,
    lang: query.lang ?? 'fr',
    bySource,
    // Maturity moves with the calendar when the figures are as of now.
    day: q.asOf ? null : day(now()),
  }
  const release = options.viewer === 'public' ? await ctx.releaseFor(state) : undefined
  if (release) Object.assign(key, { data: release.id })
  const meta = release
    ? { dataVersion: release.dataVersion, updating: release.dataVersion < state.data, release: release.id }
    : { dataVersion: state.data, updating: false }
  const produce = async (): Promise<Cached> => {
    // The split is JSON only: CSV rows are the total and the groups.
    const computed = () =>
      bySource && options.format === 'json'
        ? repository.read(async (tx) => {
            const rules = (await ctx.definitionAt(q.metric, q.metricVersion, tx)).definition as MetricRules
            const deps = { repository, rules, query: q, day: day(q.asOf ? new Date(q.asOf) : now()) }
            return withResponseBySource(await ctx.compute(q, 'auto', tx), deps, tx)
          })
        : ctx.compute(q)
    const result = labelled(release ? placementFromRelease(release, q, 'public') : await computed(), query.lang)
    ctx.maybeCompact()
    return options.format === 'csv' ? { contentType: 'text/csv; charset=utf-8', body: toCsv(result) } : json(result)
  }
  // Network staff compute from the facts and cubes: an import's refresh still pending after the
  // wait leaves them with the last answer to the question rather than waiting for all of it.
  // (A release was built after its own refresh; `asOf` reads the records, not the facts.)
  if (!release && q.asOf === null && !ctx.answers.has(key) && ctx.drainer) {
    if (!(await ctx.drainer.settle(ctx.releaseWaitMs)))
      return ctx.answers.whileUpdating(key, options.ifNoneMatch, produce, state.data)
  }
  if (release) return ctx.answers.answer(key, options.ifNoneMatch, produce, meta)
  return ctx.answers.answerKeepingLast(key, options.ifNoneMatch, produce, meta)
}

/** An answer read from the current release alone (the overview, the funnel). */
async function fromRelease(
  ctx: StatsContext,
  { what, ...question }: { what: string } & Record<string, unknown>,
  options: { viewer: StatsViewer; ifNoneMatch?: string | string[] | undefined },
  state: VersionState,
  release: Release,
  result: () => unknown,
): Promise<Answer> {
  const meta = {
    dataVersion: release.dataVersion,
    updating: release.dataVersion < state.data,
    release: publicOnly(options.viewer, release)?.id,
  }
  return ctx.answers.answer(
    // The key's fields in the order they always had: the ETag is a digest of it.
    { what, release: release.id, ...question, viewer: options.viewer },
    options.ifNoneMatch,
    async () => json(result()),
    meta,
  )
}

/**
 * `GET /stats/outcome-mix`: the situations of a population in counts that add up. Read from the
 * release for the public (stats.mix.ts); for network staff (and campus staff on their campus)
 * from the three placement figures computed in one transaction.
 */
async function outcomeMix(
  ctx: StatsContext,
  query: OutcomeMixQuery,
  options: { viewer: StatsViewer; ifNoneMatch?: string | string[] | undefined; ownCampuses?: readonly string[] },
): Promise<Answer> {
  const state = await ctx.currentState()
  const { lang, ...filters } = query
  const q = ctx.normalize({ ...filters, metric: 'r_positive' }, state.metrics)
  let viewer = options.viewer
  if (viewer === 'public' && (await ctx.ownScope(q.campusId, q.cohortId, options.ownCampuses))) viewer = 'network_staff'
  const release = viewer === 'public' ? await ctx.releaseFor(state) : undefined
  const key = {
    what: 'outcome-mix',
    data: release ? release.id : state.data,
    q,
    viewer,
    lang: lang ?? 'fr',
    day: q.asOf ? null : day(ctx.now()),
  }
  const meta = release
    ? { dataVersion: release.dataVersion, updating: release.dataVersion < state.data, release: release.id }
    : { dataVersion: state.data, updating: false }
  return ctx.answers.answer(
    key,
    options.ifNoneMatch,
    async () => {
      const result = release
        ? mixFromRelease(release, q, lang)
        : await ctx.repository.read(async (tx) => {
            const [positive, employment, lasting] = [
              await ctx.compute(q, 'auto', tx),
              await ctx.compute(ctx.normalize({ ...filters, metric: 'r_employment' }, state.metrics), 'auto', tx),
              await ctx.compute(ctx.normalize({ ...filters, metric: 'r_lasting' }, state.metrics), 'auto', tx),
            ]
            return mixFromResults(labelled(positive, lang), employment, lasting)
          })
      return json(result)
    },
    meta,
  )
}

/**
 * Freezes a published figure: a cell of the release as the records stood at `asOf` (default: the
 * current release), always the public view.
 */
async function createSnapshot(ctx: StatsContext, input: SnapshotCreate): Promise<Snapshot> {
  const state = await ctx.currentState()
  const q = ctx.normalize({ ...input.query }, state.metrics)
  const release = input.asOf ? await ctx.releaseAt(state, new Date(input.asOf)) : await ctx.releaseFor(state)
  const result = placementFromRelease(release, q, 'public')
  q.asOf = release.builtAt
  const row = await ctx.repository.insertSnapshot({
    label: input.label.trim(),
    metricId: q.metric,
    metricVersion: q.metricVersion,
    query: snapshotQuery(q),
    asOf: new Date(q.asOf!),
    result,
  })
  return toSnapshot(row)
}

/** A snapshot, recomputed at its `asOf` with its definition version, and whether they agree. */
async function checkSnapshot(ctx: StatsContext, id: string): Promise<SnapshotCheck> {
  const row = await ctx.repository.snapshot(id)
  if (!row) throw NotFound('Snapshot', id)
  const snapshot = toSnapshot(row)
  const state = await ctx.currentState()
  const q = ctx.normalize({ ...snapshot.query, metricVersion: row.metricVersion }, state.metrics)
  const release = await ctx.releaseAt(state, new Date(snapshot.asOf))
  const recomputed = labelled(placementFromRelease(release, q, 'public'))
  // The figures are compared, not which release they were read from.
  recomputed.release = snapshot.result.release ?? recomputed.release
  if (!snapshot.result.release) delete recomputed.release
  const diff = differences(snapshot.result, recomputed)
  return { ...snapshot, recomputed, matches: diff.length === 0, differences: diff }
}

async function listSnapshots(
  repository: StatsRepository,
  query: SnapshotListQuery,
): Promise<{ items: Snapshot[]; nextCursor: string | null }> {
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
}

export function createStatsService(deps: StatsDeps) {
  const { repository } = deps
  const ctx = createStatsContext(deps)
  type Options = { viewer: StatsViewer; ifNoneMatch?: string | string[] | undefined; ownCampuses?: readonly string[] }

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

    placement: (query: PlacementQuery, options: Parameters<typeof placement>[2]) => placement(ctx, query, options),

    /**
     * A placement result without the cache: read from the current release for the public, computed
     * (with a forced source, for tests and measurements) for network staff.
     */
    async compute(
      query: Parameters<typeof normalizeQuery>[0],
      viewer: StatsViewer,
      strategy: 'auto' | 'facts' | 'exact' = 'auto',
    ): Promise<PlacementResult> {
      const state = await ctx.currentState()
      const q = ctx.normalize(query, state.metrics)
      if (viewer === 'public') return placementFromRelease(await ctx.releaseFor(state), q, 'public')
      await ctx.fresh()
      return ctx.compute(q, strategy)
    },

    /** The current release (built when the data version or the day changed). */
    async release(): Promise<Release> {
      return ctx.releaseFor(await ctx.currentState())
    },

    /** Builds a release now, as the records stand or stood (`asOf`), without caching it: for audits. */
    async buildRelease(options: { asOf?: Date | null; secondary?: boolean } = {}): Promise<Release> {
      return ctx.releases.buildNow(await ctx.currentState(), options)
    },

    async overview(options: { viewer: StatsViewer; ifNoneMatch?: string | string[] | undefined }): Promise<Answer> {
      const state = await ctx.currentState()
      const release = await ctx.releaseFor(state)
      return fromRelease(ctx, { what: 'overview' }, options, state, release, () =>
        overviewFromRelease(release, options.viewer),
      )
    },

    async funnel(query: FunnelQuery, options: Options): Promise<Answer> {
      if (options.viewer === 'public' && (await ctx.ownScope(query.campusId ?? null, null, options.ownCampuses))) {
        options = { ...options, viewer: 'network_staff' }
      }
      const state = await ctx.currentState()
      const release = await ctx.releaseFor(state)
      if (query.campusId && !release.campuses.some((c) => c.id === query.campusId))
        throw NotFound('Campus', query.campusId)
      return fromRelease(ctx, { what: 'funnel', query }, options, state, release, () =>
        funnelFromRelease(release, query, options.viewer),
      )
    },

    outcomeMix: (query: OutcomeMixQuery, options: Options) => outcomeMix(ctx, query, options),
    createSnapshot: (input: SnapshotCreate) => createSnapshot(ctx, input),
    checkSnapshot: (id: string) => checkSnapshot(ctx, id),
    listSnapshots: (query: SnapshotListQuery) => listSnapshots(repository, query),

    /** Waits for a background compaction and a release build, before the database closes. */
    close: () => ctx.close(),

    /**
     * The id of the release a public request would be answered from now, when that is known without
     * waiting (the data version vouched for by the watch, the release built for it and for today);
     * otherwise undefined, and the request goes through the route.
     */
    publicReleaseNow: (): string | undefined => ctx.publicReleaseNow(),

    /** For tests: forget cached answers, definitions and the release. */
    clearCache: () => ctx.clear(),
  }
}

export type StatsService = ReturnType<typeof createStatsService>
