import type { MetricRules } from '@trajectoires/contract'
import { describe, expect, it } from 'vitest'
import { audit } from './stats.audit.js'
import { protect } from './stats.protection.js'
import { buildModel, itemOf, type ReleaseInputs } from './stats.release.js'

/** Just what a release needs of the three published metrics' rules. */
const rules = (numerator: string[], removedFromDenominator: string[] = []) =>
  ({ numerator, removedFromDenominator, unknown: { categories: ['unknown'] } }) as unknown as MetricRules

/**
 * A network of `campuses` campuses, one cohort a year each, `members` leavers per cohort; `small`
 * names the campus and year whose cohort has only 3 people in work-study (a count of 1–4 that must
 * stay hidden, and with it the cohort's outcomes).
 */
function network(campuses: number, years: number[], small: { campus: number; year: number }): ReleaseInputs {
  const cohorts = new Map<string, { campus: string; startYear: number }>()
  const cohortYears: ReleaseInputs['cohortYears'] = []
  for (let c = 0; c < campuses; c++) {
    for (const year of years) {
      const cohort = `k-${c}-${year}`
      cohorts.set(cohort, { campus: `c-${c}`, startYear: year - 1 })
      const workStudy = c === small.campus && year === small.year ? 3 : 6 + ((c * 7 + year) % 5)
      const categories = {
        employed_lasting: 20 + (c % 4),
        employed_other: 8 + ((c + year) % 3),
        work_study: workStudy,
        job_seeking: 5,
        unknown: 6,
      }
      const population = Object.values(categories).reduce((a, b) => a + b, 0)
      cohortYears.push({
        cohort,
        year,
        counts: { population, excluded: 0, matured: population, categories },
        completed: 25,
      })
    }
  }
  return {
    rules: {
      positive: rules(['employed_lasting', 'employed_other', 'work_study', 'qualifying_training']),
      employment: rules(['employed_lasting', 'employed_other'], ['work_study', 'qualifying_training']),
      lasting: rules(['employed_lasting']),
    },
    cohortYears,
    demography: { sex: [], qpv: [], diplomaAtEntry: [], referrer: [] },
    cohorts,
    campuses: Array.from({ length: campuses }, (_, c) => `c-${c}`),
    funnel: [],
    intake: [],
  }
}

describe('secondary suppression', () => {
  it('closes a pattern of hidden cells in a few rounds instead of hiding useless siblings one by one', async () => {
    // Each campus's years add up to the campus, each year's campuses to the year: a hidden
    // campus-year needs another campus and another year hidden (a rectangle). Hiding only other
    // campuses of the same year (the cheapest figures) never helps: each is given back by its own
    // campus's other years.
    const model = await buildModel(network(24, [2024, 2025, 2026], { campus: 0, year: 2026 }))
    let rounds = 0
    const protection = await protect(model, { onRound: (r) => (rounds = r.round) })
    const hiddenOf = (cell: string, kind: 'T' | 'Np') => protection.hidden[itemOf(model, cell, kind)!.index] === 1
    expect(hiddenOf('CY:c-0:2026', 'T')).toBe(true)
    expect(protection.inherent).toEqual([])
    expect(rounds).toBeLessThanOrEqual(8)
    const report = await audit(model, protection.hidden, protection.sensitive)
    expect(report.disclosures).toEqual([])
    // Far from hiding a whole year: most campuses keep their 2026 figures.
    const hiddenIn = (year: number) =>
      Array.from({ length: 24 }, (_, c) => hiddenOf(`CY:c-${c}:${year}`, 'Np')).filter(Boolean).length
    expect(hiddenIn(2026)).toBeLessThanOrEqual(4)
    expect(hiddenIn(2025) + hiddenIn(2024)).toBeLessThanOrEqual(4)
  })
})
