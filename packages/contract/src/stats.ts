import Type, { type Static } from 'typebox'
import { IsoDate, Timestamp, Uuid } from './common/ids.js'
import { Nullable, StringEnum, ref } from './common/schema.js'
import {
  checkpoints,
  contractTypes,
  diplomaLevels,
  exitReasons,
  recordedObservationSources,
  referrers,
  sexes,
  situations,
} from './common/enums.js'
import {
  metricDefinitionExample,
  metricDefinitionListExample,
  placementResultExample,
  statsOverviewExample,
  statsFunnelExample,
  outcomeMixResultExample,
  snapshotExample,
  snapshotCheckExample,
  snapshotListExample,
} from './examples.js'

/** Populations a placement rate can be computed on. */
export const statsBases = ['entrants', 'completers'] as const
export type StatsBasis = (typeof statsBases)[number]

/** Dimensions a placement result can be broken down by (up to two at once). */
export const statsDimensions = ['campus', 'cohort', 'exitYear', 'sex', 'qpv', 'diplomaAtEntry', 'referrer'] as const
export type StatsDimension = (typeof statsDimensions)[number]

/** Languages the labels of a breakdown's groups come in (`lang`); French is the default. */
export const statsLanguages = ['fr', 'en'] as const
export type StatsLanguage = (typeof statsLanguages)[number]

type ValueLabels = {
  sex: Record<(typeof sexes)[number], string>
  qpv: Record<'true' | 'false' | 'unknown', string>
  diplomaAtEntry: Record<(typeof diplomaLevels)[number], string>
  referrer: Record<(typeof referrers)[number], string>
}

/** The labels of the breakdown dimensions' values, by language (`qpv`: `true`, `false`, `unknown` for null). */
export const statsValueLabels: Record<StatsLanguage, ValueLabels> = {
  fr: {
    sex: { female: 'Femme', male: 'Homme' },
    qpv: { true: 'Réside en QPV', false: 'Ne réside pas en QPV', unknown: 'Résidence en QPV inconnue' },
    diplomaAtEntry: {
      none: 'Aucun diplôme',
      brevet: 'Brevet',
      cap_bep: 'CAP / BEP',
      bac: 'Baccalauréat',
      higher: 'Études supérieures',
    },
    referrer: {
      mission_locale: 'Mission locale',
      france_travail: 'France Travail',
      e2c: 'École de la deuxième chance',
      self: 'Candidature spontanée',
      other: 'Autre',
    },
  },
  en: {
    sex: { female: 'Female', male: 'Male' },
    qpv: {
      true: 'Lives in a priority neighbourhood (QPV)',
      false: 'Does not live in a priority neighbourhood (QPV)',
      unknown: 'QPV residence not known',
    },
    diplomaAtEntry: {
      none: 'No diploma',
      brevet: 'Brevet',
      cap_bep: 'CAP / BEP',
      bac: 'Baccalauréat',
      higher: 'Higher education',
    },
    referrer: {
      mission_locale: 'Mission locale',
      france_travail: 'France Travail',
      e2c: 'Second-chance school (E2C)',
      self: 'Self-referred',
      other: 'Other',
    },
  },
}

/** Who reads a statistic: every caller but network staff gets small numbers suppressed. */
export const statsViewers = ['public', 'network_staff'] as const
export type StatsViewer = (typeof statsViewers)[number]

export const suppressionReasons = ['small_denominator', 'small_cell', 'complementary'] as const
export type SuppressionReason = (typeof suppressionReasons)[number]

export const maturities = ['provisional', 'final'] as const
export type Maturity = (typeof maturities)[number]

/** Outcome categories an observation falls in (metric definitions v1); `unknown` when there is none. */
export const outcomeCategories = [
  'employed_lasting',
  'employed_other',
  'work_study',
  'qualifying_training',
  'job_seeking',
  'inactive',
  'unknown',
] as const
export type OutcomeCategory = (typeof outcomeCategories)[number]

const metricId = Type.String({
  pattern: '^[a-z][a-z0-9_]{1,40}$',
  description: 'Metric id: `r_positive`, `r_employment`, `r_lasting`, or any later one.',
  examples: ['r_positive'],
})
const metricVersion = Type.Integer({
  minimum: 1,
  maximum: 2_147_483_647,
  description: 'Version of the metric definition.',
  examples: [1],
})
const fraction = (description: string) =>
  Type.Number({ minimum: 0, maximum: 1, description: `${description} A fraction from 0 to 1.`, examples: [0.8] })
const count = (description: string) => Nullable(Type.Integer({ minimum: 0 }), { description })
const text = (description: string) => Type.String({ description })

// ---------------------------------------------------------------------------------------------
// Metric definitions

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

// ---------------------------------------------------------------------------------------------
// Placement results

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

const groupByPattern = `^(${statsDimensions.join('|')})(,(${statsDimensions.join('|')}))?$`

const placementQueryFields = {
  metric: Type.Optional(metricId),
  metricVersion: Type.Optional({ ...metricVersion, description: 'Version of the metric; default: the latest.' }),
  basis: Type.Optional(StringEnum(statsBases, { description: 'Population: `entrants` (default) or `completers`.' })),
  checkpoint: Type.Optional(StringEnum(checkpoints, { description: 'Checkpoint: `exit`, `m6` (default) or `m12`.' })),
  campusId: Type.Optional(Uuid('Only cohorts of this campus.')),
  cohortId: Type.Optional(Uuid('Only this cohort.')),
  exitYear: Type.Optional(
    Type.Integer({ minimum: 2000, maximum: 2100, description: 'Only members who exited this year.', examples: [2018] }),
  ),
  exitFrom: Type.Optional(IsoDate('Only members who exited on or after this day (not with `exitYear`).')),
  exitTo: Type.Optional(IsoDate('Only members who exited on or before this day (not with `exitYear`).')),
  groupBy: Type.Optional(
    Type.String({
      pattern: groupByPattern,
      description:
        'Up to two dimensions, comma-separated: `campus`, `cohort`, `exitYear`, `sex`, `qpv`, `diplomaAtEntry`, `referrer`.',
      examples: ['exitYear,sex'],
    }),
  ),
}

export const PlacementQuery = Type.Object(
  {
    metric: Type.Optional({ ...metricId, description: 'Metric id; default `r_positive`.' }),
    metricVersion: placementQueryFields.metricVersion,
    basis: placementQueryFields.basis,
    checkpoint: placementQueryFields.checkpoint,
    campusId: placementQueryFields.campusId,
    cohortId: placementQueryFields.cohortId,
    exitYear: placementQueryFields.exitYear,
    exitFrom: placementQueryFields.exitFrom,
    exitTo: placementQueryFields.exitTo,
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

// ---------------------------------------------------------------------------------------------
// Overview and funnel

export const OverviewYear = Type.Object(
  {
    year: Type.Integer({ description: 'Calendar year.', examples: [2018] }),
    entrants: count(
      'Learners whose integration was confirmed, in the cohorts that started that year (the funnel’s year). Null when hidden.',
    ),
    completions: count('Learners who completed the training that year. Null when hidden.'),
  },
  { $id: 'OverviewYear', description: 'Entries and completions in one year.', additionalProperties: false },
)

const share = (description: string) =>
  Nullable(fraction(description), { description: `${description} Null when withheld (small numbers).` })

export const IntakeProfile = Type.Object(
  {
    entrants: count('Learners whose integration was confirmed, all years. Null when hidden.'),
    qpvResidents: share('Share of entrants living in a priority neighbourhood (QPV); unknown counts as no.'),
    noDiplomaAtEntry: share('Share of entrants with no diploma at entry.'),
    neetAtEntry: share(
      'Share of entrants neither in employment, education nor training at entry; unknown counts as no.',
    ),
    women: share('Share of women among entrants.'),
  },
  { $id: 'IntakeProfile', description: 'Who enters the training.', additionalProperties: false },
)

export const OverviewCampus = Type.Object(
  {
    campus: Type.Object(
      {
        id: Uuid('Campus id.'),
        name: text('Campus name.'),
        status: Type.String({ description: '`planned`, `open` or `closed`.' }),
      },
      { additionalProperties: false, description: 'The campus.' },
    ),
    yearlyCapacity: Nullable(Type.Integer(), { description: 'Learners the campus can take a year, when known.' }),
    years: Type.Array(ref(OverviewYear), { description: 'Entries and completions by year.' }),
    intake: ref(IntakeProfile),
    placement: ref(PlacementCell),
  },
  { $id: 'OverviewCampus', description: 'One campus in the overview.', additionalProperties: false },
)

export const StatsOverview = Type.Object(
  {
    asOf: Timestamp('When the figures were computed.'),
    metric: Type.Object(
      { id: metricId, version: metricVersion },
      { additionalProperties: false, description: 'The metric of `placement`: `r_positive` at `m6` on entrants.' },
    ),
    network: Type.Object(
      {
        campuses: Type.Object(
          {
            planned: Type.Integer({ description: 'Campuses planned.' }),
            open: Type.Integer({ description: 'Campuses open.' }),
            closed: Type.Integer({ description: 'Campuses closed.' }),
          },
          { additionalProperties: false, description: 'Campuses by status.' },
        ),
        yearlyCapacity: Type.Integer({ description: 'Sum of the yearly capacity of the open campuses.' }),
        years: Type.Array(ref(OverviewYear), { description: 'Entries and completions by year.' }),
        intake: ref(IntakeProfile),
        placement: ref(PlacementCell),
      },
      { additionalProperties: false, description: 'The whole network.' },
    ),
    campuses: Type.Array(ref(OverviewCampus), { description: 'Every campus, by name.' }),
    release: Type.Optional(ref(StatsReleaseRef)),
  },
  {
    $id: 'StatsOverview',
    examples: [statsOverviewExample],
    description:
      'The network at a glance: campuses, capacity, entries and completions by year, intake profile and the headline `r_positive` at six months on entrants (all exit years), for the network and each campus.',
    additionalProperties: false,
  },
)

const funnelFields = {
  applied: count('Applications.'),
  pastJury: count('Applications the jury accepted (waiting list included).'),
  enrolled: count('Learners who entered the training.'),
  integrationConfirmed: count('Learners past the trial period.'),
  completed: count('Learners who completed the training.'),
  positiveAtM6: count(
    'Learners past the trial period who exited and were in a positive situation six months after (r_positive numerator, entrants basis). Null when withheld: fewer than 20 counted, or hidden.',
  ),
  suppressed: Type.Boolean({ description: 'True when some counts of this cell are withheld (small numbers).' }),
}

export const FunnelCell = Type.Object(funnelFields, {
  $id: 'FunnelCell',
  description: 'From application to a positive situation six months after exit.',
  additionalProperties: false,
})

export const FunnelGroup = Type.Object(
  {
    key: Type.Object(
      {
        campus: Uuid('Campus id.'),
        year: Type.Integer({ description: 'Year the cohort started.', examples: [2018] }),
      },
      { additionalProperties: false, description: 'The campus and the cohorts’ start year.' },
    ),
    labels: ref(PlacementGroupLabels),
    ...funnelFields,
  },
  { $id: 'FunnelGroup', description: 'The funnel of one campus in one year.', additionalProperties: false },
)

export const StatsFunnel = Type.Object(
  {
    asOf: Timestamp('When the figures were computed.'),
    filters: Type.Object(
      {
        campusId: Nullable(Uuid('Only this campus.')),
        year: Nullable(Type.Integer({ description: 'Only cohorts starting this year.' })),
      },
      { additionalProperties: false, description: 'The filters applied.' },
    ),
    total: ref(FunnelCell),
    groups: Type.Array(ref(FunnelGroup), { description: 'By campus and year of the cohorts’ start.' }),
    release: Type.Optional(ref(StatsReleaseRef)),
  },
  {
    $id: 'StatsFunnel',
    examples: [statsFunnelExample],
    description: 'Applied → past jury → enrolled → integration confirmed → completed → positive at six months.',
    additionalProperties: false,
  },
)

export const FunnelQuery = Type.Object(
  {
    campusId: Type.Optional(Uuid('Only this campus.')),
    year: Type.Optional(
      Type.Integer({ minimum: 2000, maximum: 2100, description: 'Only cohorts starting this year.' }),
    ),
  },
  { additionalProperties: false },
)

// ---------------------------------------------------------------------------------------------
// Outcome mix

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
    basis: placementQueryFields.basis,
    checkpoint: placementQueryFields.checkpoint,
    campusId: placementQueryFields.campusId,
    cohortId: placementQueryFields.cohortId,
    exitYear: placementQueryFields.exitYear,
    exitFrom: placementQueryFields.exitFrom,
    exitTo: placementQueryFields.exitTo,
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

// ---------------------------------------------------------------------------------------------
// Snapshots

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

export const Snapshot = Type.Object(
  {
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
  },
  {
    $id: 'Snapshot',
    examples: [snapshotExample],
    description: 'A frozen, published figure.',
    additionalProperties: false,
  },
)

export const SnapshotCheck = Type.Object(
  {
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
  OutcomeMixCell,
  OutcomeMixGroup,
  OutcomeMixResult,
  SnapshotQuery,
  SnapshotCreate,
  Snapshot,
  SnapshotCheck,
  SnapshotList,
]

export type MetricCheckpointRule = Static<typeof MetricCheckpointRule>
export type MetricCategoryRule = Static<typeof MetricCategoryRule>
export type MetricRules = Static<typeof MetricRules>
export type MetricDefinition = Static<typeof MetricDefinition>
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
export type OverviewYear = Static<typeof OverviewYear>
export type IntakeProfile = Static<typeof IntakeProfile>
export type OverviewCampus = Static<typeof OverviewCampus>
export type StatsOverview = Static<typeof StatsOverview>
export type FunnelCell = Static<typeof FunnelCell>
export type FunnelGroup = Static<typeof FunnelGroup>
export type StatsFunnel = Static<typeof StatsFunnel>
export type FunnelQuery = Static<typeof FunnelQuery>
export type OutcomeMixCell = Static<typeof OutcomeMixCell>
export type OutcomeMixGroup = Static<typeof OutcomeMixGroup>
export type OutcomeMixResult = Static<typeof OutcomeMixResult>
export type OutcomeMixQuery = Static<typeof OutcomeMixQuery>
export type SnapshotQuery = Static<typeof SnapshotQuery>
export type SnapshotCreate = Static<typeof SnapshotCreate>
export type Snapshot = Static<typeof Snapshot>
export type SnapshotCheck = Static<typeof SnapshotCheck>
export type SnapshotListQuery = Static<typeof SnapshotListQuery>
