import Type, { type Static } from 'typebox'
import { Timestamp, Uuid } from '../common/ids.js'
import { Nullable, ref } from '../common/schema.js'
import { statsOverviewExample, statsFunnelExample } from '../examples.js'
import { count, fraction, metricId, metricVersion, text } from './fields.js'
import { PlacementCell, PlacementGroupLabels, StatsReleaseRef } from './placement.js'

/**
 * The overview (every campus's figures by year) and the funnel from application to completion.
 */

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

export type OverviewYear = Static<typeof OverviewYear>
export type IntakeProfile = Static<typeof IntakeProfile>
export type OverviewCampus = Static<typeof OverviewCampus>
export type StatsOverview = Static<typeof StatsOverview>
export type FunnelCell = Static<typeof FunnelCell>
export type FunnelGroup = Static<typeof FunnelGroup>
export type StatsFunnel = Static<typeof StatsFunnel>
export type FunnelQuery = Static<typeof FunnelQuery>
