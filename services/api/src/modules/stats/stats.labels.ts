/**
 * Readable labels for the groups of a breakdown, beside their ids: campus and cohort names come
 * with the figures (from the records or the release); every other dimension's value is named here,
 * in the language asked (French by default). Labels are presentation: they are added to an answer
 * as it goes out, never stored in a snapshot nor compared when one is checked.
 */
import {
  statsValueLabels,
  type PlacementGroup,
  type PlacementGroupLabels,
  type PlacementResult,
  type StatsDimension,
  type StatsLanguage,
} from '@trajectoires/contract'

/** The label of one dimension's value, for the dimensions that carry no name of their own. */
function valueLabel(dimension: StatsDimension, value: unknown, lang: StatsLanguage): string | undefined {
  const labels = statsValueLabels[lang]
  switch (dimension) {
    case 'exitYear':
      return value === null || value === undefined ? undefined : String(value)
    case 'qpv':
      return labels.qpv[value === true ? 'true' : value === false ? 'false' : 'unknown']
    case 'sex':
      return labels.sex[value as keyof typeof labels.sex]
    case 'diplomaAtEntry':
      return labels.diplomaAtEntry[value as keyof typeof labels.diplomaAtEntry]
    case 'referrer':
      return labels.referrer[value as keyof typeof labels.referrer]
    default:
      return undefined
  }
}

/** A group with a label for each of its keys (campus and cohort names kept as they came). */
export function labelGroup<G extends Pick<PlacementGroup, 'key' | 'labels'>>(
  group: G,
  groupBy: readonly StatsDimension[],
  lang: StatsLanguage,
): G {
  const labels: PlacementGroupLabels = { ...group.labels }
  for (const d of groupBy) {
    if (d === 'campus' || d === 'cohort') continue
    const label = valueLabel(d, (group.key as Record<string, unknown>)[d], lang)
    if (label !== undefined) labels[d] = label
  }
  return { ...group, labels }
}

/** A placement result whose every group key has its label, in `lang`. */
export function labelled(result: PlacementResult, lang: StatsLanguage = 'fr'): PlacementResult {
  const groupBy = result.filters.groupBy
  return { ...result, groups: result.groups.map((g) => labelGroup(g, groupBy, lang)) }
}
