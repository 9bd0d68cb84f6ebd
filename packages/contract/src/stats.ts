/**
 * The statistics' contract, one file per part: vocabularies (stats/vocabulary.ts), metric
 * definitions (stats/metrics.ts), placement results and their query (stats/placement.ts), the
 * overview and the funnel (stats/overview.ts), snapshots (stats/snapshots.ts).
 */
import {
  MetricCategoryRule,
  MetricCheckpointRule,
  MetricDefinition,
  MetricDefinitionList,
  MetricRules,
} from './stats/metrics.js'
import {
  PlacementCell,
  PlacementFilters,
  PlacementGroup,
  PlacementGroupKey,
  PlacementGroupLabels,
  PlacementResult,
  RateInterval,
  SourceResponses,
  StatsReleaseRef,
  UnknownBounds,
} from './stats/placement.js'
import {
  FunnelCell,
  FunnelGroup,
  IntakeProfile,
  OverviewCampus,
  OverviewYear,
  StatsFunnel,
  StatsOverview,
} from './stats/overview.js'
import { OutcomeMixBand, OutcomeMixCell, OutcomeMixGroup, OutcomeMixResult } from './stats/mix.js'
import { Snapshot, SnapshotCheck, SnapshotCreate, SnapshotList, SnapshotQuery } from './stats/snapshots.js'

export * from './stats/vocabulary.js'
export * from './stats/metrics.js'
export * from './stats/placement.js'
export * from './stats/overview.js'
export * from './stats/mix.js'
export * from './stats/snapshots.js'
/** Named schemas of the statistics, registered with Fastify and published in the contract. */
export const statsSchemas = [
  MetricCheckpointRule,
  MetricCategoryRule,
  MetricRules,
  MetricDefinition,
  MetricDefinitionList,
  RateInterval,
  UnknownBounds,
  PlacementCell,
  PlacementGroupKey,
  PlacementGroupLabels,
  PlacementGroup,
  PlacementFilters,
  StatsReleaseRef,
  SourceResponses,
  PlacementResult,
  OverviewYear,
  IntakeProfile,
  OverviewCampus,
  StatsOverview,
  FunnelCell,
  FunnelGroup,
  StatsFunnel,
  OutcomeMixBand,
  OutcomeMixCell,
  OutcomeMixGroup,
  OutcomeMixResult,
  SnapshotQuery,
  SnapshotCreate,
  Snapshot,
  SnapshotCheck,
  SnapshotList,
]
