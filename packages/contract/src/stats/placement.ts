import Type, { type Static } from 'typebox'
import { IsoDate, Timestamp, Uuid } from '../common/ids.js'
import { Nullable, StringEnum, ref } from '../common/schema.js'
import { checkpoints, diplomaLevels, recordedObservationSources, referrers, sexes } from '../common/enums.js'
import { placementResultExample } from '../examples.js'
import { maturities, statsBases, statsDimensions, statsLanguages, suppressionReasons } from './vocabulary.js'
import { count, fraction, metricId, metricVersion, placementQueryFields, populationQueryFields } from './fields.js'

/**
 * Placement results: rates, their intervals and counts, by group, and the query that asks for them.
 */

export const RateInterval = Type.Object(
  {
    low: fraction('Lower bound.'),
    high: fraction('Upper bound.'),
  },
  { $id: 'RateInterval', description: 'Wilson score 95% interval of a rate.', additionalProperties: false },
)

export const UnknownBounds = Type.Object(
  {
    noUnknownPlaced: fraction('The rate if no unknown member is placed (the headline `rate`).'),
    allUnknownPlaced: fraction('The rate if every unknown member is placed: (numerator + unknown) ÷ denominator.'),
  },
  {
    $id: 'UnknownBounds',
    description: 'Where the rate would be, had every unknown situation been known.',
    additionalProperties: false,
  },
)

const cellFields = {
  population: count(
    'Members of the population in this cell (exited entrants matching the filters and basis), excluded ones included. Null when hidden.',
  ),
  excluded: count(
    'Members excluded (moved away, long illness, deceased, incarcerated): in neither numerator nor denominator.',
  ),
  denominator: count(
    'Members counted: population − excluded (− work-study and training for a metric that removes them). Null when hidden.',
  ),
  numerator: count('Members placed as the metric counts them. Null when suppressed.'),
  unknown: count(
    'Members of the denominator with no usable observation at the checkpoint (or unreachable). Null when suppressed.',
  ),
  responseRate: Nullable(fraction('(denominator − unknown) ÷ denominator.'), {
    description: 'Share of the denominator whose situation is known; null when suppressed or nobody is counted.',
  }),
  rate: Nullable(fraction('numerator ÷ denominator, unknown members counting as not placed.'), {
    description: 'The headline rate; null when suppressed or nobody is counted.',
  }),
  ci95: Nullable(ref(RateInterval), { description: 'Wilson score 95% interval of `rate`; null with it.' }),
  bounds: Nullable(ref(UnknownBounds), {
    description: 'The rate with no / every unknown member placed; null with `rate`.',
  }),
  maturity: StringEnum(maturities, {
    description:
      '`provisional` until every member is past its checkpoint date plus 30 days on the asOf day, `final` after.',
  }),
  coverage: Nullable(fraction('Share of the members (excluded ones aside) past their checkpoint date plus 30 days.'), {
    description: 'How much of a provisional result is mature; null when hidden or nobody is counted.',
  }),
  suppressed: Type.Boolean({ description: 'True when some values of this cell are withheld (small numbers).' }),
  suppressionReason: Nullable(StringEnum(suppressionReasons), {
    description:
      '`small_denominator`: the denominator is under 20, so the rate and the outcome counts are withheld. `small_cell`: the cell is hidden altogether because it has 1 to 4 people, or so that such a cell cannot be worked out by subtraction (the two are deliberately not told apart). `complementary`: the rate is withheld so that another withheld rate cannot be worked out by subtraction. Null when nothing is withheld.',
  }),
  target: Nullable(fraction('The metric’s target.'), { description: 'The metric’s target, or null when it has none.' }),
  gapToTarget: Nullable(Type.Number({ minimum: -1, maximum: 1 }), {
    description: '`rate` − `target` (negative: below target); null without either.',
  }),
}

export const PlacementCell = Type.Object(cellFields, {
  $id: 'PlacementCell',
  description: 'The figures of a population, or of one group of it.',
  additionalProperties: false,
})

export const PlacementGroupKey = Type.Object(
  {
    campus: Type.Optional(Uuid('Campus id.')),
    cohort: Type.Optional(Uuid('Cohort id.')),
    exitYear: Type.Optional(Type.Integer({ description: 'Year of the exit date.', examples: [2019] })),
    sex: Type.Optional(StringEnum(sexes, { description: 'Sex of the learner.' })),
    qpv: Type.Optional(
      Nullable(Type.Boolean(), { description: 'Lives in a priority neighbourhood; null: not known.' }),
    ),
    diplomaAtEntry: Type.Optional(StringEnum(diplomaLevels, { description: 'Highest diploma at entry.' })),
    referrer: Type.Optional(StringEnum(referrers, { description: 'Who referred the learner.' })),
  },
  {
    $id: 'PlacementGroupKey',
    description: 'The values of the `groupBy` dimensions that define a group.',
    additionalProperties: false,
  },
)

export const PlacementGroupLabels = Type.Object(
  {
    campus: Type.Optional(Type.String({ description: 'Campus name.', examples: ['Lyon'] })),
    cohort: Type.Optional(Type.String({ description: 'Cohort name.', examples: ['Lyon 2019-1'] })),
    exitYear: Type.Optional(Type.String({ description: 'The exit year, as text.', examples: ['2019'] })),
    sex: Type.Optional(Type.String({ description: 'The sex, in the language asked.', examples: ['Femme'] })),
    qpv: Type.Optional(
      Type.String({
        description: 'Residence in a priority neighbourhood (QPV), in the language asked; said too when not known.',
        examples: ['Réside en QPV'],
      }),
    ),
    diplomaAtEntry: Type.Optional(
      Type.String({ description: 'The highest diploma at entry, in the language asked.', examples: ['CAP / BEP'] }),
    ),
    referrer: Type.Optional(
      Type.String({ description: 'Who referred the learner, in the language asked.', examples: ['Mission locale'] }),
    ),
  },
  {
    $id: 'PlacementGroupLabels',
    description:
      'A readable label for each key of the group, beside its id: campus and cohort names, and each vocabulary value in the language asked (`lang`, French by default). Scripts can name a group without a second call.',
    additionalProperties: false,
  },
)

export const PlacementGroup = Type.Object(
  { key: ref(PlacementGroupKey), labels: ref(PlacementGroupLabels), ...cellFields },
  { $id: 'PlacementGroup', description: 'One group of a breakdown, with its figures.', additionalProperties: false },
)

export const PlacementFilters = Type.Object(
  {
    campusId: Nullable(Uuid('Only this campus (of the cohort).')),
    cohortId: Nullable(Uuid('Only this cohort.')),
    exitYear: Nullable(Type.Integer({ description: 'Only members who exited this year.' })),
    exitFrom: Nullable(IsoDate('Only members who exited on or after this day.')),
    exitTo: Nullable(IsoDate('Only members who exited on or before this day.')),
    groupBy: Type.Array(StringEnum(statsDimensions), { description: 'The breakdown dimensions, in order.' }),
  },
  {
    $id: 'PlacementFilters',
    description: 'The filters and breakdown the result was computed with; null: no such filter.',
    additionalProperties: false,
  },
)

export const StatsReleaseRef = Type.Object(
  {
    id: Type.String({ description: 'The release id: the same id, the same figures.', examples: ['r-1842-2026-12-06'] }),
    builtAt: Timestamp('When the release was built: the records as they stood then.'),
  },
  {
    $id: 'StatsReleaseRef',
    description:
      'The protected release the figures were read from (every answer for a viewer who may not see small numbers). Absent when network staff asked for a figure computed on demand.',
    additionalProperties: false,
  },
)

export const SourceResponses = Type.Object(
  {
    source: StringEnum(recordedObservationSources, {
      description:
        'Where the counted observations come from: `self_declared` (the person told staff), `employer_confirmed`, `document`, `partner_report`, or `self_report` (the person answered a follow-up invitation).',
    }),
    responses: Type.Integer({
      minimum: 0,
      description:
        'Members of the denominator whose situation is known from an observation of this source (the one the checkpoint resolves to). The sum over sources is denominator − unknown.',
    }),
    rate: Nullable(fraction('responses ÷ denominator.'), {
      description: 'Share of the denominator known through this source; null when nobody is counted.',
    }),
  },
  {
    $id: 'SourceResponses',
    description: 'The response rate of one source: how many counted observations come from it.',
    additionalProperties: false,
  },
)

export const PlacementResult = Type.Object(
  {
    metric: Type.Object(
      { id: metricId, version: metricVersion },
      { additionalProperties: false, description: 'The metric definition applied.' },
    ),
    basis: StringEnum(statsBases, { description: 'The population: `entrants` or `completers`.' }),
    checkpoint: StringEnum(checkpoints, { description: 'The checkpoint: `exit`, `m6` or `m12`.' }),
    asOf: Timestamp(
      'The moment the figures stand at: the `asOf` asked for, or when they were computed. Observations recorded later are not seen.',
    ),
    filters: ref(PlacementFilters),
    total: ref(PlacementCell),
    groups: Type.Array(ref(PlacementGroup), {
      description: 'The breakdown, one entry per group present in the population; empty without `groupBy`.',
    }),
    release: Type.Optional(ref(StatsReleaseRef)),
    responseBySource: Type.Optional(
      Type.Array(ref(SourceResponses), {
        description:
          'With `responseBySource=true` (network staff, and campus staff on their own campus): the total’s response rate split by the source of the counted observations, every source in order, zeros included. The protected release has no counts by source, so public answers never carry it.',
      }),
    ),
  },
  {
    $id: 'PlacementResult',
    examples: [placementResultExample],
    description:
      'A placement metric applied to a population at a checkpoint, with counts, Wilson interval, bounds for unknown situations, maturity and small-number suppression.',
    additionalProperties: false,
  },
)

export const PlacementQuery = Type.Object(
  {
    metric: Type.Optional({ ...metricId, description: 'Metric id; default `r_positive`.' }),
    metricVersion: placementQueryFields.metricVersion,
    ...populationQueryFields,
    asOf: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          'Recompute as the observations stood at this moment (observations recorded later, and corrections recorded later, are not seen). Default: now. Exact but slower over large populations.',
        examples: ['2019-07-01T00:00:00Z'],
      }),
    ),
    groupBy: placementQueryFields.groupBy,
    format: Type.Optional(
      StringEnum(['json', 'csv'] as const, {
        description: '`csv` for a French-spreadsheet CSV (also with `Accept: text/csv`); default JSON.',
      }),
    ),
    responseBySource: Type.Optional(
      Type.Boolean({
        description:
          'Also split the response rate by the source of the counted observations (`responseBySource` in JSON; not in CSV). Figures computed on demand only: network staff, and campus staff on their own campus; `403 not_published` for anyone else.',
      }),
    ),
    lang: Type.Optional(
      StringEnum(statsLanguages, {
        description:
          'Language of the groups’ labels (`labels` in JSON, the label columns in CSV): `fr` (default) or `en`. Campus and cohort names are the same in both. `Accept-Language` is not read: a URL names one answer.',
      }),
    ),
  },
  { additionalProperties: false },
)

export type RateInterval = Static<typeof RateInterval>
export type UnknownBounds = Static<typeof UnknownBounds>
export type PlacementCell = Static<typeof PlacementCell>
export type PlacementGroupKey = Static<typeof PlacementGroupKey>
export type PlacementGroupLabels = Static<typeof PlacementGroupLabels>
export type PlacementGroup = Static<typeof PlacementGroup>
export type PlacementFilters = Static<typeof PlacementFilters>
export type SourceResponses = Static<typeof SourceResponses>
export type PlacementResult = Static<typeof PlacementResult>
export type PlacementQuery = Static<typeof PlacementQuery>
