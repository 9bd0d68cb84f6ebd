/**
 * What the statistics tables maintained on write (migration 0005: `stats_facts`, the cubes) were
 * built with. A metric definition may be answered from them only when its rules for choosing an
 * observation (and, for the cubes, for classifying it) are exactly these; any other definition is
 * computed from the records at read time, exactly but more slowly.
 */
import { checkpoints, recordedObservationSources, type MetricRules } from '@trajectoires/contract'
import {
  checkpointSchedule,
  lastingFixedTermContracts,
  lastingMinContractMonths,
  openEndedContracts,
  uninformativeSituations,
} from '@trajectoires/contract/rules'
import { isDeepStrictEqual } from 'node:util'

/** The rules `stats_facts_source` and `stats_resolve` apply (their literals are checked against these). */
export const materialisedObservationRules = {
  checkpoints: Object.fromEntries(
    checkpoints.map((c) => {
      const { due, from, to } = checkpointSchedule[c]
      return [c, { dueMonths: due.months, window: { from: { ...from }, to: { ...to } } }]
    }),
  ) as MetricRules['checkpoints'],
  uninformativeSituations: [...uninformativeSituations],
  openEndedContracts: [...openEndedContracts],
  order: [
    'informative_first',
    'nearest_to_due_date',
    'open_ended_contract_first',
    'longest_contract_first',
    'latest_recorded_first',
    'greatest_id_first',
  ],
}

/** The classification of `stats_category_v1`, and so of the cubes' columns. */
export const materialisedCategories: MetricRules['categories'] = [
  {
    category: 'employed_lasting',
    situations: ['employed'],
    contractTypes: [...openEndedContracts],
    minContractMonths: null,
  },
  {
    category: 'employed_lasting',
    situations: ['employed'],
    contractTypes: [...lastingFixedTermContracts],
    minContractMonths: lastingMinContractMonths,
  },
  { category: 'employed_other', situations: ['employed'], contractTypes: null, minContractMonths: null },
  { category: 'work_study', situations: ['work_study'], contractTypes: null, minContractMonths: null },
  {
    category: 'qualifying_training',
    situations: ['qualifying_training'],
    contractTypes: null,
    minContractMonths: null,
  },
  { category: 'job_seeking', situations: ['job_seeking'], contractTypes: null, minContractMonths: null },
  { category: 'inactive', situations: ['inactive'], contractTypes: null, minContractMonths: null },
  { category: 'unknown', situations: [...uninformativeSituations], contractTypes: null, minContractMonths: null },
]

/** Whether a definition counts observations of every source (as `stats_facts` does); absent: every source. */
export function countsEverySource(rules: MetricRules): boolean {
  const named = rules.observation.sources
  return named === undefined || recordedObservationSources.every((s) => named.includes(s))
}

/** Whether `stats_facts` resolves observations the way these rules say. */
export function factsServe(rules: MetricRules): boolean {
  const m = materialisedObservationRules
  return (
    countsEverySource(rules) &&
    isDeepStrictEqual(rules.checkpoints, m.checkpoints) &&
    isDeepStrictEqual(rules.observation.uninformativeSituations, m.uninformativeSituations) &&
    isDeepStrictEqual(rules.observation.openEndedContracts, m.openEndedContracts) &&
    isDeepStrictEqual(rules.observation.order, m.order)
  )
}

/**
 * Whether the cubes count what these rules need: the same resolution and classification, and exit
 * reasons told apart as the cubes do (completers: `completed`; excluded: `excluded`).
 */
export function cubesServe(rules: MetricRules): boolean {
  return (
    factsServe(rules) &&
    isDeepStrictEqual(rules.categories, materialisedCategories) &&
    rules.categoryWithoutObservation === 'unknown' &&
    isDeepStrictEqual(rules.excluded.exitReasons, ['excluded']) &&
    isDeepStrictEqual(rules.bases.completers.exitReasons, ['completed']) &&
    rules.bases.entrants.exitReasons === null
  )
}
