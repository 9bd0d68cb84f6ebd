import Type, { type Static } from 'typebox'
import { Timestamp } from '../common/ids.js'
import { Nullable, StringEnum, ref } from '../common/schema.js'
import { checkpoints, contractTypes, exitReasons, recordedObservationSources, situations } from '../common/enums.js'
import { metricDefinitionExample, metricDefinitionListExample } from '../examples.js'
import { outcomeCategories, statsBases } from './vocabulary.js'
import { fraction, metricId, metricVersion, text } from './fields.js'

/**
 * Metric definitions: the checkpoints, categories and bases a rate is computed from.
 */

const MonthsDays = Type.Object(
  {
    months: Type.Integer({
      minimum: 0,
      description: 'Calendar months, added first (clamped to the month’s last day).',
    }),
    days: Type.Integer({ minimum: 0, description: 'Days, added after the months.' }),
  },
  { additionalProperties: false, description: 'An offset from the exit date.' },
)

export const MetricCheckpointRule = Type.Object(
  {
    dueMonths: Type.Integer({
      minimum: 0,
      description: 'The checkpoint date is the exit date plus this many calendar months.',
    }),
    window: Type.Object(
      {
        from: MonthsDays,
        to: MonthsDays,
      },
      {
        additionalProperties: false,
        description:
          'Observations count for the checkpoint when observed from exit + `from` to exit + `to`, inclusive.',
      },
    ),
  },
  {
    $id: 'MetricCheckpointRule',
    description: 'When a checkpoint falls and its tolerance.',
    additionalProperties: false,
  },
)

export const MetricCategoryRule = Type.Object(
  {
    category: StringEnum(outcomeCategories, {
      description: 'The category an observation matching this rule falls in.',
    }),
    situations: Type.Array(StringEnum(situations), { description: 'The observed situation is one of these.' }),
    contractTypes: Nullable(Type.Array(StringEnum(contractTypes)), {
      description: 'And the contract is one of these; null: any contract, or none.',
    }),
    minContractMonths: Nullable(Type.Integer({ minimum: 1 }), {
      description:
        'And the contract lasts at least this many months (an unknown length does not qualify); null: any length.',
    }),
  },
  {
    $id: 'MetricCategoryRule',
    description: 'One classification rule; the rules are tried in order and the first that matches wins.',
    additionalProperties: false,
  },
)

const basisRule = (description: string) =>
  Type.Object(
    {
      exitReasons: Nullable(Type.Array(StringEnum(exitReasons)), {
        description: 'Members kept by this basis: those with one of these exit reasons; null: every member.',
      }),
      description: text('What the basis keeps, in plain words.'),
    },
    { additionalProperties: false, description },
  )

export const MetricRules = Type.Object(
  {
    population: Type.Object(
      {
        unit: Type.String({ description: 'What is counted: `enrolment`.' }),
        members: text('Who belongs to the population.'),
        period: text('Which date selects members by period.'),
      },
      { additionalProperties: false, description: 'The population the metric is computed on.' },
    ),
    bases: Type.Object(
      {
        entrants: basisRule('Every member: dropouts included.'),
        completers: basisRule('Only the members who completed the training.'),
      },
      { additionalProperties: false, description: 'The bases a result can be asked for.' },
    ),
    defaultBasis: StringEnum(statsBases, { description: 'The basis used when the query names none.' }),
    excluded: Type.Object(
      {
        exitReasons: Type.Array(StringEnum(exitReasons), {
          description: 'Members with one of these exit reasons leave numerator and denominator.',
        }),
        description: text('Who is excluded, in plain words.'),
      },
      { additionalProperties: false, description: 'Exclusions: counted apart, in `excluded`.' },
    ),
    checkpoints: Type.Object(
      { exit: ref(MetricCheckpointRule), m6: ref(MetricCheckpointRule), m12: ref(MetricCheckpointRule) },
      { additionalProperties: false, description: 'When each checkpoint falls, and its tolerance window.' },
    ),
    defaultCheckpoint: StringEnum(checkpoints, { description: 'The checkpoint used when the query names none.' }),
    observation: Type.Object(
      {
        asOf: text('Which observations are known as of a moment.'),
        window: text('Which observations count for a checkpoint.'),
        uninformativeSituations: Type.Array(StringEnum(situations), {
          description:
            'Situations that say nothing about what the person does (a failed contact): used only when nothing else was observed in the window.',
        }),
        openEndedContracts: Type.Array(StringEnum(contractTypes), {
          description: 'Contracts kept first when several observations are equally near the checkpoint date.',
        }),
        sources: Type.Optional(
          Type.Array(StringEnum(recordedObservationSources), {
            description:
              'Sources whose observations count at a checkpoint; any other is ignored. Every published definition counts every source, the learner’s own answer to a follow-up invitation (`self_report`) included, as the E2C network’s and InserJeunes-style surveys count what former learners declare. Absent: every source.',
            examples: [['self_declared', 'employer_confirmed', 'document', 'partner_report', 'self_report']],
          }),
        ),
        order: Type.Array(Type.String(), {
          description:
            'How the one observation of a checkpoint is chosen, criterion after criterion: informative first, nearest to the checkpoint date, open-ended contract first, longest contract first, latest recorded first, greatest id first.',
        }),
      },
      { additionalProperties: false, description: 'Which observation a checkpoint resolves to.' },
    ),
    categories: Type.Array(ref(MetricCategoryRule), {
      description: 'How the chosen observation is classified, first matching rule wins.',
    }),
    categoryWithoutObservation: StringEnum(outcomeCategories, {
      description: 'The category of a member with no observation in the window.',
    }),
    numerator: Type.Array(StringEnum(outcomeCategories), { description: 'Categories counted as placed.' }),
    removedFromDenominator: Type.Array(StringEnum(outcomeCategories), {
      description: 'Categories taken out of the denominator (work-study and training for an employment rate).',
    }),
    unknown: Type.Object(
      {
        categories: Type.Array(StringEnum(outcomeCategories), { description: 'Categories counted as unknown.' }),
        headline: Type.String({
          description: '`not_placed`: unknown members stay in the denominator and count as not placed in `rate`.',
        }),
        bounds: text('How `bounds.allUnknownPlaced` treats unknown members.'),
      },
      { additionalProperties: false, description: 'What happens to members whose situation is unknown.' },
    ),
    interval: Type.Object(
      {
        method: Type.String({ description: '`wilson`: the Wilson score interval.' }),
        confidence: Type.Number({ description: 'Confidence level.', examples: [0.95] }),
        z: Type.Number({ description: 'The normal quantile used.', examples: [1.959964] }),
      },
      { additionalProperties: false, description: 'The interval every rate carries.' },
    ),
    maturity: Type.Object(
      {
        graceDays: Type.Integer({
          minimum: 0,
          description: 'Days after a checkpoint date before it counts as passed.',
        }),
        description: text('When a result is final.'),
      },
      { additionalProperties: false, description: 'When a result stops being provisional.' },
    ),
    suppression: Type.Object(
      {
        appliesTo: text('Who gets small numbers suppressed.'),
        minDenominator: Type.Integer({ description: 'Rates whose denominator is under this are suppressed.' }),
        smallCell: Type.Object(
          {
            min: Type.Integer({ description: 'Smallest hidden count.' }),
            max: Type.Integer({ description: 'Largest hidden count.' }),
            counts: Type.String({ description: 'Which count decides: `population`.' }),
          },
          { additionalProperties: false, description: 'Cells of so few people are hidden altogether.' },
        ),
        complementary: text('How other cells are hidden so that no hidden value can be worked out.'),
      },
      { additionalProperties: false, description: 'Small numbers, for every caller but network staff.' },
    ),
    decimals: Type.Integer({ minimum: 0, description: 'Fractions are rounded to this many decimals.' }),
  },
  {
    $id: 'MetricRules',
    description: 'The rules of a metric, as data: what the numbers of a placement result mean.',
    additionalProperties: false,
  },
)

const Localised = (what: string) =>
  Type.Object(
    { fr: text(`${what} in French.`), en: text(`${what} in English.`) },
    { additionalProperties: false, description: `${what}, in French and English.` },
  )

export const MetricDefinition = Type.Object(
  {
    id: metricId,
    version: metricVersion,
    latest: Type.Boolean({ description: 'Whether this is the latest version of the metric.' }),
    name: Localised('The name'),
    description: Localised('What the metric counts'),
    target: Nullable(fraction('The network’s target for this metric.'), {
      description: 'The target results are compared to (0.80 for `r_positive`), or null.',
    }),
    definition: ref(MetricRules),
    publishedAt: Timestamp('When this version was published. A published version never changes.'),
  },
  {
    $id: 'MetricDefinition',
    examples: [metricDefinitionExample],
    description:
      'A versioned metric definition. A figure is always a definition applied to a population at a checkpoint; a new version never changes what an earlier one computed.',
    additionalProperties: false,
  },
)

export const MetricDefinitionList = Type.Object(
  { items: Type.Array(ref(MetricDefinition), { description: 'The latest version of every metric, by id.' }) },
  {
    $id: 'MetricDefinitionList',
    examples: [metricDefinitionListExample],
    description: 'The metric definitions.',
    additionalProperties: false,
  },
)

export const MetricParams = Type.Object({ id: metricId }, { additionalProperties: false })

export const MetricQuery = Type.Object({ version: Type.Optional(metricVersion) }, { additionalProperties: false })

export type MetricCheckpointRule = Static<typeof MetricCheckpointRule>
export type MetricCategoryRule = Static<typeof MetricCategoryRule>
export type MetricRules = Static<typeof MetricRules>
export type MetricDefinition = Static<typeof MetricDefinition>
