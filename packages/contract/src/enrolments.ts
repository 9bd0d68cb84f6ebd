import Type, { type Static } from 'typebox'
import { IsoDate, Timestamp, Uuid, provenance, resourceMeta, writtenByImport } from './common/ids.js'
import { Nullable, StringEnum, ref } from './common/schema.js'
import { Page, paginationQuery } from './common/pagination.js'
import {
  cohortStatuses,
  enrolmentStages,
  exclusionReasons,
  exitReasons,
  organisationKinds,
  type EnrolmentStage,
} from './common/enums.js'
import {
  enrolmentExample,
  enrolmentStageHistoryExample,
  enrolmentPageExample,
  internshipExample,
  internshipListExample,
} from './examples.js'

/**
 * The moves an enrolment's stage may make (DOMAIN.md §3). `jury_rejected`, `completed` and
 * `withdrawn` are final.
 */
export const enrolmentTransitions: Record<EnrolmentStage, readonly EnrolmentStage[]> = {
  applied: ['jury_rejected', 'waitlisted', 'enrolled'],
  waitlisted: ['enrolled', 'withdrawn'],
  enrolled: ['in_training', 'withdrawn'],
  in_training: ['completed', 'withdrawn'],
  jury_rejected: [],
  completed: [],
  withdrawn: [],
}

/** Stages an enrolment may be created at: `applied`, or one move from it. */
export const enrolmentCreationStages = ['applied', 'jury_rejected', 'waitlisted', 'enrolled'] as const

/** Stages that hold a place: a learner may not have two of these in cohorts whose periods overlap. */
export const activeEnrolmentStages = ['applied', 'waitlisted', 'enrolled', 'in_training', 'completed'] as const

/** Exit reasons of a withdrawal after entering the training (from `enrolled` or `in_training`). */
export const withdrawalExitReasons = ['left_for_job', 'dropout', 'dismissed', 'excluded'] as const

/** Internships may start this many days before the cohort starts and end this many after it ends. */
export const internshipToleranceDays = 30

const stageDescription =
  '`applied` → `jury_rejected` | `waitlisted` | `enrolled`; `waitlisted` → `enrolled` | `withdrawn`; `enrolled` → `in_training` | `withdrawn`; `in_training` → `completed` | `withdrawn`. `jury_rejected`, `completed` and `withdrawn` are final.'
const stage = StringEnum(enrolmentStages, { description: `Current stage. ${stageDescription}`, examples: ['enrolled'] })
const appliedOn = IsoDate('Day the learner applied. On or before the cohort’s end date.')
const integrationConfirmedOn = IsoDate(
  'End of the trial period: from this day the enrolment counts among the entrants of the placement statistics. Only once the learner is enrolled (or later); not before `appliedOn`, not after `exitDate`.',
)
const exitReason = StringEnum(exitReasons, {
  description:
    '`completed` when the training was completed; otherwise why a learner who had entered the training left: `left_for_job`, `dropout`, `dismissed` or `excluded` (see `exclusionReason`).',
  examples: ['left_for_job'],
})
const exclusionReason = StringEnum(exclusionReasons, {
  description:
    'Given exactly when `exitReason` is `excluded`: `moved_away`, `long_illness`, `deceased` or `incarcerated`. Excluded enrolments leave both numerator and denominator of the placement rates.',
  examples: ['moved_away'],
})
const certificationObtained = Type.Boolean({
  description: 'Obtained the certification the track prepares for. Null when not known (yet).',
  examples: [true],
})
const drivingLicenceObtained = Type.Boolean({
  description: 'Obtained the driving licence during the training. Null when not known (yet).',
  examples: [false],
})

export const EnrolmentLearner = Type.Object(
  {
    id: Uuid('Learner id.'),
    reference: Type.String({ description: 'The campus-local learner reference.', examples: ['LYO-2019-014'] }),
    birthYear: Type.Integer({ description: 'Year of birth.', examples: [2000] }),
  },
  { $id: 'EnrolmentLearner', description: 'The enrolled learner, summarised.', additionalProperties: false },
)

export const EnrolmentCohort = Type.Object(
  {
    id: Uuid('Cohort id.'),
    name: Type.String({ description: 'Cohort name.', examples: ['Lyon 2019 – session 1'] }),
    campusId: Uuid('The campus running the cohort.'),
    startDate: IsoDate('First day of training.'),
    endDate: IsoDate('Last day of training.'),
    status: StringEnum(cohortStatuses, { description: 'Cohort status.' }),
  },
  { $id: 'EnrolmentCohort', description: 'The cohort, summarised.', additionalProperties: false },
)

export const Enrolment = Type.Object(
  {
    id: Uuid('Enrolment id.'),
    learnerId: Uuid('The learner.'),
    cohortId: Uuid('The cohort.'),
    learner: ref(EnrolmentLearner),
    cohort: ref(EnrolmentCohort),
    stage,
    nextStages: Type.Array(StringEnum(enrolmentStages, { description: 'A stage.' }), {
      description: 'The stages the enrolment may move to from its current stage (empty when final).',
      examples: [['in_training', 'withdrawn']],
    }),
    appliedOn,
    stageChangedOn: IsoDate('Day the stage last changed (the day it took effect, not the day it was recorded).'),
    integrationConfirmedOn: Nullable(integrationConfirmedOn),
    exitDate: Nullable(
      IsoDate(
        'Day the learner left: the day of the move to `completed`, or to `withdrawn` from `enrolled` or `in_training`. Null otherwise.',
      ),
    ),
    exitReason: Nullable(exitReason),
    exclusionReason: Nullable(exclusionReason),
    certificationObtained: Nullable(certificationObtained),
    drivingLicenceObtained: Nullable(drivingLicenceObtained),
    provenance,
    importId: writtenByImport,
    ...resourceMeta,
  },
  {
    $id: 'Enrolment',
    examples: [enrolmentExample],
    description:
      'A learner’s path through one cohort (inscription), from application to exit. The stage moves only through `POST /enrolments/{id}/transitions`, each move dated and kept in the history.',
    additionalProperties: false,
  },
)

export const EnrolmentCreate = Type.Object(
  {
    learnerId: Uuid('The learner; must exist and belong to the cohort’s campus.'),
    cohortId: Uuid('The cohort; must exist.'),
    appliedOn,
    stage: Type.Optional(
      StringEnum(enrolmentCreationStages, {
        description:
          'Defaults to `applied`. `jury_rejected`, `waitlisted` or `enrolled` record an application already decided (the history then holds `applied` on `appliedOn`, then this stage on `stageOn`); later stages go through transitions, so that each carries its date.',
        default: 'applied',
      }),
    ),
    stageOn: Type.Optional(
      IsoDate(
        'With a `stage` other than `applied`: the day that stage was reached, on or after `appliedOn` (defaults to `appliedOn`).',
      ),
    ),
  },
  {
    $id: 'EnrolmentCreate',
    description:
      'A new enrolment of a learner in a cohort of the learner’s campus. The learner must be 16 to 30 in the year the cohort starts (cohort start year − birth year). A learner may not hold two enrolments at an active stage (`applied`, `waitlisted`, `enrolled`, `in_training`, `completed`) in cohorts whose periods (start to end date, inclusive) overlap: 409 `conflict`.',
    additionalProperties: false,
    examples: [
      {
        learnerId: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10',
        cohortId: '3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10',
        appliedOn: '2018-12-03',
      },
      {
        learnerId: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10',
        cohortId: '3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10',
        appliedOn: '2018-12-03',
        stage: 'enrolled',
        stageOn: '2018-12-13',
      },
    ],
  },
)

export const EnrolmentUpdate = Type.Object(
  {
    integrationConfirmedOn: Type.Optional(Nullable(integrationConfirmedOn)),
    certificationObtained: Type.Optional(Nullable(certificationObtained)),
    drivingLicenceObtained: Type.Optional(Nullable(drivingLicenceObtained)),
    exclusionReason: Type.Optional(exclusionReason),
  },
  {
    $id: 'EnrolmentUpdate',
    description:
      'Facts of an enrolment other than its stage; absent fields stay as they are, null clears an optional field. `exclusionReason` can be corrected only on an enrolment that exited as `excluded`. The stage changes through transitions.',
    additionalProperties: false,
    minProperties: 1,
    examples: [{ integrationConfirmedOn: '2019-02-15', certificationObtained: true }],
  },
)

export const EnrolmentTransition = Type.Object(
  {
    to: StringEnum(enrolmentStages, {
      description: `The stage to move to. ${stageDescription}`,
      examples: ['withdrawn'],
    }),
    on: IsoDate('The day the move took effect: not before the previous change (`stageChangedOn`).'),
    exitReason: Type.Optional(
      StringEnum(exitReasons, {
        description:
          'Required when moving to `withdrawn` from `enrolled` or `in_training`: `left_for_job`, `dropout`, `dismissed` or `excluded`. Moving to `completed` sets `completed` (it may be sent). Refused otherwise.',
        examples: ['excluded'],
      }),
    ),
    exclusionReason: Type.Optional(
      StringEnum(exclusionReasons, {
        description: 'Required when, and only when, `exitReason` is `excluded`.',
        examples: ['moved_away'],
      }),
    ),
  },
  {
    $id: 'EnrolmentTransition',
    description:
      'A move of the enrolment to another stage, appended to its history. Moving to `completed`, or to `withdrawn` from `enrolled` or `in_training`, sets `exitDate` to `on`. A move the stage machine does not allow is refused with 409 `conflict`, naming the current stage and the allowed ones.',
    additionalProperties: false,
    examples: [
      { to: 'in_training', on: '2019-01-14' },
      { to: 'withdrawn', on: '2019-02-20', exitReason: 'excluded', exclusionReason: 'moved_away' },
    ],
  },
)

export const EnrolmentStageChange = Type.Object(
  {
    id: Uuid('Change id.'),
    fromStage: Nullable(StringEnum(enrolmentStages, { description: 'A stage.' }), {
      description: 'The stage before the change; null for the first one (creation).',
    }),
    toStage: StringEnum(enrolmentStages, { description: 'The stage after the change.' }),
    on: IsoDate('The day the change took effect.'),
    recordedAt: Timestamp('When the change was recorded (UTC).'),
  },
  { $id: 'EnrolmentStageChange', description: 'One stage change of an enrolment.', additionalProperties: false },
)

export const EnrolmentStageHistory = Type.Object(
  {
    enrolmentId: Uuid('Enrolment id.'),
    items: Type.Array(ref(EnrolmentStageChange), {
      description: 'Every change, oldest first (by effective day, then by recording time).',
    }),
  },
  {
    $id: 'EnrolmentStageHistory',
    examples: [enrolmentStageHistoryExample],
    description: 'The stage history of an enrolment.',
    additionalProperties: false,
  },
)

export const enrolmentSorts = ['appliedOn', '-appliedOn', 'createdAt', '-createdAt'] as const

export const EnrolmentListQuery = Type.Object(
  {
    limit: paginationQuery.limit,
    cursor: paginationQuery.cursor,
    cohortId: Type.Optional(Uuid('Only enrolments in this cohort.')),
    learnerId: Type.Optional(Uuid('Only enrolments of this learner.')),
    campusId: Type.Optional(Uuid('Only enrolments in cohorts of this campus.')),
    stage: Type.Optional(StringEnum(enrolmentStages, { description: 'Only enrolments at this stage.' })),
    importId: Type.Optional(
      Uuid(
        'Only the records of this bulk import (`importId` of its report): the enrolments it wrote, or, for an outcomes import, the enrolments it recorded observations of (each observation carries its `importId`).',
      ),
    ),
    sort: Type.Optional(
      StringEnum(enrolmentSorts, { description: 'Sort field; a leading `-` sorts descending.', default: 'appliedOn' }),
    ),
  },
  { additionalProperties: false },
)

export const EnrolmentPage = Page(ref(Enrolment), 'EnrolmentPage', 'A page of enrolments.', [enrolmentPageExample])

const hostOrganisationId = Uuid('The host organisation; must exist.')
const internshipStart = IsoDate(
  `First day of the internship, at the earliest ${internshipToleranceDays} days before the cohort starts.`,
)
const internshipEnd = IsoDate(
  `Last day of the internship, on or after \`startDate\` and at the latest ${internshipToleranceDays} days after the cohort ends.`,
)
const ledToHire = Type.Boolean({
  description: 'The host hired the learner after the internship.',
  examples: [true],
})

export const InternshipHost = Type.Object(
  {
    id: Uuid('Organisation id.'),
    name: Type.String({ description: 'Organisation name.' }),
    kind: StringEnum(organisationKinds, { description: 'Organisation kind.' }),
  },
  { $id: 'InternshipHost', description: 'The host organisation, summarised.', additionalProperties: false },
)

export const Internship = Type.Object(
  {
    id: Uuid('Internship id.'),
    enrolmentId: Uuid('The enrolment.'),
    hostOrganisationId: Uuid('The host organisation.'),
    hostOrganisation: ref(InternshipHost),
    startDate: internshipStart,
    endDate: internshipEnd,
    ledToHire,
    provenance,
    ...resourceMeta,
  },
  {
    $id: 'Internship',
    examples: [internshipExample],
    description: `A company internship (stage en entreprise) of an enrolment, within the cohort's period give or take ${internshipToleranceDays} days.`,
    additionalProperties: false,
  },
)

export const InternshipCreate = Type.Object(
  {
    hostOrganisationId,
    startDate: internshipStart,
    endDate: internshipEnd,
    ledToHire: Type.Optional(
      Type.Boolean({
        description: 'The host hired the learner after the internship. Defaults to false.',
        default: false,
      }),
    ),
  },
  {
    $id: 'InternshipCreate',
    description: `A new internship of an enrolment whose learner was enrolled (stage \`enrolled\` or later). Its dates lie within the cohort's period give or take ${internshipToleranceDays} days.`,
    additionalProperties: false,
    examples: [
      {
        hostOrganisationId: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10',
        startDate: '2019-03-11',
        endDate: '2019-04-05',
        ledToHire: true,
      },
    ],
  },
)

export const InternshipUpdate = Type.Object(
  {
    hostOrganisationId: Type.Optional(hostOrganisationId),
    startDate: Type.Optional(internshipStart),
    endDate: Type.Optional(internshipEnd),
    ledToHire: Type.Optional(ledToHire),
  },
  {
    $id: 'InternshipUpdate',
    description: 'Fields to change; absent fields stay as they are. The same date rules apply.',
    additionalProperties: false,
    minProperties: 1,
    examples: [{ ledToHire: true }],
  },
)

export const InternshipList = Type.Object(
  {
    items: Type.Array(ref(Internship), { description: 'Internships, by start date.' }),
  },
  {
    $id: 'InternshipList',
    examples: [internshipListExample],
    description: 'The internships of an enrolment.',
    additionalProperties: false,
  },
)

/** Named schemas of this resource, registered with Fastify and published in the contract. */
export const enrolmentsSchemas = [
  EnrolmentLearner,
  EnrolmentCohort,
  Enrolment,
  EnrolmentCreate,
  EnrolmentUpdate,
  EnrolmentTransition,
  EnrolmentStageChange,
  EnrolmentStageHistory,
  EnrolmentPage,
  InternshipHost,
  Internship,
  InternshipCreate,
  InternshipUpdate,
  InternshipList,
]

export type EnrolmentCreationStage = (typeof enrolmentCreationStages)[number]
export type ActiveEnrolmentStage = (typeof activeEnrolmentStages)[number]
export type WithdrawalExitReason = (typeof withdrawalExitReasons)[number]
export type Enrolment = Static<typeof Enrolment>
export type EnrolmentCreate = Static<typeof EnrolmentCreate>
export type EnrolmentUpdate = Static<typeof EnrolmentUpdate>
export type EnrolmentTransition = Static<typeof EnrolmentTransition>
export type EnrolmentStageChange = Static<typeof EnrolmentStageChange>
export type EnrolmentStageHistory = Static<typeof EnrolmentStageHistory>
export type EnrolmentListQuery = Static<typeof EnrolmentListQuery>
export type EnrolmentSort = (typeof enrolmentSorts)[number]
export type Internship = Static<typeof Internship>
export type InternshipCreate = Static<typeof InternshipCreate>
export type InternshipUpdate = Static<typeof InternshipUpdate>
export type InternshipList = Static<typeof InternshipList>
