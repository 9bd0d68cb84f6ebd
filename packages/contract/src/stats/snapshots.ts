import Type, { type Static } from 'typebox'
import { Timestamp, Uuid } from '../common/ids.js'
import { StringEnum, ref } from '../common/schema.js'
import { snapshotExample, snapshotCheckExample, snapshotListExample } from '../examples.js'
import { statsDimensions } from './vocabulary.js'
import { metricId, metricVersion, placementQueryFields, text } from './fields.js'
import { PlacementResult } from './placement.js'

/**
 * Snapshots: a placement result frozen with the digest that proves it unchanged.
 */

export const SnapshotQuery = Type.Object(
  {
    metric: metricId,
    metricVersion: Type.Optional(metricVersion),
    basis: Type.Optional(placementQueryFields.basis),
    checkpoint: Type.Optional(placementQueryFields.checkpoint),
    campusId: Type.Optional(Uuid('Only cohorts of this campus.')),
    cohortId: Type.Optional(Uuid('Only this cohort.')),
    exitYear: placementQueryFields.exitYear,
    exitFrom: placementQueryFields.exitFrom,
    exitTo: placementQueryFields.exitTo,
    groupBy: Type.Optional(
      Type.Array(StringEnum(statsDimensions), {
        maxItems: 2,
        uniqueItems: true,
        description: 'Up to two breakdown dimensions.',
      }),
    ),
  },
  {
    $id: 'SnapshotQuery',
    description: 'What the snapshot computes: the same parameters as `GET /stats/placement`.',
    additionalProperties: false,
  },
)

export const SnapshotCreate = Type.Object(
  {
    label: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'What the figure is published as.',
      examples: ['80 % — sortants 2018'],
    }),
    query: ref(SnapshotQuery),
    asOf: Type.Optional(Timestamp('The moment the figure stands at; default now.')),
  },
  {
    $id: 'SnapshotCreate',
    description: 'A figure to freeze.',
    additionalProperties: false,
    examples: [
      {
        label: '80 % — sortants 2018',
        query: { metric: 'r_positive', basis: 'entrants', checkpoint: 'm6', exitYear: 2018 },
        asOf: '2019-09-01T00:00:00Z',
      },
    ],
  },
)

/** A snapshot's own fields: a check gives them too, beside its recomputation. */
const snapshotFields = {
  id: Uuid('Snapshot id.'),
  label: text('What the figure is published as.'),
  metric: Type.Object(
    { id: metricId, version: metricVersion },
    { additionalProperties: false, description: 'The definition, frozen at its version.' },
  ),
  query: ref(SnapshotQuery),
  asOf: Timestamp('The moment the figure stands at.'),
  result: ref(PlacementResult),
  createdAt: Timestamp('When the snapshot was taken.'),
}

export const Snapshot = Type.Object(snapshotFields, {
  $id: 'Snapshot',
  examples: [snapshotExample],
  description: 'A frozen, published figure.',
  additionalProperties: false,
})

export const SnapshotCheck = Type.Object(
  {
    ...snapshotFields,
    recomputed: ref(PlacementResult),
    matches: Type.Boolean({ description: 'True when the recomputation gives exactly the stored result.' }),
    differences: Type.Array(Type.String(), {
      description:
        'JSON pointers of the values that differ (at most 50). Corrections recorded after `asOf` never cause one; a changed enrolment (exit date, exit reason, cohort) or learner profile does.',
    }),
  },
  {
    $id: 'SnapshotCheck',
    examples: [snapshotCheckExample],
    description: 'A snapshot with a fresh recomputation at the same `asOf` and definition version.',
    additionalProperties: false,
  },
)

export const SnapshotList = Type.Object(
  {
    items: Type.Array(ref(Snapshot), { description: 'The snapshots of this page, newest first.' }),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as `cursor` to get the next page; null on the last page.',
    }),
  },
  {
    $id: 'SnapshotList',
    examples: [snapshotListExample],
    description: 'A page of snapshots, newest first.',
    additionalProperties: false,
  },
)

export const SnapshotListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Page size, 1 to 100.' })),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 512,
        description: 'Opaque cursor from the previous page’s `nextCursor`.',
      }),
    ),
    metric: Type.Optional({ ...metricId, description: 'Only snapshots of this metric.' }),
  },
  { additionalProperties: false },
)

export type SnapshotQuery = Static<typeof SnapshotQuery>
export type SnapshotCreate = Static<typeof SnapshotCreate>
export type Snapshot = Static<typeof Snapshot>
export type SnapshotCheck = Static<typeof SnapshotCheck>
export type SnapshotListQuery = Static<typeof SnapshotListQuery>
