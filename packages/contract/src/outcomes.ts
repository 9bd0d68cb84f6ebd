import Type, { type Static, type TSchema } from 'typebox'
import { IsoDate, Timestamp, Uuid, provenance, writtenByImport } from './common/ids.js'
import { Nullable, StringEnum, ref } from './common/schema.js'
import { Page, paginationQuery } from './common/pagination.js'
import {
  checkpoints,
  contractTypes,
  observationSources,
  recordedObservationSources,
  situations,
} from './common/enums.js'
import { windowWords } from './rules.js'
import { outcomeObservationExample, outcomeObservationHistoryExample, followUpPageExample } from './examples.js'

const checkpoint = StringEnum(checkpoints, {
  description: `Which follow-up this observation answers: \`exit\` (at exit: observedOn ${windowWords('exit')}), \`m6\` (six months after exit: ${windowWords('m6')}, i.e. ± 2 months) or \`m12\` (twelve months after exit: ${windowWords('m12')}). Bounds are inclusive; months are calendar months (31 August + 6 months is the last day of February).`,
  examples: ['m6'],
})
const observedOn = IsoDate(
  'The day the situation was observed (not the day it was recorded). On or after the enrolment’s exit date, not in the future (UTC), and inside the checkpoint’s tolerance window.',
)
const situation = StringEnum(situations, {
  description:
    'What the person was doing on `observedOn`: `employed`, `work_study` (apprenticeship or professionalisation contract), `qualifying_training`, `job_seeking`, `inactive` or `unreachable` (could not be contacted).',
  examples: ['employed'],
})
const contractType = StringEnum(contractTypes, {
  description:
    'Required when the situation is `employed` or `work_study`, refused for any other situation (a training under an apprenticeship or professionalisation contract is `work_study`). `work_study` takes `apprenticeship` or `professionalisation` only, and `employed` takes any other type: `cdi`, `cdd`, `temp_agency`, `cdi_interim`, `subsidised`, `civil_service`, `self_employed`.',
  examples: ['cdd'],
})
const contractMonths = Type.Integer({
  minimum: 1,
  maximum: 60,
  description:
    'Length of a fixed-term contract in whole months, 1 to 60; optional (unknown lengths stay null). Only with a contract type that has a term (`cdd`, `temp_agency`, `apprenticeship`, `professionalisation`, `subsidised`); refused for open-ended ones (`cdi`, `cdi_interim`, `civil_service`, `self_employed`) and without a contract.',
  examples: [12],
})
const employerOrganisationId = Uuid(
  'The employer, when it is a known organisation; only for `employed` and `work_study`. Must exist (400 otherwise).',
)
const inFibreSector = Type.Boolean({
  description:
    'Whether the job, work-study contract or training is in the fibre / telecom network sector. Only for `employed`, `work_study` and `qualifying_training`; null when unknown.',
  examples: [true],
})
const startedOn = IsoDate(
  'When the situation began (the job or contract, the training, the job search), as the person or the document says: on or before `observedOn`. Optional; null when not known. Learners are asked it on the `/suivi` page.',
)
const source = StringEnum(observationSources, {
  description:
    'How the situation is known: `self_declared` (the person said so), `employer_confirmed`, `document` (contract, pay slip, certificate) or `partner_report` (mission locale, France Travail, a partner).',
  examples: ['employer_confirmed'],
})
const recordedSource = StringEnum(recordedObservationSources, {
  description:
    'How the situation is known: `self_declared` (the person said so, to staff), `employer_confirmed`, `document` (contract, pay slip, certificate), `partner_report` (mission locale, France Travail, a partner) or `self_report` (the person answered a follow-up invitation themself, on the `/suivi` page; only the API sets it).',
  examples: ['employer_confirmed'],
})
const supersedes = Uuid(
  'The earlier observation this one corrects. It must be an observation of the same enrolment (400 when it does not exist) at the same checkpoint that no other observation supersedes yet (409 otherwise). The earlier one stays in the history, marked superseded.',
)

export const OutcomeObservation = Type.Object(
  {
    id: Uuid('Observation id.'),
    enrolmentId: Uuid('The enrolment observed.'),
    checkpoint,
    observedOn,
    situation,
    contractType: Nullable(contractType),
    contractMonths: Nullable(contractMonths),
    employerOrganisationId: Nullable(employerOrganisationId),
    inFibreSector: Nullable(inFibreSector),
    startedOn: Nullable(startedOn),
    source: recordedSource,
    supersedes: Nullable(supersedes),
    supersededBy: Nullable(
      Uuid(
        'The observation that corrects this one, as known at the moment the answer is given for (`asOf`, or now); null while none does.',
      ),
    ),
    current: Type.Boolean({
      description: 'True when no observation supersedes this one at the moment the answer is given for.',
    }),
    provenance,
    importId: writtenByImport,
    recordedAt: Timestamp('When the observation was recorded (UTC): the axis `asOf` reads along.'),
  },
  {
    $id: 'OutcomeObservation',
    examples: [outcomeObservationExample],
    description:
      'What a learner was doing at exit, 6 or 12 months after (situation observée). Append-only: never changed or deleted, by the API or in the database (triggers refuse UPDATE, DELETE and TRUNCATE); a correction is a new observation that `supersedes` the earlier one, so any figure can be recomputed as it stood at any moment.',
    additionalProperties: false,
  },
)

export const OutcomeObservationCreate = Type.Object(
  {
    checkpoint,
    observedOn,
    situation,
    contractType: Type.Optional(contractType),
    contractMonths: Type.Optional(contractMonths),
    employerOrganisationId: Type.Optional(employerOrganisationId),
    inFibreSector: Type.Optional(inFibreSector),
    startedOn: Type.Optional(startedOn),
    source,
    supersedes: Type.Optional(supersedes),
  },
  {
    $id: 'OutcomeObservationCreate',
    description:
      'A new observation of the enrolment in the path. The enrolment must have exited (an exit date: 409 otherwise). Field rules are checked together and every failing field is reported (400).',
    additionalProperties: false,
    examples: [
      {
        checkpoint: 'm6',
        observedOn: '2019-06-14',
        situation: 'employed',
        contractType: 'cdd',
        contractMonths: 12,
        inFibreSector: true,
        source: 'employer_confirmed',
      },
      {
        checkpoint: 'm6',
        observedOn: '2019-06-20',
        situation: 'work_study',
        contractType: 'apprenticeship',
        contractMonths: 24,
        source: 'document',
        supersedes: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10',
      },
    ],
  },
)

export const CheckpointWindow = Type.Object(
  {
    from: IsoDate('First day an observation is accepted for the checkpoint (inclusive).'),
    to: IsoDate('Last day an observation is accepted for the checkpoint (inclusive).'),
  },
  {
    $id: 'CheckpointWindow',
    description:
      'The tolerance window of a checkpoint: exit → [exit date, exit + 45 days]; m6 → [exit + 4 months, exit + 8 months]; m12 → [exit + 10 months, exit + 14 months].',
    additionalProperties: false,
  },
)

export const CheckpointWindows = Type.Object(
  {
    exit: ref(CheckpointWindow),
    m6: ref(CheckpointWindow),
    m12: ref(CheckpointWindow),
  },
  {
    $id: 'CheckpointWindows',
    description: 'The tolerance window of each checkpoint of an exited enrolment.',
    additionalProperties: false,
  },
)

const inForce = (what: string) =>
  Nullable(ref(OutcomeObservation), {
    description: `The ${what} observation in force: null when there is none.`,
  })

export const OutcomesInForce = Type.Object(
  {
    exit: inForce('exit'),
    m6: inForce('six-month'),
    m12: inForce('twelve-month'),
  },
  {
    $id: 'OutcomesInForce',
    description:
      'The observation that counts at each checkpoint: the one the statistics count (the same database function chooses it). Among the observations of the checkpoint that are current (not superseded) and inside its window, a failed contact (`unreachable`) counts only when nothing else was observed; then the one observed nearest to the checkpoint date (exit date, exit + 6 months, exit + 12 months) wins; on the same day, an open-ended contract (`cdi`, `cdi_interim`, `civil_service`) before others, then the longest contract, then the latest recorded.',
    additionalProperties: false,
  },
)

export const OutcomeObservationHistory = Type.Object(
  {
    enrolmentId: Uuid('The enrolment.'),
    exitDate: Nullable(IsoDate('The enrolment’s exit date; null while it has not exited.')),
    asOf: Timestamp('The moment the history is given for: observations recorded after it are left out.'),
    windows: Nullable(ref(CheckpointWindows), {
      description: 'The tolerance window of each checkpoint; null while the enrolment has not exited.',
    }),
    items: Type.Array(ref(OutcomeObservation), {
      description:
        'Observations recorded up to `asOf` (of the requested checkpoint only, when one is given), by checkpoint (exit, m6, m12), then in the order they were recorded. `supersededBy` and `current` are as known at `asOf`.',
    }),
    current: ref(OutcomesInForce),
  },
  {
    $id: 'OutcomeObservationHistory',
    examples: [outcomeObservationHistoryExample],
    description:
      'Every observation of an enrolment as it stood at a moment, corrections included, and the observation in force at each checkpoint.',
    additionalProperties: false,
  },
)

const followUpCheckpoints = ['m6', 'm12'] as const

export const FollowUp = Type.Object(
  {
    enrolmentId: Uuid('The enrolment to follow up.'),
    learner: Type.Object(
      {
        id: Uuid('Learner id.'),
        reference: Type.String({
          description: 'The campus-local reference the campus ties to a person (no name is stored centrally).',
          examples: ['LYO-2019-014'],
        }),
      },
      { description: 'The learner, pseudonymous.', additionalProperties: false },
    ),
    campus: Type.Object(
      { id: Uuid('Campus id.'), name: Type.String({ description: 'Campus name.' }) },
      { description: 'The campus of the cohort.', additionalProperties: false },
    ),
    cohort: Type.Object(
      { id: Uuid('Cohort id.'), name: Type.String({ description: 'Cohort name.' }) },
      { description: 'The cohort the learner left.', additionalProperties: false },
    ),
    checkpoint: StringEnum(followUpCheckpoints, { description: '`m6` or `m12`: the follow-up that is due.' }),
    exitDate: IsoDate('The enrolment’s exit date.'),
    dueOn: IsoDate('The checkpoint date: exit date + 6 months (m6) or + 12 months (m12).'),
    daysOverdue: Type.Integer({
      description:
        'Days from `dueOn` to today (UTC), whatever `dueBefore` is: positive when overdue, 0 on the day, negative when not due yet (only with a `dueBefore` in the future).',
      examples: [12],
    }),
    window: ref(CheckpointWindow),
    windowClosed: Type.Boolean({
      description:
        'True when the tolerance window ended before today: an observation can no longer be recorded for this checkpoint and the enrolment stays unknown in the statistics.',
    }),
  },
  {
    $id: 'FollowUp',
    description:
      'A follow-up to make: an exited enrolment (not excluded) whose m6 or m12 checkpoint date has come and that has no observation for that checkpoint yet.',
    additionalProperties: false,
  },
)

export const FollowUpPage = Page(
  ref(FollowUp),
  'FollowUpPage',
  'A page of follow-ups, oldest checkpoint date first (then enrolment id, then checkpoint).',
  [followUpPageExample],
)

export const OutcomeEnrolmentParams = Type.Object(
  { enrolmentId: Uuid('Enrolment id.') },
  { additionalProperties: false },
)

export const OutcomeObservationHistoryQuery = Type.Object(
  {
    asOf: Type.Optional(
      Type.Union(
        [
          Type.String({ format: 'date-time', description: 'A moment (with a time zone).' }),
          Type.String({ format: 'date', description: 'A day: the end of that day (UTC).' }),
        ],
        {
          description:
            'Give the history as it stood at this moment: observations recorded after it are left out, and corrections recorded after it are not applied. A date alone means the end of that day (UTC). Now when absent.',
          examples: ['2019-12-31T23:59:59Z'],
        },
      ),
    ),
    checkpoint: Type.Optional(
      StringEnum(checkpoints, {
        description: 'Only observations of this checkpoint (`current` still gives all three).',
      }),
    ),
  },
  { additionalProperties: false },
)

export const FollowUpListQuery = Type.Object(
  {
    limit: paginationQuery.limit,
    cursor: paginationQuery.cursor,
    campusId: Type.Optional(Uuid('Only enrolments of cohorts of this campus.')),
    cohortId: Type.Optional(Uuid('Only enrolments of this cohort.')),
    checkpoint: Type.Optional(
      StringEnum(followUpCheckpoints, { description: 'Only this checkpoint; both when absent.' }),
    ),
    dueBefore: Type.Optional(
      IsoDate('List checkpoints whose date is on or before this day (due or overdue). Today (UTC) when absent.'),
    ),
    window: Type.Optional(
      StringEnum(['open', 'closed'] as const, {
        description:
          '`open`: only follow-ups whose tolerance window has not ended (an observation can still be recorded); `closed`: only those whose window has ended. Both when absent.',
      }),
    ),
  },
  { additionalProperties: false },
)

export type OutcomeObservation = Static<typeof OutcomeObservation>
export type OutcomeObservationCreate = Static<typeof OutcomeObservationCreate>
export type CheckpointWindow = Static<typeof CheckpointWindow>
export type CheckpointWindows = Static<typeof CheckpointWindows>
export type OutcomesInForce = Static<typeof OutcomesInForce>
export type OutcomeObservationHistory = Static<typeof OutcomeObservationHistory>
export type FollowUp = Static<typeof FollowUp>
export type FollowUpPage = Static<typeof FollowUpPage>
export type OutcomeObservationHistoryQuery = Static<typeof OutcomeObservationHistoryQuery>
export type FollowUpListQuery = Static<typeof FollowUpListQuery>
export type FollowUpCheckpoint = (typeof followUpCheckpoints)[number]

/** Named schemas of this resource, registered with Fastify and published in the contract. */
export const outcomesSchemas: TSchema[] = [
  OutcomeObservation,
  OutcomeObservationCreate,
  CheckpointWindow,
  CheckpointWindows,
  OutcomesInForce,
  OutcomeObservationHistory,
  FollowUp,
  FollowUpPage,
]
