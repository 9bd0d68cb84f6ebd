import Type, { type Static } from 'typebox'
import { Timestamp } from '../common/ids.js'
import { StringEnum, ref } from '../common/schema.js'
import { checkpoints, outcomeMixParts } from '../common/enums.js'
import { outcomeMixResultExample } from '../examples.js'
import { statsBases, statsLanguages } from './vocabulary.js'
import { count, placementQueryFields, populationQueryFields } from './fields.js'
import { PlacementFilters, PlacementGroupKey, PlacementGroupLabels, StatsReleaseRef } from './placement.js'

/**
 * The outcome mix: where the members of a population were at the checkpoint, in five counts that
 * add up (`GET /stats/outcome-mix`).
 */

export const OutcomeMixBand = Type.Object(
  {
    parts: Type.Array(StringEnum(outcomeMixParts), {
      minItems: 1,
      description:
        'Consecutive categories, in the order of `outcomeMixParts`; more than one where each alone is withheld.',
    }),
    count: Type.Integer({ minimum: 0, description: 'Members in these categories together.' }),
  },
  {
    $id: 'OutcomeMixBand',
    description: 'One stretch of the mix whose count is published: one category, or neighbouring ones merged.',
    additionalProperties: false,
  },
)

const mixFields = {
  lasting: count(
    'Members in lasting employment (open-ended contract, or fixed-term or temporary of six months or more): the `r_lasting` numerator. Null when withheld.',
  ),
  otherEmployment: count(
    'Members in other employment (shorter contracts, or no contract length known): the `r_employment` numerator − `lasting`. Null when withheld.',
  ),
  workStudyTraining: count(
    'Members in work-study (apprenticeship or professionalisation contract) or qualifying training. Null when withheld.',
  ),
  notPlaced: count('Members job seeking or inactive. Null when withheld.'),
  unknown: count(
    'Members with no usable observation at the checkpoint (or only a failed contact): counted as not placed by the rates. Null when withheld.',
  ),
  total: count(
    'Members counted: population − excluded, the `r_positive` denominator. The five counts add up to it when none is withheld. Null when hidden.',
  ),
  suppressed: Type.Boolean({ description: 'True when some counts of this cell are withheld (small numbers).' }),
  bands: Type.Array(ref(OutcomeMixBand), {
    description:
      'The mix as far as it is published, in order, adding up to `total`: one band a category where its count is published, neighbouring categories merged where only their sum is (for example lasting and other employment as one band when the lasting count is withheld). Empty when `total` is withheld or zero.',
  }),
}

export const OutcomeMixCell = Type.Object(mixFields, {
  $id: 'OutcomeMixCell',
  description:
    'Where the members of a population were at the checkpoint, in five categories that add up to `total`: each person in exactly one.',
  additionalProperties: false,
})

export const OutcomeMixGroup = Type.Object(
  { key: ref(PlacementGroupKey), labels: ref(PlacementGroupLabels), ...mixFields },
  { $id: 'OutcomeMixGroup', description: 'One group of a breakdown, with its mix.', additionalProperties: false },
)

export const OutcomeMixResult = Type.Object(
  {
    basis: StringEnum(statsBases, { description: 'The population: `entrants` or `completers`.' }),
    checkpoint: StringEnum(checkpoints, { description: 'The checkpoint: `exit`, `m6` or `m12`.' }),
    asOf: Timestamp('The moment the counts stand at.'),
    filters: ref(PlacementFilters),
    total: ref(OutcomeMixCell),
    groups: Type.Array(ref(OutcomeMixGroup), {
      description:
        'The breakdown, the same groups in the same order as `GET /stats/placement`; empty without `groupBy`.',
    }),
    release: Type.Optional(ref(StatsReleaseRef)),
  },
  {
    $id: 'OutcomeMixResult',
    examples: [outcomeMixResultExample],
    description:
      'The situations of a population at a checkpoint, as counts that add up (what the three placement metrics count, each person once). For every caller but network staff the counts are read from the protected release: a count is null wherever an item it comes from is hidden.',
    additionalProperties: false,
  },
)

export const OutcomeMixQuery = Type.Object(
  {
    ...populationQueryFields,
    asOf: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Network staff: the counts as the observations stood at this moment. Default: now.',
        examples: ['2019-07-01T00:00:00Z'],
      }),
    ),
    groupBy: placementQueryFields.groupBy,
    lang: Type.Optional(
      StringEnum(statsLanguages, { description: 'Language of the groups’ labels: `fr` (default) or `en`.' }),
    ),
  },
  { additionalProperties: false },
)

export type OutcomeMixBand = Static<typeof OutcomeMixBand>
export type OutcomeMixCell = Static<typeof OutcomeMixCell>
export type OutcomeMixGroup = Static<typeof OutcomeMixGroup>
export type OutcomeMixResult = Static<typeof OutcomeMixResult>
export type OutcomeMixQuery = Static<typeof OutcomeMixQuery>
