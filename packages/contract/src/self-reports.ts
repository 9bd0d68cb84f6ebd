import Type, { type Static, type TSchema } from 'typebox'
import { IsoDate, Timestamp, Uuid } from './common/ids.js'
import { Nullable, StringEnum, ref } from './common/schema.js'
import { checkpoints, contractTypes, situations } from './common/enums.js'
import { CheckpointWindow } from './outcomes.js'

/**
 * Follow-up invitations and self-reports: campus staff hand a learner a one-time code (a link with
 * the code in its fragment, a QR code), and the learner answers the checkpoint's follow-up
 * themself on the dashboard's `/suivi` page, without an account. The answer is recorded as an
 * outcome observation with `source: "self_report"`.
 */

export const invitationStatuses = ['pending', 'answered', 'expired', 'revoked'] as const
export type InvitationStatus = (typeof invitationStatuses)[number]

const checkpoint = StringEnum(checkpoints, {
  description:
    'The follow-up the learner is asked to answer: `exit`, `m6` (six months after exit) or `m12` (twelve months after exit). An invitation is made only while the checkpoint’s tolerance window is open (409 otherwise), and it expires when the window closes if that comes before its own expiry.',
  examples: ['m6'],
})
const contact = Type.String({
  minLength: 1,
  maxLength: 300,
  description:
    'Whom the learner can contact about the question, as the campus wants it shown on the learner’s page (a service’s phone number or e-mail address, not a person’s private details). Optional.',
  examples: ['Équipe insertion, 04 72 00 00 00, insertion-lyon@plombiers.example'],
})
const code = Type.String({
  minLength: 1,
  maxLength: 64,
  description:
    'The one-time code of the invitation (26 characters of base32 carrying 128 random bits; spaces, dashes and case are ignored). Sent in the request body only, never in a URL.',
  examples: ['K7Q2M4XWJ3ZP6RTA5NVB2C8HDE'],
})
const learner = Type.Object(
  {
    id: Uuid('Learner id.'),
    reference: Type.String({
      description: 'The campus-local reference the campus ties to a person (no name is stored centrally).',
      examples: ['LYO-2019-014'],
    }),
  },
  { description: 'The learner, pseudonymous.', additionalProperties: false },
)

const issuedExample = {
  id: '3f1b9a52-6f0e-4f0a-9d57-2c5e8a1d7b40',
  enrolmentId: '74166cab-76e0-4a5d-ab3b-326828b15157',
  learner: { id: 'd5ffa961-bbd9-46af-b24a-e522e6a9886e', reference: 'LYO-2026-008' },
  checkpoint: 'm6',
  code: 'K7Q2M4XWJ3ZP6RTA5NVB2C8HDE',
  link: 'https://trajectoires.example/suivi#K7Q2M4XWJ3ZP6RTA5NVB2C8HDE',
  expiresAt: '2027-02-04T00:00:00.000Z',
}

const invitationExample = {
  id: '3f1b9a52-6f0e-4f0a-9d57-2c5e8a1d7b40',
  enrolmentId: '74166cab-76e0-4a5d-ab3b-326828b15157',
  learner: { id: 'd5ffa961-bbd9-46af-b24a-e522e6a9886e', reference: 'LYO-2026-008' },
  cohortId: '077269ba-cf60-4708-8785-2eee699d66ee',
  checkpoint: 'm6',
  status: 'answered',
  contact: 'Équipe insertion, 04 72 00 00 00',
  createdAt: '2026-12-06T09:12:44.120Z',
  expiresAt: '2027-02-04T09:12:44.120Z',
  answeredAt: '2026-12-08T18:02:10.331Z',
  revokedAt: null,
  observationId: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10',
}

export const FollowUpInvitationCreate = Type.Object(
  {
    enrolmentId: Uuid('The enrolment whose follow-up the learner is asked to answer. It must have exited.'),
    checkpoint,
    contact: Type.Optional(contact),
  },
  {
    $id: 'FollowUpInvitationCreate',
    description:
      'An invitation for one learner. A pending invitation of the same enrolment and checkpoint is revoked by it (a code is shown once: a new sheet needs new codes).',
    additionalProperties: false,
    examples: [{ enrolmentId: '74166cab-76e0-4a5d-ab3b-326828b15157', checkpoint: 'm6' }],
  },
)

export const CohortFollowUpInvitationsCreate = Type.Object(
  { checkpoint, contact: Type.Optional(contact) },
  {
    $id: 'CohortFollowUpInvitationsCreate',
    description:
      'Invitations for every learner of the cohort due at the checkpoint: exited (not excluded), the checkpoint’s window open today, and no observation recorded for it yet but failed contacts (`unreachable`). Pending invitations of those learners at that checkpoint are revoked.',
    additionalProperties: false,
    examples: [{ checkpoint: 'm6', contact: 'Équipe insertion, 04 72 00 00 00' }],
  },
)

export const FollowUpInvitationIssued = Type.Object(
  {
    id: Uuid('Invitation id.'),
    enrolmentId: Uuid('The enrolment.'),
    learner,
    checkpoint,
    code: Type.String({
      description:
        'The one-time code, shown in this answer only: the API keeps its SHA-256 and cannot show it again. Hand it to the learner (the link, or the QR code of the link).',
      examples: ['K7Q2M4XWJ3ZP6RTA5NVB2C8HDE'],
    }),
    link: Type.String({
      description:
        'The learner’s page with the code in the fragment (`#…`): browsers never send a fragment to a server, so no log keeps the code.',
      examples: ['https://trajectoires.example/suivi#K7Q2M4XWJ3ZP6RTA5NVB2C8HDE'],
    }),
    expiresAt: Timestamp(
      'When the code stops working: after `SELF_REPORT_CODE_DAYS` days (60 by default), or at the end of the checkpoint’s window if it closes first.',
    ),
  },
  {
    $id: 'FollowUpInvitationIssued',
    description: 'A new invitation, with its code (shown once).',
    additionalProperties: false,
    examples: [issuedExample],
  },
)

export const FollowUpInvitationIssuedList = Type.Object(
  {
    items: Type.Array(ref(FollowUpInvitationIssued), {
      description: 'One invitation per learner due, by learner reference; empty when nobody is due.',
    }),
  },
  {
    $id: 'FollowUpInvitationIssuedList',
    description: 'The invitations made for a cohort, with their codes (shown once): print them as a sheet.',
    additionalProperties: false,
    examples: [{ items: [issuedExample] }],
  },
)

export const FollowUpInvitation = Type.Object(
  {
    id: Uuid('Invitation id.'),
    enrolmentId: Uuid('The enrolment.'),
    learner,
    cohortId: Uuid('The cohort of the enrolment.'),
    checkpoint,
    status: StringEnum(invitationStatuses, {
      description:
        '`pending` (the code works), `answered` (the learner answered: see `observationId`), `expired` (not answered in time) or `revoked` (by staff, or by a newer invitation).',
      examples: ['pending'],
    }),
    contact: Nullable(contact),
    createdAt: Timestamp('When the invitation was made.'),
    expiresAt: Timestamp('When its code stops working.'),
    answeredAt: Nullable(Timestamp('When the learner answered; null until then.')),
    revokedAt: Nullable(Timestamp('When it was revoked; null unless revoked.')),
    observationId: Nullable(
      Uuid('The observation the answer recorded (`source: "self_report"`); null until answered.'),
    ),
  },
  {
    $id: 'FollowUpInvitation',
    description: 'An invitation as staff see it: never its code.',
    additionalProperties: false,
    examples: [invitationExample],
  },
)

export const FollowUpInvitationList = Type.Object(
  {
    items: Type.Array(ref(FollowUpInvitation), {
      description: 'The cohort’s invitations, newest first.',
    }),
  },
  {
    $id: 'FollowUpInvitationList',
    description: 'The follow-up invitations of a cohort.',
    additionalProperties: false,
    examples: [{ items: [invitationExample] }],
  },
)

export const FollowUpInvitationListQuery = Type.Object(
  {
    cohortId: Uuid('The cohort whose invitations to list.'),
    checkpoint: Type.Optional(StringEnum(checkpoints, { description: 'Only this checkpoint.' })),
    status: Type.Optional(StringEnum(invitationStatuses, { description: 'Only invitations in this status.' })),
  },
  { additionalProperties: false },
)

export const CohortInvitationParams = Type.Object({ id: Uuid('Cohort id.') }, { additionalProperties: false })

export const SelfReportLookup = Type.Object(
  { code },
  {
    $id: 'SelfReportLookup',
    description: 'The code the learner was given.',
    additionalProperties: false,
    examples: [{ code: 'K7Q2M4XWJ3ZP6RTA5NVB2C8HDE' }],
  },
)

export const SelfReportInvitation = Type.Object(
  {
    campusName: Type.String({ description: 'The campus asking.', examples: ['Plombiers du numérique Lyon'] }),
    checkpoint,
    dueOn: IsoDate('The checkpoint date: exit date, exit + 6 months or exit + 12 months.'),
    window: ref(CheckpointWindow),
    expiresAt: Timestamp('When the code stops working.'),
    contact: Nullable(contact),
  },
  {
    $id: 'SelfReportInvitation',
    description:
      'What the learner’s page needs to ask its question. Nothing that names or describes the learner: no reference, no cohort.',
    additionalProperties: false,
    examples: [
      {
        campusName: 'Plombiers du numérique Lyon',
        checkpoint: 'm6',
        dueOn: '2026-12-14',
        window: { from: '2026-10-14', to: '2027-02-14' },
        expiresAt: '2027-02-04T09:12:44.120Z',
        contact: 'Équipe insertion, 04 72 00 00 00',
      },
    ],
  },
)

export const SelfReportCreate = Type.Object(
  {
    code,
    situation: StringEnum(situations, {
      description:
        'What the learner is doing today: `employed`, `work_study` (apprenticeship or professionalisation contract), `qualifying_training`, `job_seeking` or `inactive` (`unreachable` is refused: the learner answered).',
      examples: ['employed'],
    }),
    contractType: Type.Optional(
      StringEnum(contractTypes, {
        description:
          'Required for `employed` (any type but apprenticeship and professionalisation) and `work_study` (apprenticeship or professionalisation); refused otherwise.',
        examples: ['cdd'],
      }),
    ),
    contractMonths: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 60,
        description: 'Length of a fixed-term contract in whole months; only with a contract that has a term.',
        examples: [12],
      }),
    ),
    inFibreSector: Type.Optional(
      Type.Boolean({
        description:
          'Whether the job, contract or training is in the fibre / telecom field; only for `employed`, `work_study` and `qualifying_training`.',
        examples: [true],
      }),
    ),
    startedOn: Type.Optional(
      IsoDate(
        'Since when: the day the situation began (the job, the contract, the training, the job search), on or before today; optional. Stored as the observation’s `startedOn`.',
      ),
    ),
  },
  {
    $id: 'SelfReportCreate',
    description:
      'The learner’s answer. It is recorded as an outcome observation of the invitation’s enrolment and checkpoint, observed today (UTC), with `source: "self_report"`, under the same rules as any observation (400 with every failing field): the window is checked against today.',
    additionalProperties: false,
    examples: [
      {
        code: 'K7Q2M4XWJ3ZP6RTA5NVB2C8HDE',
        situation: 'employed',
        contractType: 'cdd',
        contractMonths: 6,
        inFibreSector: true,
        startedOn: '2026-10-05',
      },
      { code: 'K7Q2M4XWJ3ZP6RTA5NVB2C8HDE', situation: 'job_seeking' },
    ],
  },
)

export const SelfReportReceipt = Type.Object(
  {
    campusName: Type.String({
      description: 'The campus the answer went to.',
      examples: ['Plombiers du numérique Lyon'],
    }),
    checkpoint,
    observedOn: IsoDate('The day recorded as the day of the situation: the day of the answer (UTC).'),
  },
  {
    $id: 'SelfReportReceipt',
    description: 'The answer was recorded; the code is now used up.',
    additionalProperties: false,
    examples: [{ campusName: 'Plombiers du numérique Lyon', checkpoint: 'm6', observedOn: '2026-12-08' }],
  },
)

export type FollowUpInvitationCreate = Static<typeof FollowUpInvitationCreate>
export type CohortFollowUpInvitationsCreate = Static<typeof CohortFollowUpInvitationsCreate>
export type FollowUpInvitationIssued = Static<typeof FollowUpInvitationIssued>
export type FollowUpInvitationIssuedList = Static<typeof FollowUpInvitationIssuedList>
export type FollowUpInvitation = Static<typeof FollowUpInvitation>
export type FollowUpInvitationList = Static<typeof FollowUpInvitationList>
export type FollowUpInvitationListQuery = Static<typeof FollowUpInvitationListQuery>
export type SelfReportLookup = Static<typeof SelfReportLookup>
export type SelfReportInvitation = Static<typeof SelfReportInvitation>
export type SelfReportCreate = Static<typeof SelfReportCreate>
export type SelfReportReceipt = Static<typeof SelfReportReceipt>

/** Named schemas of this resource, registered with Fastify and published in the contract. */
export const selfReportsSchemas: TSchema[] = [
  FollowUpInvitationCreate,
  CohortFollowUpInvitationsCreate,
  FollowUpInvitationIssued,
  FollowUpInvitationIssuedList,
  FollowUpInvitation,
  FollowUpInvitationList,
  SelfReportLookup,
  SelfReportInvitation,
  SelfReportCreate,
  SelfReportReceipt,
]
