import Type, { type Static } from 'typebox'
import { IsoDate, Uuid, provenance, resourceMeta } from './common/ids.js'
import { Nullable, StringEnum, ref } from './common/schema.js'
import { Page, paginationQuery } from './common/pagination.js'
import { cohortStatuses } from './common/enums.js'
import { cohortExample, cohortPageExample } from './examples.js'

const name = Type.String({
  minLength: 1,
  maxLength: 200,
  description:
    'The cohort name (promotion, session), unique within its campus ignoring case and accents, e.g. “Lyon 2019 – session 1”.',
  examples: ['Lyon 2019 – session 1'],
})
const startDate = IsoDate('First day of training.')
const endDate = IsoDate('Last day of training, on or after `startDate`.')
const plannedSeats = Type.Integer({
  minimum: 1,
  maximum: 1000,
  description: 'Learners the cohort plans to take (12 to 16 is usual).',
  examples: [15],
})
const juryDate = IsoDate('Day of the selection jury, on or before `startDate`.')
const statusDescription =
  '`planned`, `recruiting`, `in_training`, `completed` or `cancelled`. Moves only planned → recruiting → in_training → completed; `cancelled` only from planned or recruiting.'
const status = StringEnum(cohortStatuses, { description: statusDescription, examples: ['recruiting'] })

export const CohortCampus = Type.Object(
  {
    id: Uuid('Campus id.'),
    name: Type.String({ description: 'Campus name.' }),
    commune: Type.String({ description: 'Campus commune.' }),
  },
  { $id: 'CohortCampus', description: 'The campus of the cohort, summarised.', additionalProperties: false },
)

export const CohortTrack = Type.Object(
  {
    id: Uuid('Track id.'),
    name: Type.String({ description: 'Track name.' }),
  },
  { $id: 'CohortTrack', description: 'The track the cohort follows, summarised.', additionalProperties: false },
)

export const Cohort = Type.Object(
  {
    id: Uuid('Cohort id.'),
    campusId: Uuid('The campus running the cohort.'),
    trackId: Uuid('The track the cohort follows.'),
    campus: ref(CohortCampus),
    track: ref(CohortTrack),
    name,
    startDate,
    endDate,
    plannedSeats,
    juryDate: Nullable(juryDate, { description: 'Day of the selection jury, or null when not set.' }),
    status,
    provenance,
    ...resourceMeta,
  },
  {
    $id: 'Cohort',
    examples: [cohortExample],
    description: 'A cohort (promotion, session): one run of a track at a campus.',
    additionalProperties: false,
  },
)

export const CohortCreate = Type.Object(
  {
    campusId: Uuid('The campus running the cohort; it may not be closed.'),
    trackId: Uuid('The track the cohort follows.'),
    name,
    startDate,
    endDate,
    plannedSeats,
    juryDate: Type.Optional(Nullable(juryDate)),
    status: Type.Optional(
      StringEnum(cohortStatuses, {
        description:
          'Defaults to `planned`. Another status may be given to record a cohort that already exists; afterwards it only moves along the allowed transitions.',
        default: 'planned',
      }),
    ),
  },
  {
    $id: 'CohortCreate',
    description: 'A new cohort of a track at a campus that is not closed.',
    additionalProperties: false,
    examples: [
      {
        campusId: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10',
        trackId: '3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10',
        name: 'Lyon 2019 – session 1',
        startDate: '2019-01-14',
        endDate: '2019-04-12',
        plannedSeats: 15,
        juryDate: '2018-12-13',
      },
    ],
  },
)

export const CohortUpdate = Type.Object(
  {
    trackId: Type.Optional(Uuid('Another track; only before training starts (planned or recruiting).')),
    name: Type.Optional(name),
    startDate: Type.Optional(startDate),
    endDate: Type.Optional(endDate),
    plannedSeats: Type.Optional(plannedSeats),
    juryDate: Type.Optional(Nullable(juryDate)),
    status: Type.Optional(
      StringEnum(cohortStatuses, {
        description: `${statusDescription} Sending the current status changes nothing.`,
      }),
    ),
  },
  {
    $id: 'CohortUpdate',
    description:
      'Fields to change; absent fields stay as they are, null clears the jury date. A cohort does not move to another campus: create a new one there.',
    additionalProperties: false,
    minProperties: 1,
    examples: [{ status: 'in_training' }],
  },
)

export const cohortSorts = ['startDate', '-startDate', 'name', '-name', 'createdAt', '-createdAt'] as const

export const CohortListQuery = Type.Object(
  {
    ...paginationQuery,
    campusId: Type.Optional(Uuid('Only cohorts of this campus.')),
    trackId: Type.Optional(Uuid('Only cohorts of this track.')),
    status: Type.Optional(StringEnum(cohortStatuses, { description: 'Only cohorts with this status.' })),
    year: Type.Optional(
      Type.Integer({
        minimum: 2000,
        maximum: 2100,
        description: 'Only cohorts starting in this calendar year.',
        examples: [2019],
      }),
    ),
    sort: Type.Optional(
      StringEnum(cohortSorts, {
        description: 'Sort field; a leading `-` sorts descending. Latest start first by default.',
        default: '-startDate',
      }),
    ),
  },
  { additionalProperties: false },
)

export const CohortPage = Page(ref(Cohort), 'CohortPage', 'A page of cohorts.', [cohortPageExample])

/** Named schemas of this resource, registered with Fastify and published in the contract. */
export const cohortsSchemas = [CohortCampus, CohortTrack, Cohort, CohortCreate, CohortUpdate, CohortPage]

export type Cohort = Static<typeof Cohort>
export type CohortCreate = Static<typeof CohortCreate>
export type CohortUpdate = Static<typeof CohortUpdate>
export type CohortListQuery = Static<typeof CohortListQuery>
export type CohortSort = (typeof cohortSorts)[number]
