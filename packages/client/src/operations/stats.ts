import type {
  FunnelQuery,
  MetricDefinition,
  MetricDefinitionList,
  MetricQuery,
  OutcomeMixQuery,
  OutcomeMixResult,
  PlacementQuery,
  PlacementResult,
  Snapshot,
  SnapshotCheck,
  SnapshotCreate,
  SnapshotListQuery,
  StatsFunnel,
  StatsOverview,
  PageOf,
} from '@trajectoires/contract'
import type { Static } from 'typebox'
import { apiPrefix, id, type CallOptions, type CreateOptions, type Transport } from '../http.js'

/** The filters of a placement figure (everything but the output format). */
export type PlacementFilterQuery = Omit<PlacementQuery, 'format'>

/** Metric definitions, placement figures (JSON and CSV), overview, funnel and frozen snapshots. */
export function statsOperations(t: Transport) {
  return {
    /** The latest version of every metric definition (not paginated). */
    listMetrics: (opts?: CallOptions) =>
      t.get<Static<typeof MetricDefinitionList>>(`${apiPrefix}/metrics`, undefined, opts),
    /** One definition: the latest, or `query.version`. */
    getMetric: (metricId: string, query: Static<typeof MetricQuery> = {}, opts?: CallOptions) =>
      t.get<MetricDefinition>(`${apiPrefix}/metrics/${id(metricId)}`, query, opts),
    /** A placement figure with its interval, unknowns and groups; small numbers suppressed unless network staff. */
    getPlacement: (query: PlacementFilterQuery = {}, opts?: CallOptions) =>
      t.get<PlacementResult>(`${apiPrefix}/stats/placement`, query, opts),
    /** The same figures as a French-spreadsheet CSV (`;`, one row per total and group), as text. */
    getPlacementCsv: async (query: PlacementFilterQuery = {}, opts?: CallOptions): Promise<string> =>
      (
        await t.send<string>({
          method: 'GET',
          path: `${apiPrefix}/stats/placement`,
          query: { ...query, format: 'csv' },
          accept: 'text/csv, application/problem+json',
          expect: 'text',
          signal: opts?.signal,
          retry: true,
        })
      ).data,
    getStatsOverview: (opts?: CallOptions) => t.get<StatsOverview>(`${apiPrefix}/stats/overview`, undefined, opts),
    getStatsFunnel: (query: FunnelQuery = {}, opts?: CallOptions) =>
      t.get<StatsFunnel>(`${apiPrefix}/stats/funnel`, query, opts),
    /** Situations at the checkpoint in five counts that add up to the members counted (same filters as placement). */
    getOutcomeMix: (query: OutcomeMixQuery = {}, opts?: CallOptions) =>
      t.get<OutcomeMixResult>(`${apiPrefix}/stats/outcome-mix`, query, opts),

    listSnapshots: (query: SnapshotListQuery = {}, opts?: CallOptions) =>
      t.get<PageOf<Snapshot>>(`${apiPrefix}/snapshots`, query, opts),
    /** Freezes a figure (network staff): it is stored with its definition version and never changes. */
    createSnapshot: (body: SnapshotCreate, opts?: CreateOptions) =>
      t.create<Snapshot>(`${apiPrefix}/snapshots`, body, opts),
    /** A snapshot and a fresh recomputation at the same `asOf`, to check it still holds. */
    getSnapshot: (snapshotId: string, opts?: CallOptions) =>
      t.get<SnapshotCheck>(`${apiPrefix}/snapshots/${id(snapshotId)}`, undefined, opts),
  }
}
