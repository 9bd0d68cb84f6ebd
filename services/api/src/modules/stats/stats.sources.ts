/**
 * The response rate by source: of the members of a result's denominator whose situation is known,
 * how many are known through each source of observation (staff, employer, document, partner, the
 * learner's own answer). Counted from the observation each member's checkpoint resolves to, in the
 * same transaction as the result, so the sources add up to denominator − unknown.
 */
import {
  recordedObservationSources,
  type MetricRules,
  type PlacementResult,
  type SourceResponses,
} from '@trajectoires/contract'
import type { Executor } from '../../db/client.js'
import { figures, round } from './stats.math.js'
import { planOf, type PlanQuery, type StatsRepository } from './stats.repository.js'

/** The result with `responseBySource` set for its total. */
export async function withResponseBySource(
  result: PlacementResult,
  deps: { repository: StatsRepository; rules: MetricRules; query: PlanQuery; day: string },
  tx: Executor,
): Promise<PlacementResult> {
  const { repository, rules, query: q } = deps
  const { rows } = await repository.aggregate(planOf(q, rules, ['source'], deps.day), tx)
  const denominator = result.total.denominator ?? 0
  const responses = new Map<string, number>()
  for (const row of rows) {
    const source = row.key[0]
    if (row.grouping !== 0 || source === null || source === undefined) continue
    // Known members of the denominator: the figures' own arithmetic, on this source's members.
    const f = figures(row.counts, rules)
    responses.set(source, (responses.get(source) ?? 0) + f.denominator - f.unknown)
  }
  const responseBySource: SourceResponses[] = recordedObservationSources.map((source) => {
    const n = responses.get(source) ?? 0
    return { source, responses: n, rate: denominator > 0 ? round(n / denominator, rules.decimals) : null }
  })
  return { ...result, responseBySource }
}
