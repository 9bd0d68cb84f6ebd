import type { OutcomeMixCell } from '@trajectoires/contract'
import { outcomeMixParts, type OutcomeMixPart } from '@trajectoires/contract/vocabulary'

export { outcomeMixParts, type OutcomeMixPart }

/** One stretch of a bar: one situation, or neighbouring ones whose counts are only published together. */
export interface OutcomeMixBand {
  parts: readonly OutcomeMixPart[]
  count: number
}

/** Situations six months after exit, in people; null where the API withheld a count. */
export interface OutcomeMix {
  counts: Record<OutcomeMixPart, number | null>
  /** People counted (the r_positive denominator); null when withheld. */
  total: number | null
  /** The bar as the API publishes it, adding up to `total`; empty when the total is withheld. */
  bands: OutcomeMixBand[]
}

/**
 * The mix of one population as the API counts it (`GET /stats/outcome-mix`): nothing is worked out
 * here. (Subtracting three placement answers, as the page once did, gives parts that do not add up
 * as soon as the answers come from two releases, and withholds more than needed.)
 */
export function outcomeMix(cell: OutcomeMixCell): OutcomeMix {
  return {
    total: cell.total,
    counts: {
      lasting: cell.lasting,
      otherEmployment: cell.otherEmployment,
      workStudyTraining: cell.workStudyTraining,
      notPlaced: cell.notPlaced,
      unknown: cell.unknown,
    },
    bands: cell.bands,
  }
}

/**
 * True when the bar can be drawn: a total, and bands that add up to it, at least two (one band of all
 * five situations is the total alone: it says nothing about where people went, so it is not drawn).
 */
export const isDrawn = (mix: OutcomeMix) =>
  mix.total !== null &&
  mix.total > 0 &&
  mix.bands.length > 1 &&
  mix.bands.reduce((sum, band) => sum + band.count, 0) === mix.total

/** True when every part of the mix is published on its own. */
export const isComplete = (mix: OutcomeMix) =>
  isDrawn(mix) && outcomeMixParts.every((part) => mix.counts[part] !== null)

/** A band's name, the same for the same parts: `lasting+otherEmployment`. */
export const bandKey = (band: { parts: readonly OutcomeMixPart[] }) => band.parts.join('+')

/**
 * The kinds of band that the rows use, in the order they stack: by first part, then by length. A
 * row's bands are consecutive and disjoint, so drawing these in this order stacks every row right.
 */
export function bandKinds(mixes: OutcomeMix[]): (readonly OutcomeMixPart[])[] {
  const kinds = new Map<string, readonly OutcomeMixPart[]>()
  for (const part of outcomeMixParts) kinds.set(part, [part])
  for (const mix of mixes) for (const band of mix.bands) kinds.set(bandKey(band), band.parts)
  const at = (part: OutcomeMixPart) => outcomeMixParts.indexOf(part)
  return [...kinds.values()].sort((a, b) => at(a[0]!) - at(b[0]!) || a.length - b.length)
}
