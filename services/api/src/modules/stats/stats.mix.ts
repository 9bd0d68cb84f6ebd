/**
 * The outcome mix: where the members of a population were at the checkpoint, in five categories that
 * add up to the members counted (lasting employment, other employment, work-study or training, job
 * seeking or inactive, unknown). For the public the counts are read from the release's cells alone:
 * each is an item of the cell, or the difference of two or three of its items (other employment =
 * Ne − Nl, not placed = D − Np − U), and null as soon as one of them is hidden. Where a category is
 * withheld, its `bands` merge it with a neighbour whose sum is published (lasting and other
 * employment = Ne when Nl is hidden; not placed and unknown = D − Np when U is), so that the bar of
 * a population still reaches its total. Every count there is a published item or the difference of
 * two: a reader can work it out from the release anyway, so the mix tells nobody anything new.
 * Network staff get the counts of figures computed on demand.
 */
import {
  outcomeMixParts,
  type OutcomeMixBand,
  type OutcomeMixCell,
  type OutcomeMixGroup,
  type OutcomeMixResult,
  type PlacementCell,
  type PlacementGroup,
  type PlacementResult,
  type StatsLanguage,
} from '@trajectoires/contract'
import { labelGroup } from './stats.labels.js'
import {
  cellsOf,
  compareGroups,
  keyOf,
  releaseMetric,
  wholeYear,
  type Release,
  type ReleaseQuery,
} from './stats.publication.js'
import { NotFound } from '../../lib/errors.js'
import { filtersOf } from './stats.query.js'
import { itemOf, type Cell, type ItemKind } from './stats.release.js'

const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b)

type MixCounts = Omit<OutcomeMixCell, 'suppressed' | 'bands'>

/**
 * The bands of a mix from its running totals: `upTo[k]` is the number of members in the first k
 * categories (`outcomeMixParts` order), null where it is not published; `upTo[0]` is 0 and
 * `upTo[5]` the total. Each band runs from one published running total to the next.
 */
function bandsOf(upTo: readonly (number | null)[]): OutcomeMixBand[] {
  const total = upTo[outcomeMixParts.length]
  if (total === null || total === undefined || total === 0) return []
  const bands: OutcomeMixBand[] = []
  let from = 0
  for (let k = 1; k <= outcomeMixParts.length; k++) {
    const here = upTo[k]
    if (here === null || here === undefined) continue
    bands.push({ parts: outcomeMixParts.slice(from, k), count: here - (upTo[from] as number) })
    from = k
  }
  return bands
}

/** The running totals of the five counts, where each is known. */
function runningTotals(counts: MixCounts): (number | null)[] {
  const upTo: (number | null)[] = [0]
  for (const part of outcomeMixParts) {
    const before = upTo[upTo.length - 1] ?? null
    const count = counts[part]
    upTo.push(before === null || count === null ? null : before + count)
  }
  upTo[outcomeMixParts.length] = counts.total
  return upTo
}

function mixCell(counts: MixCounts, upTo: (number | null)[] = runningTotals(counts)): OutcomeMixCell {
  const withheld = outcomeMixParts.some((part) => counts[part] === null) || counts.total === null
  return { ...counts, suppressed: withheld, bands: bandsOf(upTo) }
}

/** One cell's mix as the public sees it: its items, null where the release hides one they need. */
function publicMix(release: Release, cell: Cell | undefined): OutcomeMixCell {
  if (!cell)
    return mixCell({ lasting: 0, otherEmployment: 0, workStudyTraining: 0, notPlaced: 0, unknown: 0, total: 0 })
  const see = (kind: ItemKind): number | null => {
    const item = itemOf(release.model, cell.id, kind)
    if (!item) return 0
    return release.protection.hidden[item.index] ? null : item.value
  }
  const members = see('D')
  const positive = see('Np')
  const employed = see('Ne')
  const lasting = see('Nl')
  const unknown = see('U')
  const counts = {
    lasting,
    otherEmployment: minus(employed, lasting),
    workStudyTraining: see('T'),
    notPlaced: minus(minus(members, positive), unknown),
    unknown,
    total: members,
  }
  // Running totals: lasting, employed, positive (employed + work-study or training), members − unknown.
  return mixCell(counts, [0, lasting, employed, positive, minus(members, unknown), members])
}

/** The mix of a population read from the release (the public view), groups as `GET /stats/placement` lists them. */
export function mixFromRelease(release: Release, asked: ReleaseQuery, lang: StatsLanguage = 'fr'): OutcomeMixResult {
  const q = wholeYear({ ...asked, metric: 'r_positive', metricVersion: release.metrics.r_positive.version })
  if (q.campusId && !release.campuses.some((c) => c.id === q.campusId)) throw NotFound('Campus', q.campusId)
  if (q.cohortId && !release.cohortNames.has(q.cohortId)) throw NotFound('Cohort', q.cohortId)
  releaseMetric(release, q)
  const { total, groups } = cellsOf(release, q)
  const list = groups
    .map((cell) => labelGroup({ ...keyOf(release, cell, q.groupBy), ...publicMix(release, cell) }, q.groupBy, lang))
    .sort((a, b) => compareGroups(a, b, q.groupBy))
  return {
    basis: 'entrants',
    checkpoint: 'm6',
    asOf: release.builtAt,
    filters: filtersOf(q),
    total: publicMix(release, total),
    groups: list,
    release: { id: release.id, builtAt: release.builtAt },
  }
}

/**
 * One population's mix from its three placement figures computed on demand (network staff, nothing
 * withheld): the same query under `r_positive`, `r_employment` and `r_lasting`.
 */
function computedMix(positive: PlacementCell, employment: PlacementCell, lasting: PlacementCell): OutcomeMixCell {
  const placed = positive.numerator
  const employed = employment.numerator
  return mixCell({
    lasting: lasting.numerator,
    otherEmployment: minus(employed, lasting.numerator),
    workStudyTraining: minus(placed, employed),
    notPlaced: minus(minus(positive.denominator, placed), positive.unknown),
    unknown: positive.unknown,
    total: positive.denominator,
  })
}

/** The mix of the three results of one query (computed for network staff), by group. */
export function mixFromResults(
  positive: PlacementResult,
  employment: PlacementResult,
  lasting: PlacementResult,
): OutcomeMixResult {
  const key = (group: PlacementGroup) => JSON.stringify(group.key)
  const employmentGroups = new Map(employment.groups.map((g) => [key(g), g]))
  const lastingGroups = new Map(lasting.groups.map((g) => [key(g), g]))
  const groups: OutcomeMixGroup[] = positive.groups.flatMap((group) => {
    const e = employmentGroups.get(key(group))
    const l = lastingGroups.get(key(group))
    if (!e || !l) return []
    return [{ key: group.key, labels: group.labels, ...computedMix(group, e, l) }]
  })
  return {
    basis: positive.basis,
    checkpoint: positive.checkpoint,
    asOf: positive.asOf,
    filters: positive.filters,
    total: computedMix(positive.total, employment.total, lasting.total),
    groups,
  }
}
