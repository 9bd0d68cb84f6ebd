import type { OutcomeMixCell } from '@trajectoires/contract'

export const outcomeMixParts = ['lasting', 'otherEmployment', 'workStudyTraining', 'notPlaced', 'unknown'] as const
export type OutcomeMixPart = (typeof outcomeMixParts)[number]

/** Situations six months after exit, in people; null where the API withheld a count. */
export interface OutcomeMix {
  counts: Record<OutcomeMixPart, number | null>
  /** People counted (the r_positive denominator); null when withheld. */
  total: number | null
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
  }
}

/** True when every part of the mix is published. */
export const isComplete = (mix: OutcomeMix) =>
  mix.total !== null && mix.total > 0 && outcomeMixParts.every((part) => mix.counts[part] !== null)
