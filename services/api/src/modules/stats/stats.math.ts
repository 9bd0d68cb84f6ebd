/**
 * The arithmetic of a placement result, as pure functions: rates, Wilson intervals, unknown bounds,
 * maturity. No database, no HTTP; suppression comes after (stats.suppression.ts).
 */
import type { MetricRules, OutcomeCategory, PlacementCell, RateInterval } from '@trajectoires/contract'
import { addDays, addMonths } from '@trajectoires/contract/rules'

/** Counts of one cell, as aggregated from the population. */
export interface CellCounts {
  /** Members of the population (excluded ones included). */
  population: number
  excluded: number
  /** Members (excluded ones aside) past their checkpoint date plus the grace days. */
  matured: number
  /** Members (excluded ones aside) by outcome category. */
  categories: Partial<Record<OutcomeCategory, number>>
}

/** The derived counts of a cell under a metric's rules. */
export interface CellFigures {
  population: number
  excluded: number
  members: number
  /** Members taken out of the denominator (work-study and training for an employment rate). */
  removed: number
  denominator: number
  numerator: number
  unknown: number
  matured: number
}

export const emptyCounts = (): CellCounts => ({ population: 0, excluded: 0, matured: 0, categories: {} })

const sum = (counts: CellCounts, categories: readonly string[]) =>
  categories.reduce((total, c) => total + (counts.categories[c as OutcomeCategory] ?? 0), 0)

export function figures(counts: CellCounts, rules: MetricRules): CellFigures {
  const members = counts.population - counts.excluded
  const removed = sum(counts, rules.removedFromDenominator)
  return {
    population: counts.population,
    excluded: counts.excluded,
    members,
    removed,
    denominator: members - removed,
    numerator: sum(counts, rules.numerator),
    unknown: sum(counts, rules.unknown.categories),
    matured: counts.matured,
  }
}

export const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals
  // Rounds half away from zero on the decimal value, not on its binary approximation (0.8125 → 0.813).
  return Math.round((value + Math.sign(value) * Number.EPSILON) * factor) / factor
}

/**
 * Wilson score interval of `successes` out of `trials`, at the normal quantile `z`
 * (1.959964 for 95%). Unlike the textbook ±z·√(p(1−p)/n), it stays inside [0, 1] and is not empty
 * at 0/n or n/n.
 */
export function wilson(successes: number, trials: number, z: number): { low: number; high: number } {
  if (trials <= 0) throw new Error('wilson: trials must be positive')
  const p = successes / trials
  const z2 = z * z
  const denominator = 1 + z2 / trials
  const centre = (p + z2 / (2 * trials)) / denominator
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) }
}

/** The full cell, as network staff see it (no suppression). */
export function cell(f: CellFigures, rules: MetricRules, target: number | null): PlacementCell {
  const decimals = rules.decimals
  const r = (v: number) => round(v, decimals)
  const counted = f.denominator > 0
  const rate = counted ? f.numerator / f.denominator : null
  const interval = counted ? wilson(f.numerator, f.denominator, rules.interval.z) : null
  const ci95: RateInterval | null = interval ? { low: r(interval.low), high: r(interval.high) } : null
  return {
    population: f.population,
    excluded: f.excluded,
    denominator: f.denominator,
    numerator: f.numerator,
    unknown: f.unknown,
    responseRate: counted ? r((f.denominator - f.unknown) / f.denominator) : null,
    rate: rate === null ? null : r(rate),
    ci95,
    bounds:
      rate === null
        ? null
        : { noUnknownPlaced: r(rate), allUnknownPlaced: r((f.numerator + f.unknown) / f.denominator) },
    maturity: f.matured >= f.members ? 'final' : 'provisional',
    coverage: f.members > 0 ? r(f.matured / f.members) : null,
    suppressed: false,
    suppressionReason: null,
    target,
    gapToTarget: rate === null || target === null ? null : r(rate - target),
  }
}

export const firstOfMonth = (date: string) => `${date.slice(0, 7)}-01`

/**
 * The months around the maturity boundary on `day`: every member who exited before `mature` is past
 * exit + `dueMonths` + `graceDays`; none who exited in `immature` or later is. Only the months in
 * between need each member's date.
 */
export function maturityMonths(
  day: string,
  dueMonths: number,
  graceDays: number,
): { mature: string; immature: string } {
  const isMature = (exit: string) => addDays(addMonths(exit, dueMonths), graceDays) <= day
  const lastDay = (month: string) => addDays(addMonths(month, 1), -1)
  // Start well before the boundary and walk forward month by month.
  let month = addMonths(firstOfMonth(addMonths(addDays(day, -graceDays), -dueMonths)), -2)
  while (isMature(lastDay(month))) month = addMonths(month, 1)
  const mature = month
  while (isMature(month)) month = addMonths(month, 1)
  return { mature, immature: month }
}
