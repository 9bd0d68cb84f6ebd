import Type, { type Static } from 'typebox'
import { IsoDate, Uuid, resourceMeta } from './common/ids.js'
import { Nullable, StringEnum, ref } from './common/schema.js'
import { consortiumRoles, organisationKinds, provenances } from './common/enums.js'
import { membershipExample, consortiumExample, membershipListExample } from './examples.js'

const roles = Type.Array(StringEnum(consortiumRoles, { description: 'A role in the consortium.' }), {
  minItems: 1,
  maxItems: consortiumRoles.length,
  uniqueItems: true,
  description:
    'What the organisation does for the campus: `carrier` (porteur), `associate`, `funder`, `industry_sponsor` (mécène), `internship_host`, `recruiter`, `jury_member`, `training_provider`, `certifier`, `public_partner`.',
  examples: [['carrier']],
})
const validFrom = IsoDate('First day the membership holds (inclusive).')
const validTo = IsoDate('Last day the membership holds (inclusive); null while it goes on.')

export const MembershipOrganisation = Type.Object(
  {
    id: Uuid('Organisation id.'),
    name: Type.String({ description: 'Organisation name.' }),
    kind: StringEnum(organisationKinds, { description: 'Organisation kind.' }),
  },
  { $id: 'MembershipOrganisation', description: 'The member organisation, summarised.', additionalProperties: false },
)

export const MembershipCampus = Type.Object(
  {
    id: Uuid('Campus id.'),
    name: Type.String({ description: 'Campus name.' }),
    commune: Type.String({ description: 'Campus commune.' }),
  },
  { $id: 'MembershipCampus', description: 'The campus, summarised.', additionalProperties: false },
)

export const Membership = Type.Object(
  {
    id: Uuid('Membership id.'),
    campus: ref(MembershipCampus),
    organisation: ref(MembershipOrganisation),
    roles,
    validFrom,
    validTo: Nullable(validTo),
    provenance: StringEnum(provenances, { description: 'Where this record comes from.' }),
    ...resourceMeta,
  },
  {
    $id: 'Membership',
    examples: [membershipExample],
    description:
      'An organisation’s place in a campus consortium over a period. Roles change by closing a membership (`validTo`) and opening a new one, so the history stays.',
    additionalProperties: false,
  },
)

export const MembershipCreate = Type.Object(
  {
    organisationId: Uuid('The member organisation.'),
    roles,
    validFrom,
    validTo: Type.Optional(Nullable(validTo)),
  },
  {
    $id: 'MembershipCreate',
    description:
      'A new membership of the campus in the path. Periods of the same organisation at the same campus may not overlap.',
    additionalProperties: false,
    examples: [
      {
        organisationId: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10',
        roles: ['carrier'],
        validFrom: '2018-09-01',
      },
    ],
  },
)

export const MembershipUpdate = Type.Object(
  {
    roles: Type.Optional(roles),
    validFrom: Type.Optional(validFrom),
    validTo: Type.Optional(Nullable(validTo)),
  },
  {
    $id: 'MembershipUpdate',
    description:
      'Fields to change. To record a change of roles while keeping history, close this membership and create another.',
    additionalProperties: false,
    minProperties: 1,
    examples: [{ validTo: '2020-12-31' }],
  },
)

export const AsOfQuery = Type.Object(
  {
    asOf: Type.Optional(IsoDate('The day to look at; today (UTC) when absent.')),
  },
  { additionalProperties: false },
)

export const MembershipHistoryQuery = Type.Object(
  {
    asOf: Type.Optional(
      IsoDate('Only memberships holding on that day; every membership, past and current, when absent.'),
    ),
  },
  { additionalProperties: false },
)

export const Consortium = Type.Object(
  {
    campusId: Uuid('Campus id.'),
    asOf: IsoDate('The day the consortium is given for.'),
    members: Type.Array(ref(Membership), { description: 'Memberships holding on that day, carriers first.' }),
  },
  {
    $id: 'Consortium',
    examples: [consortiumExample],
    description: 'A campus consortium on a given day.',
    additionalProperties: false,
  },
)

export const MembershipList = Type.Object(
  {
    items: Type.Array(ref(Membership), { description: 'Memberships, most recent first.' }),
  },
  {
    $id: 'MembershipList',
    examples: [membershipListExample],
    description: 'A list of memberships.',
    additionalProperties: false,
  },
)

export const CampusIdParams = Type.Object({ campusId: Uuid('Campus id.') }, { additionalProperties: false })
export const OrganisationIdParams = Type.Object(
  { organisationId: Uuid('Organisation id.') },
  { additionalProperties: false },
)

export type Membership = Static<typeof Membership>
export type MembershipCreate = Static<typeof MembershipCreate>
export type MembershipUpdate = Static<typeof MembershipUpdate>
export type Consortium = Static<typeof Consortium>
export type MembershipList = Static<typeof MembershipList>
