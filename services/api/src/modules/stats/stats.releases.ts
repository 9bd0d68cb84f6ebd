/**
 * The release's life in the service: which release answers now, when the next one is built (one at
 * a time, by the first request that needs it), how long a request waits for it before the last one
 * answers (stale-while-revalidate), and whether a public request can be told without waiting that
 * the release it would get is the one that stands (`publicReleaseNow`, for the public store).
 * Building one is stats.builder.ts; reading answers from one is stats.publication.ts.
 */
import type { DataVersionWatch } from '../../lib/read-cache.js'
import { buildRelease } from './stats.builder.js'
import type { PublishedMetric, Release, ReleaseMetric } from './stats.publication.js'
import type { StatsRepository } from './stats.repository.js'

/** The data version and the latest version of every metric: what a release is built for. */
export interface VersionState {
  data: number
  metrics: Record<string, number>
}

/** Releases of more items than this are served without their relations (see `startBuild`). */
const servedWhole = 200_000

const day = (moment: Date) => moment.toISOString().slice(0, 10)

export function createReleaseKeeper(deps: {
  repository: StatsRepository
  now: () => Date
  /** How long a request waits for a new release before the last one answers; infinite: always wait. */
  releaseWaitMs: number
  /** The published metrics' definitions at the versions of a state. */
  metricsOf: (metrics: Record<string, number>) => Promise<Record<PublishedMetric, ReleaseMetric>>
  /** Facts and cubes up to date with every committed write. */
  fresh: () => Promise<void>
}) {
  const { repository, now, releaseWaitMs } = deps
  const metricKeys = new WeakMap<object, string>()
  /** The last release built, and what it was built for. */
  let ready: { key: string; release: Release } | undefined
  /** The release being built (one at a time), and what for. */
  let building: { key: string; release: Promise<Release> } | undefined
  /** The last release `publicReleaseNow` vouched for, with the state and the day it holds for. */
  let servedToday: { ready: object; state: object; from: number; until: number } | undefined

  /** What a release is built for: the data version, the day (maturity moves with the calendar), the metric versions. */
  function releaseKey(state: VersionState, moment: Date): string {
    let metrics = metricKeys.get(state)
    if (metrics === undefined) metricKeys.set(state, (metrics = JSON.stringify(state.metrics)))
    return `${state.data}|${day(moment)}|${metrics}`
  }

  /** Builds a release for a state, as the records stand (`asOf` null) or stood. */
  async function build(state: VersionState, moment: Date, asOf: Date | null, secondary = true): Promise<Release> {
    await deps.fresh()
    return buildRelease({
      repository,
      metrics: await deps.metricsOf(state.metrics),
      dataVersion: state.data,
      moment,
      asOf,
      secondary,
    })
  }

  /** Starts building the release for `key` once the build under way (if any) is over. */
  function startBuild(key: string, state: VersionState, moment: Date) {
    const before = building?.release.catch(() => undefined)
    const release = (async () => {
      await before
      return build(state, moment, null)
    })()
    building = { key, release }
    release.then(
      (built) => {
        // Answers read cells and hidden flags only: a large release served for hours does not keep
        // its relations and sensitive list (half its heap at 1,000,000 enrolments, which every
        // full garbage collection would mark again). `stats:audit` builds its own, whole.
        if (built.model.items.length > servedWhole) {
          built.model.relations = []
          built.protection.sensitive = []
        }
        // A release of an older data version never replaces a newer one.
        if (!ready || built.dataVersion >= ready.release.dataVersion) ready = { key, release: built }
        if (building?.release === release) building = undefined
      },
      () => {
        if (building?.release === release) building = undefined
      },
    )
    return release
  }

  return {
    /**
     * The release for the data version and the day: built once, by the first request that needs
     * it, one build at a time. While a new one is built, requests wait for it up to
     * `releaseWaitMs`, then are answered from the last release (its id names its data version): the
     * public never waits for a build longer than that once a release exists.
     */
    releaseFor(state: VersionState): Promise<Release> {
      const moment = now()
      const key = releaseKey(state, moment)
      if (ready?.key === key) return Promise.resolve(ready.release)
      const next = building?.key === key ? building.release : startBuild(key, state, moment)
      const last = ready?.release
      if (!last || releaseWaitMs === Number.POSITIVE_INFINITY) return next
      let timer: NodeJS.Timeout | undefined
      const stale = new Promise<Release>((resolve) => {
        timer = setTimeout(() => resolve(last), releaseWaitMs)
      })
      return Promise.race([next.catch(() => last), stale]).finally(() => clearTimeout(timer))
    },

    /** A release as the records stood at a moment (snapshots): observations resolved at read time. */
    releaseAt(state: VersionState, asOf: Date): Promise<Release> {
      return build(state, now(), asOf)
    },

    /** Builds a release now, without keeping it: for audits. */
    buildNow(state: VersionState, options: { asOf?: Date | null; secondary?: boolean } = {}): Promise<Release> {
      return build(state, now(), options.asOf ?? null, options.secondary ?? true)
    },

    /**
     * The id of the release a public request would be answered from now, when that is known without
     * waiting (the data version vouched for by the watch, the release built for it and for today);
     * otherwise undefined.
     */
    publicReleaseNow(watch: DataVersionWatch | undefined, state: VersionState | undefined): string | undefined {
      if (!watch?.trusted || !ready || state === undefined || state.data !== watch.version) return undefined
      // Asked on every public request the store answers: the key's check is remembered for the day.
      const t = now().getTime()
      const known = servedToday
      if (known?.ready === ready && known.state === state && t >= known.from && t < known.until) {
        return ready.release.id
      }
      const moment = new Date(t)
      if (ready.key !== releaseKey(state, moment)) return undefined
      const from = Date.UTC(moment.getUTCFullYear(), moment.getUTCMonth(), moment.getUTCDate())
      servedToday = { ready, state, from, until: from + 86_400_000 }
      return ready.release.id
    },

    /** Waits for the build under way, if any. */
    async settled(): Promise<void> {
      await building?.release.catch(() => undefined)
    },

    /** For tests: forget the release. */
    forget() {
      ready = undefined
    },
  }
}
