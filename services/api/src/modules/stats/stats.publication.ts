/**
 * Answers read from a release: placement results, the overview and the funnel, for the public (the
 * protected items only) or for network staff (every item). No database: a release holds all it needs.
 */
import {
  diplomaLevels,
  referrers,
  sexes,
  type FunnelCell,
  type FunnelGroup,
  type FunnelQuery,
  type IntakeProfile,
  type MetricRules,
  type OverviewCampus,
  type OverviewYear,
  type PlacementCell,
  type PlacementGroup,
  type PlacementGroupKey,
  type PlacementResult,
  type StatsDimension,
  type StatsFunnel,
  type StatsOverview,
  type SuppressionReason,
} from '@trajectoires/contract'
import { AppError, NotFound } from '../../lib/errors.js'
import { filtersOf, type NormalizedQuery } from './stats.query.js'
import { cell as fullCell, round, type CellFigures } from './stats.math.js'
import type { Protection } from './stats.protection.js'
import { itemOf, type Cell, type ItemKind, type ReleaseModel } from './stats.release.js'

/** The metrics, basis and checkpoint a release publishes (docs/statistics.md, "The release"). */
export const published = {
  metrics: ['r_positive', 'r_employment', 'r_lasting'] as const,
  basis: 'entrants' as const,
  checkpoint: 'm6' as const,
  queries: [
    'no filter, or exitYear, campusId, campusId + exitYear, cohortId (+ exitYear)',
    'groupBy=exitYear (network or campusId)',
    'groupBy=campus (network or exitYear)',
    'groupBy=campus,exitYear',
    'groupBy=cohort with exitYear (network or campusId), groupBy=cohort,exitYear (network or campusId)',
    'groupBy=sex | qpv | diplomaAtEntry | referrer (network, all years)',
  ],
}
export type PublishedMetric = (typeof published.metrics)[number]

export interface ReleaseMetric {
  id: PublishedMetric
  version: number
  rules: MetricRules
  target: number | null
}

export interface Release {
  id: string
  /** When the figures stand (the records as of then). */
  builtAt: string
  dataVersion: number
  model: ReleaseModel
  protection: Protection
  metrics: Record<PublishedMetric, ReleaseMetric>
  campuses: Array<{ id: string; name: string; status: string; yearlyCapacity: number | null }>
  cohortNames: Map<string, string>
  /** How long each step of the build took (ms): reading the counts, the model, the heuristic, the LP rounds. */
  timings?: { readMs: number; modelMs: number; protectMs: number; auditMs: number; rounds: number }
}

/** A normalised placement query (see stats.service.ts). */
/** A question to the release: the statistics query with its defaults applied. */
export type ReleaseQuery = NormalizedQuery

export function notPublished(reason: string): AppError {
  return new AppError(
    403,
    'not_published',
    `${reason} Public statistics are the cells of one protected release: metrics ${published.metrics.join(', ')}, basis ${published.basis}, checkpoint ${published.checkpoint}, the records as they stand (no asOf, no exitFrom/exitTo but whole years); published breakdowns: ${published.queries.join('; ')}. Network staff can compute any other figure.`,
  )
}

const enumOrder: Partial<Record<StatsDimension, readonly string[]>> = {
  sex: sexes,
  qpv: ['true', 'false', 'unknown'],
  diplomaAtEntry: diplomaLevels,
  referrer: referrers,
}

type View = 'public' | 'network_staff'

/** An item as the viewer sees it: its value, or null when hidden from this viewer. */
function reader(release: Release, view: View) {
  return (cell: Cell, kind: ItemKind): number | null => {
    const it = itemOf(release.model, cell.id, kind)
    if (view === 'public' && (!it || release.protection.hidden[it.index])) return it ? null : 0
    return cell.values[kind] ?? 0
  }
}

/** One cell's figures under a metric, as a viewer sees them. */
function placementCell(release: Release, cell: Cell | undefined, metric: ReleaseMetric, view: View): PlacementCell {
  const get = (k: ItemKind) => cell?.values[k] ?? 0
  const removed = metric.id === 'r_employment' ? get('T') : 0
  const numeratorKind: ItemKind = metric.id === 'r_positive' ? 'Np' : metric.id === 'r_employment' ? 'Ne' : 'Nl'
  const f: CellFigures = {
    population: get('P'),
    excluded: get('X'),
    members: get('D'),
    removed,
    denominator: get('D') - removed,
    numerator: get(numeratorKind),
    unknown: get('U'),
    matured: cell?.matured ?? 0,
  }
  const full = fullCell(f, metric.rules, metric.target)
  if (view === 'network_staff' || !cell) return full
  const see = reader(release, 'public')
  const population = see(cell, 'P')
  const excluded = see(cell, 'X')
  const members = see(cell, 'D')
  const work = metric.id === 'r_employment' ? see(cell, 'T') : 0
  const denominator = members === null || work === null ? null : full.denominator
  const numerator = see(cell, numeratorKind)
  const unknown = see(cell, 'U')
  const rateShown = denominator !== null && numerator !== null
  // Population and exclusions are never published (see stats.protection.ts): not a suppression.
  const hiddenSomething = [denominator, numerator, unknown].some((v) => v === null)
  const reason: SuppressionReason | null = !hiddenSomething
    ? null
    : members === null
      ? 'small_cell'
      : !rateShown && denominator !== null && denominator < metric.rules.suppression.minDenominator
        ? 'small_denominator'
        : 'complementary'
  return {
    ...full,
    population,
    excluded,
    denominator,
    numerator,
    unknown,
    responseRate: rateShown && unknown !== null ? full.responseRate : null,
    rate: rateShown ? full.rate : null,
    ci95: rateShown ? full.ci95 : null,
    bounds: rateShown && unknown !== null ? full.bounds : null,
    gapToTarget: rateShown ? full.gapToTarget : null,
    // How many have passed the checkpoint is published only when it adds nothing: all of them.
    coverage: members !== null && full.maturity === 'final' ? full.coverage : null,
    suppressed: hiddenSomething,
    suppressionReason: reason,
  }
}

const cellAt = (release: Release, id: string) => {
  const i = release.model.cellIndex.get(id)
  return i === undefined ? undefined : release.model.cells[i]
}

/** The cells a query reads: its total and its groups, or a `not_published` refusal. */
export function cellsOf(release: Release, q: ReleaseQuery): { total: Cell | undefined; groups: Cell[] } {
  const cells = release.model.cells
  let scope: string
  if (q.cohortId) {
    if (q.campusId || q.groupBy.length) throw notPublished('A cohort is published alone (with or without exitYear).')
    const years = cells.filter((c) => c.table === 'cohortYear' && c.cohort === q.cohortId)
    if (q.exitYear !== null) return { total: cellAt(release, `K:${q.cohortId}:${q.exitYear}`), groups: [] }
    if (years.length > 1) throw notPublished('This cohort’s members left in several years: add exitYear.')
    return { total: years[0], groups: [] }
  }
  if (q.campusId && q.exitYear !== null) scope = `CY:${q.campusId}:${q.exitYear}`
  else if (q.campusId) scope = `C:${q.campusId}`
  else if (q.exitYear !== null) scope = `Y:${q.exitYear}`
  else scope = 'N'
  const total = cellAt(release, scope)
  const dims = [...q.groupBy].sort().join(',')
  const listed = (pick: (c: Cell) => boolean) => cells.filter((c) => c.listed && pick(c))
  const campus = q.campusId
  const year = q.exitYear
  switch (dims) {
    case '':
      return { total, groups: [] }
    case 'exitYear':
      if (year !== null) break
      return {
        total,
        groups: campus
          ? listed((c) => c.table === 'campusYear' && c.campus === campus)
          : listed((c) => c.table === 'exitYear'),
      }
    case 'campus':
      if (campus) break
      return {
        total,
        groups:
          year !== null
            ? listed((c) => c.table === 'campusYear' && c.year === year)
            : listed((c) => c.table === 'campus' && (c.values.D ?? 0) > 0),
      }
    case 'campus,exitYear':
      if (campus || year !== null) break
      return { total, groups: listed((c) => c.table === 'campusYear') }
    case 'cohort':
      if (year === null) break
      return {
        total,
        groups: listed((c) => c.table === 'cohortYear' && c.year === year && (!campus || c.campus === campus)),
      }
    case 'cohort,exitYear':
      if (year !== null) break
      return { total, groups: listed((c) => c.table === 'cohortYear' && (!campus || c.campus === campus)) }
    case 'diplomaAtEntry':
    case 'qpv':
    case 'referrer':
    case 'sex':
      if (campus || year !== null) break
      return { total, groups: listed((c) => c.table === dims) }
  }
  throw notPublished(`groupBy=${q.groupBy.join(',')} is not published with these filters.`)
}

export function keyOf(
  release: Release,
  cell: Cell,
  groupBy: StatsDimension[],
): { key: PlacementGroupKey; labels: PlacementGroup['labels'] } {
  const key: Record<string, unknown> = {}
  const labels: PlacementGroup['labels'] = {}
  for (const d of groupBy) {
    if (d === 'campus') {
      key.campus = cell.campus
      labels.campus = release.campuses.find((c) => c.id === cell.campus)?.name ?? ''
    } else if (d === 'cohort') {
      key.cohort = cell.cohort
      labels.cohort = release.cohortNames.get(cell.cohort ?? '') ?? ''
    } else if (d === 'exitYear') key.exitYear = cell.year
    else if (d === 'qpv') key.qpv = cell.value === 'true' ? true : cell.value === 'false' ? false : null
    else key[d] = cell.value
  }
  return { key: key as PlacementGroupKey, labels }
}

/** The order of a breakdown's groups: names in French order, years, then each vocabulary's order. */
export function compareGroups(
  a: Pick<PlacementGroup, 'key' | 'labels'>,
  b: Pick<PlacementGroup, 'key' | 'labels'>,
  groupBy: StatsDimension[],
): number {
  for (const d of groupBy) {
    let c: number
    if (d === 'campus' || d === 'cohort') {
      c = (a.labels[d] ?? '').localeCompare(b.labels[d] ?? '', 'fr') || String(a.key[d]).localeCompare(String(b.key[d]))
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

/** Checks that a query asks for release cells, and returns the metric it reads. */
export function releaseMetric(release: Release, q: ReleaseQuery): ReleaseMetric {
  const metric = release.metrics[q.metric as PublishedMetric]
  if (!metric) throw notPublished(`Metric ${q.metric} is not published.`)
  if (q.metricVersion !== metric.version) throw notPublished(`Only the latest version of ${q.metric} is published.`)
  if (q.basis !== published.basis || q.checkpoint !== published.checkpoint)
    throw notPublished(`Basis ${q.basis} at checkpoint ${q.checkpoint} is not published.`)
  if (q.asOf !== null) throw notPublished('Figures as of a past moment are not published.')
  if (q.exitFrom !== null && q.exitYear === null)
    throw notPublished('Exit periods other than whole years are not published.')
  return metric
}

/** An exit period of exactly one calendar year is that year's cell. */
export function wholeYear(q: ReleaseQuery): ReleaseQuery {
  if (q.exitYear !== null || !q.exitFrom || !q.exitTo) return q
  const year = q.exitFrom.slice(0, 4)
  if (q.exitFrom !== `${year}-01-01` || q.exitTo !== `${year}-12-31`) return q
  return { ...q, exitYear: Number(year) }
}

/** A placement result read from a release. */
export function placementFromRelease(release: Release, asked: ReleaseQuery, view: View): PlacementResult {
  const q = wholeYear(asked)
  if (q.campusId && !release.campuses.some((c) => c.id === q.campusId)) throw NotFound('Campus', q.campusId)
  if (q.cohortId && !release.cohortNames.has(q.cohortId)) throw NotFound('Cohort', q.cohortId)
  const metric = releaseMetric(release, q)
  const { total, groups } = cellsOf(release, q)
  const list: PlacementGroup[] = groups.map((c) => ({
    ...keyOf(release, c, q.groupBy),
    ...placementCell(release, c, metric, view),
  }))
  list.sort((a, b) => compareGroups(a, b, q.groupBy))
  return {
    metric: { id: metric.id, version: metric.version },
    basis: 'entrants',
    checkpoint: 'm6',
    asOf: release.builtAt,
    filters: filtersOf(q),
    total: placementCell(release, total, metric, view),
    groups: list,
    release: { id: release.id, builtAt: release.builtAt },
  }
}

/** The overview: campuses, entries and completions by year, intake, and the headline rate. */
export function overviewFromRelease(release: Release, view: View): StatsOverview {
  const see = reader(release, view)
  const metric = release.metrics.r_positive
  const cells = release.model.cells
  const network = cellAt(release, 'N')!
  // Cells by campus (or the network's, under ''), read once: 400 campuses × 90,000 cells otherwise.
  const entriesOf = new Map<string, Cell[]>()
  const exitsOf = new Map<string, Cell[]>()
  for (const c of cells) {
    const into =
      c.table === 'startYear' || c.table === 'networkStartYear'
        ? entriesOf
        : c.table === 'campusYear' || c.table === 'exitYear'
          ? exitsOf
          : undefined
    if (!into) continue
    const key = c.table === 'startYear' || c.table === 'campusYear' ? c.campus! : ''
    const list = into.get(key)
    if (list) list.push(c)
    else into.set(key, [c])
  }
  const yearsOf = (campus: string | null): OverviewYear[] => {
    const entries = entriesOf.get(campus ?? '') ?? []
    const exits = exitsOf.get(campus ?? '') ?? []
    const years = [...new Set([...entries, ...exits].map((c) => c.year!))].sort((a, b) => a - b)
    return years
      .map((y) => {
        const entry = entries.find((c) => c.year === y)
        const exit = exits.find((c) => c.year === y)
        return {
          year: y,
          entrants: entry ? see(entry, 'FC') : 0,
          completions: exit ? see(exit, 'C') : 0,
        }
      })
      .filter((y) => y.entrants !== 0 || y.completions !== 0)
  }
  const share = (c: Cell, k: ItemKind): number | null => {
    const base = see(c, 'FC')
    const n = see(c, k)
    if (base === null || n === null || base === 0) return null
    return round(n / base, metric.rules.decimals)
  }
  const intake = (c: Cell): IntakeProfile => ({
    entrants: see(c, 'FC'),
    qpvResidents: share(c, 'QV'),
    noDiplomaAtEntry: share(c, 'ND'),
    neetAtEntry: share(c, 'NT'),
    women: share(c, 'WO'),
  })
  const status = { planned: 0, open: 0, closed: 0 }
  for (const c of release.campuses) status[c.status as keyof typeof status]++
  const campuses: OverviewCampus[] = release.campuses.map((c) => {
    const cell = cellAt(release, `C:${c.id}`)!
    return {
      campus: { id: c.id, name: c.name, status: c.status },
      yearlyCapacity: c.yearlyCapacity,
      years: yearsOf(c.id),
      intake: intake(cell),
      placement: placementCell(release, cell, metric, view),
    }
  })
  return {
    asOf: release.builtAt,
    metric: { id: metric.id, version: metric.version },
    network: {
      campuses: status,
      yearlyCapacity: release.campuses
        .filter((c) => c.status === 'open')
        .reduce((s, c) => s + (c.yearlyCapacity ?? 0), 0),
      years: yearsOf(null),
      intake: intake(network),
      placement: placementCell(release, network, metric, view),
    },
    campuses,
    release: { id: release.id, builtAt: release.builtAt },
  }
}

/** The funnel by campus and cohort start year. */
export function funnelFromRelease(release: Release, query: FunnelQuery, view: View): StatsFunnel {
  const see = reader(release, view)
  const funnel = (c: Cell | undefined): FunnelCell => {
    if (!c) {
      return {
        applied: 0,
        pastJury: 0,
        enrolled: 0,
        integrationConfirmed: 0,
        completed: 0,
        positiveAtM6: 0,
        suppressed: false,
      }
    }
    const values = {
      applied: see(c, 'FA'),
      pastJury: see(c, 'FJ'),
      enrolled: see(c, 'FE'),
      integrationConfirmed: see(c, 'FC'),
      completed: see(c, 'FD'),
      // The r_positive numerator: by cohort start year for network staff only (for the public it
      // would cross the exit-year tables cohort by cohort); the campus's and network's totals for all.
      positiveAtM6:
        view === 'network_staff' || c.table === 'campus' || c.table === 'network'
          ? placementCell(release, c, release.metrics.r_positive, view).numerator
          : null,
    }
    return { ...values, suppressed: Object.values(values).some((v) => v === null) }
  }
  const campus = query.campusId ?? null
  const year = query.year ?? null
  const groups: FunnelGroup[] = release.model.cells
    .filter(
      (c) =>
        c.table === 'startYear' && c.listed && (!campus || c.campus === campus) && (year === null || c.year === year),
    )
    .map((c) => ({
      key: { campus: c.campus!, year: c.year! },
      labels: { campus: release.campuses.find((x) => x.id === c.campus)?.name ?? '' },
      ...funnel(c),
    }))
  groups.sort((a, b) => (a.labels.campus ?? '').localeCompare(b.labels.campus ?? '', 'fr') || a.key.year - b.key.year)
  const scope =
    campus && year !== null ? `S:${campus}:${year}` : campus ? `C:${campus}` : year !== null ? `SN:${year}` : 'N'
  return {
    asOf: release.builtAt,
    filters: { campusId: campus, year },
    total: funnel(cellAt(release, scope)),
    groups,
    release: { id: release.id, builtAt: release.builtAt },
  }
}
