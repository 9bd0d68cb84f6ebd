import type { PlacementCell } from '@trajectoires/contract'

export const outcomeMixParts = ['lasting', 'otherEmployment', 'workStudyTraining', 'notPlaced', 'unknown'] as const
export type OutcomeMixPart = (typeof outcomeMixParts)[number]

/** Situations six months after exit, in people; null where the API withheld a count. */
export interface OutcomeMix {
  counts: Record<OutcomeMixPart, number | null>
  /** People counted (the r_positive denominator); null when withheld. */
  total: number | null
}

const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b)

/**
 * The outcome mix of one population from its three published rates (same filters, same checkpoint):
 * lasting employment = r_lasting numerator; other employment = r_employment numerator − lasting;
 * work-study or training = r_positive numerator − r_employment numerator; unknown = r_positive unknown;
 * job seeking or inactive = the rest of the r_positive denominator. Any withheld input withholds what
 * depends on it.
 */
export function outcomeMix(positive: PlacementCell, employment: PlacementCell, lasting: PlacementCell): OutcomeMix {
  const positiveNumerator = positive.numerator
  const employed = employment.numerator
  const lastingCount = lasting.numerator
  return {
    total: positive.denominator,
    counts: {
      lasting: lastingCount,
      otherEmployment: minus(employed, lastingCount),
      workStudyTraining: minus(positiveNumerator, employed),
      notPlaced: minus(minus(positive.denominator, positiveNumerator), positive.unknown),
      unknown: positive.unknown,
    },
  }
}

/** True when every part of the mix is published. */
export const isComplete = (mix: OutcomeMix) =>
  mix.total !== null && mix.total > 0 && outcomeMixParts.every((part) => mix.counts[part] !== null)
