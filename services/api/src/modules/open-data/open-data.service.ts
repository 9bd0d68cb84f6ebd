import {
  irisPlusMappings,
  openDataHeader,
  type OpenDataPackage,
  type OpenDataResourceName,
  type StatsOverview,
} from '@trajectoires/contract'
import { Lru, digest, matchesEtag } from '../stats/stats.cache.js'
import type { StatsRepository } from '../stats/stats.repository.js'
import type { Answer, StatsService } from '../stats/stats.service.js'
import type { OpenDataRepository } from './open-data.repository.js'
import { buildTables, toCsv } from './open-data.tables.js'

/** The package as served: the descriptor and every CSV, computed together from one state of the records. */
interface Built {
  descriptor: string
  csv: Map<OpenDataResourceName, string>
}

const placementQuery = { metric: 'r_positive', basis: 'entrants', checkpoint: 'm6' } as const

/**
 * Open data: the public, suppressed aggregates as a Frictionless Tabular Data Package. Every
 * figure comes from the statistics service with the `public` viewer, whoever asks, so the
 * suppression rules are exactly those of `/stats/placement` and `/stats/overview`.
 */
export function createOpenDataService(deps: {
  stats: StatsService
  statsRepository: StatsRepository
  repository: OpenDataRepository
  now?: () => Date
}) {
  const { stats, statsRepository, repository } = deps
  const now = deps.now ?? (() => new Date())
  const cache = new Lru<Promise<Built>>(4)

  async function build(dataVersion: number): Promise<Built> {
    const placementByCampusYear = await stats.compute({ ...placementQuery, groupBy: ['campus', 'exitYear'] }, 'public')
    const placementByYear = await stats.compute({ ...placementQuery, groupBy: ['exitYear'] }, 'public')
    const employment = { ...placementQuery, metric: 'r_employment' } as const
    const employmentByCampusYear = await stats.compute({ ...employment, groupBy: ['campus', 'exitYear'] }, 'public')
    const employmentByYear = await stats.compute({ ...employment, groupBy: ['exitYear'] }, 'public')
    const overview = JSON.parse((await stats.overview({ viewer: 'public' })).body) as StatsOverview
    const campuses = await repository.campuses()
    const demo = await repository.hasDemoRecords()
    const metrics = [
      await stats.getMetric(placementByYear.metric.id, placementByYear.metric.version),
      await stats.getMetric(employmentByYear.metric.id, employmentByYear.metric.version),
    ]
    const tables = buildTables({
      campuses,
      placementByCampusYear,
      placementByYear,
      employmentByCampusYear,
      employmentByYear,
      overview,
    })

    const descriptor: OpenDataPackage = {
      ...openDataHeader(demo),
      created: now().toISOString(),
      dataVersion,
      view: 'public',
      metrics,
      irisPlus: irisPlusMappings,
      resources: tables.map((t) => ({
        name: t.name,
        path: `open-data/${t.name}.csv`,
        profile: 'tabular-data-resource',
        title: t.title,
        description: t.description,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: { delimiter: ',', lineTerminator: '\r\n', header: true },
        schema: t.schema,
      })),
    }
    return { descriptor: JSON.stringify(descriptor), csv: new Map(tables.map((t) => [t.name, toCsv(t)])) }
  }

  /** The cache key of the package now: the data version, the metric versions and the day (maturity moves). */
  async function state() {
    const versions = await statsRepository.versions()
    const key = JSON.stringify({
      what: 'open-data',
      data: versions.data,
      metrics: versions.metrics,
      day: now().toISOString().slice(0, 10),
    })
    return { key, data: versions.data }
  }

  async function built(key: string, data: number): Promise<Built> {
    let pending = cache.get(key)
    if (!pending) {
      pending = build(data)
      cache.set(key, pending)
      // A failed build is not kept: the next request tries again.
      pending.catch(() => cache.clear())
    }
    return pending
  }

  async function answer(
    part: 'descriptor' | OpenDataResourceName,
    ifNoneMatch: string | string[] | undefined,
  ): Promise<Answer> {
    const { key, data } = await state()
    const etag = `W/"${digest(`${key}|${part}`)}"`
    if (matchesEtag(ifNoneMatch, etag)) return { etag, notModified: true, contentType: '', body: '' }
    const package_ = await built(key, data)
    return part === 'descriptor'
      ? { etag, notModified: false, contentType: 'application/json; charset=utf-8', body: package_.descriptor }
      : { etag, notModified: false, contentType: 'text/csv; charset=utf-8', body: package_.csv.get(part)! }
  }

  return {
    /** `datapackage.json`. */
    descriptor: (ifNoneMatch?: string | string[]) => answer('descriptor', ifNoneMatch),
    /** One CSV file of the package. */
    resource: (name: OpenDataResourceName, ifNoneMatch?: string | string[]) => answer(name, ifNoneMatch),
  }
}

export type OpenDataService = ReturnType<typeof createOpenDataService>
