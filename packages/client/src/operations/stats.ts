import type { CallOptions, CreateOptions } from '../http.js'
import type { Body, OperationCalls, Query } from '../routes.js'

/** The filters of a placement figure (everything but the output format). */
export type PlacementFilterQuery = Omit<Query<'getPlacement'>, 'format'>

/** Metric definitions, placement figures (JSON and CSV), overview, funnel and frozen snapshots. */
export function statsOperations(c: OperationCalls) {
  return {
    /** The latest version of every metric definition (not paginated). */
    listMetrics: (opts?: CallOptions) => c.get('listMetrics', {}, opts),
    /** One definition: the latest, or `query.version`. */
    getMetric: (metricId: string, query: Query<'getMetric'> = {}, opts?: CallOptions) =>
      c.get('getMetric', { path: { id: metricId }, query }, opts),
    /** A placement figure with its interval, unknowns and groups; small numbers suppressed unless network staff. */
    getPlacement: (query: PlacementFilterQuery = {}, opts?: CallOptions) => c.get('getPlacement', { query }, opts),
    /** The same figures as a French-spreadsheet CSV (`;`, one row per total and group), as text. */
    getPlacementCsv: (query: PlacementFilterQuery = {}, opts?: CallOptions): Promise<string> =>
      c.text('getPlacement', { query: { ...query, format: 'csv' } }, opts),
    getStatsOverview: (opts?: CallOptions) => c.get('getStatsOverview', {}, opts),
    getStatsFunnel: (query: Query<'getStatsFunnel'> = {}, opts?: CallOptions) =>
      c.get('getStatsFunnel', { query }, opts),
    /** Situations at the checkpoint in five counts that add up to the members counted (same filters as placement). */
    getOutcomeMix: (query: Query<'getOutcomeMix'> = {}, opts?: CallOptions) => c.get('getOutcomeMix', { query }, opts),

    listSnapshots: (query: Query<'listSnapshots'> = {}, opts?: CallOptions) => c.get('listSnapshots', { query }, opts),
    /** Freezes a figure (network staff): it is stored with its definition version and never changes. */
    createSnapshot: (body: Body<'createSnapshot'>, opts?: CreateOptions) => c.create('createSnapshot', { body }, opts),
    /** A snapshot and a fresh recomputation at the same `asOf`, to check it still holds. */
    getSnapshot: (snapshotId: string, opts?: CallOptions) => c.get('getSnapshot', { path: { id: snapshotId } }, opts),
  }
}
