import Type, { type Static } from 'typebox'
import { Timestamp, Uuid, resourceMeta } from './common/ids.js'
import { Nullable, StringEnum, ref } from './common/schema.js'
import { Page, paginationQuery } from './common/pagination.js'
import { apiScopes, staffRoles } from './common/enums.js'
import {
  userExample,
  userCreatedExample,
  userPageExample,
  authSessionExample,
  apiKeyExample,
  apiKeyCreatedExample,
  apiKeyPageExample,
  principalExample,
  auditEventPageExample,
} from './examples.js'

export const apiKeyStatuses = ['active', 'expired', 'revoked'] as const
export const auditActorTypes = ['user', 'api_key', 'system', 'anonymous'] as const

const role = StringEnum(staffRoles, {
  description:
    '`network_admin` (everything), `network_staff` (reads every campus, unsuppressed statistics) or `campus_staff` (reads and writes the records of its campuses).',
  examples: ['campus_staff'],
})
const email = Type.String({
  format: 'email',
  maxLength: 254,
  description: 'E-mail address, the login; compared ignoring case.',
  examples: ['camille.martin@plombiers-numerique.example'],
})
const displayName = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Name shown in the dashboard and in the audit trail.',
  examples: ['Camille Martin'],
})
const password = Type.String({
  minLength: 12,
  maxLength: 200,
  description: 'At least 12 characters. Stored only as a scrypt hash.',
  examples: ['correct horse battery staple'],
})
const campusIds = Type.Array(Uuid('A campus id.'), {
  uniqueItems: true,
  maxItems: 100,
  description: 'Campuses a `campus_staff` member works for (at least one); empty for network roles.',
})
const scopes = Type.Array(
  StringEnum(apiScopes, {
    description:
      '`records:read` (cohorts, learners, enrolments, observations), `enrolments:write` (learners, enrolments, internships), `outcomes:write` (outcome observations), `stats:read` (statistics).',
  }),
  {
    minItems: 1,
    uniqueItems: true,
    description: 'What the key may do.',
    examples: [['records:read', 'outcomes:write']],
  },
)
const keyCampusIds = Type.Array(Uuid('A campus id.'), {
  uniqueItems: true,
  maxItems: 100,
  description:
    'Campuses the key is limited to. Empty: the campuses its organisation currently belongs to the consortium of (every campus for a key without organisation, which is made only with `networkWide: true`).',
})
const networkWide = Type.Boolean({
  description:
    'True for a key that reaches every campus of the network: no organisation and no `campusIds`. A network-wide key is an explicit choice: a key without organisation is made with either `campusIds` or `networkWide: true`.',
})

export const User = Type.Object(
  {
    id: Uuid('User id.'),
    email,
    displayName,
    role,
    campusIds,
    disabled: Type.Boolean({ description: 'A disabled account cannot log in; its sessions were closed.' }),
    disabledAt: Nullable(Timestamp('When the account was disabled.')),
    passwordChangedAt: Nullable(Timestamp('When the password was last changed.')),
    ...resourceMeta,
  },
  {
    $id: 'User',
    examples: [userExample],
    description: 'A staff account of the dashboard. Its password hash never leaves the server.',
    additionalProperties: false,
  },
)

export const UserCreate = Type.Object(
  {
    email,
    displayName,
    role,
    campusIds: Type.Optional(campusIds),
    password: Type.Optional(password),
  },
  {
    $id: 'UserCreate',
    description:
      'A new staff account. Without `password`, one is generated and returned once in `initialPassword`; hand it over and have it changed.',
    additionalProperties: false,
    examples: [
      {
        email: 'camille.martin@plombiers-numerique.example',
        displayName: 'Camille Martin',
        role: 'campus_staff',
        campusIds: ['0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10'],
      },
    ],
  },
)

export const UserCreated = Type.Object(
  {
    ...User.properties,
    initialPassword: Nullable(
      Type.String({ description: 'The generated password, shown this once; null when one was given.' }),
    ),
  },
  {
    $id: 'UserCreated',
    examples: [userCreatedExample],
    description: 'The new account, with its generated password if any.',
    additionalProperties: false,
  },
)

export const UserUpdate = Type.Object(
  {
    displayName: Type.Optional(displayName),
    role: Type.Optional(role),
    campusIds: Type.Optional(campusIds),
    disabled: Type.Optional(
      Type.Boolean({ description: '`true` disables the account and closes its sessions; `false` enables it again.' }),
    ),
    password: Type.Optional(password),
  },
  {
    $id: 'UserUpdate',
    description:
      'Fields to change. A new `password` (an administrator resetting it) closes the account’s sessions. The last active administrator cannot be disabled or demoted.',
    additionalProperties: false,
    minProperties: 1,
    examples: [{ disabled: true }],
  },
)

export const userSorts = ['email', '-email', 'createdAt', '-createdAt'] as const

export const UserListQuery = Type.Object(
  {
    ...paginationQuery,
    role: Type.Optional(StringEnum(staffRoles, { description: 'Only accounts with this role.' })),
    campusId: Type.Optional(Uuid('Only accounts working for this campus.')),
    disabled: Type.Optional(Type.Boolean({ description: 'Only disabled (`true`) or active (`false`) accounts.' })),
    sort: Type.Optional(
      StringEnum(userSorts, { description: 'Sort field; a leading `-` sorts descending.', default: 'email' }),
    ),
  },
  { additionalProperties: false },
)

export const UserPage = Page(ref(User), 'UserPage', 'A page of staff accounts.', [userPageExample])

export const LoginRequest = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254, description: 'The account’s e-mail.' }),
    password: Type.String({ minLength: 1, maxLength: 200, description: 'The account’s password.' }),
  },
  {
    $id: 'LoginRequest',
    description: 'E-mail and password of a staff account.',
    additionalProperties: false,
    examples: [{ email: 'admin@demo.trajectoires.local', password: 'the password you were given' }],
  },
)

export const AuthSession = Type.Object(
  {
    authenticated: Type.Boolean({ description: 'Whether the request carries a valid session cookie.' }),
    user: Nullable(ref(User), { description: 'The logged-in account; null when not logged in.' }),
    csrfToken: Nullable(
      Type.String({
        description:
          'Send it back in the `x-csrf-token` header on every POST, PATCH, PUT and DELETE made with the session cookie.',
      }),
    ),
    expiresAt: Nullable(Timestamp('When the session ends; log in again after.')),
  },
  {
    $id: 'AuthSession',
    examples: [authSessionExample],
    description: 'The dashboard session of the caller, and the CSRF token that goes with it.',
    additionalProperties: false,
  },
)

export const PasswordChange = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200, description: 'The password used now.' }),
    newPassword: password,
  },
  {
    $id: 'PasswordChange',
    description: 'A new password for the logged-in account. The account’s other sessions are closed.',
    additionalProperties: false,
    examples: [{ currentPassword: 'the old one, 12+ chars', newPassword: 'correct horse battery staple' }],
  },
)

export const ApiKey = Type.Object(
  {
    id: Uuid('Key id.'),
    name: Type.String({ description: 'What the key is for.', examples: ['Telenco: hires of interns'] }),
    organisationId: Nullable(Uuid('The partner organisation holding the key; null for a network script.')),
    prefix: Type.String({
      description: 'The visible start of the key (`trj_` and 8 characters), to recognise it in lists and logs.',
      examples: ['trj_3fa9c1d2'],
    }),
    scopes,
    campusIds: keyCampusIds,
    networkWide,
    status: StringEnum(apiKeyStatuses, { description: '`active`, `expired` or `revoked`.' }),
    expiresAt: Nullable(Timestamp('After this instant the key is refused; null: it never expires.')),
    lastUsedAt: Nullable(Timestamp('Last time the key was used (to the minute).')),
    revokedAt: Nullable(Timestamp('When the key was revoked.')),
    createdBy: Nullable(Uuid('The administrator who created it.')),
    createdAt: Timestamp('When the key was created.'),
  },
  {
    $id: 'ApiKey',
    examples: [apiKeyExample],
    description: 'An API key of a partner organisation or script. The key itself is shown once, at creation.',
    additionalProperties: false,
  },
)

export const ApiKeyCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'What the key is for.' }),
    organisationId: Type.Optional(
      Nullable(Uuid('The partner organisation holding the key; absent or null for a network script.')),
    ),
    scopes,
    campusIds: Type.Optional(keyCampusIds),
    networkWide: Type.Optional({ ...networkWide, default: false }),
    expiresAt: Type.Optional(
      Nullable(
        Timestamp('When the key stops working (defaults to one year from now; null: never, for scripts you rotate).'),
      ),
    ),
  },
  {
    $id: 'ApiKeyCreate',
    description: 'A new API key. The answer carries the key once; only its hash is kept.',
    additionalProperties: false,
    examples: [
      {
        name: 'Telenco: hires of interns',
        organisationId: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10',
        scopes: ['outcomes:write'],
        expiresAt: '2027-11-28T00:00:00.000Z',
      },
    ],
  },
)

export const ApiKeyCreated = Type.Object(
  {
    ...ApiKey.properties,
    key: Type.String({
      description: 'The key, to send as `Authorization: Bearer <key>`. Shown this once: store it safely.',
      examples: ['trj_3fa9c1d2_S3cr3tPartOfTheKeyThatIsNeverStoredAnywhere00'],
    }),
  },
  {
    $id: 'ApiKeyCreated',
    examples: [apiKeyCreatedExample],
    description: 'A new key, with its secret shown once.',
    additionalProperties: false,
  },
)

export const ApiKeyListQuery = Type.Object(
  {
    limit: paginationQuery.limit,
    cursor: paginationQuery.cursor,
    organisationId: Type.Optional(Uuid('Only the keys of this organisation.')),
    status: Type.Optional(StringEnum(apiKeyStatuses, { description: 'Only keys in this state.' })),
  },
  { additionalProperties: false },
)

export const ApiKeyPage = Page(ref(ApiKey), 'ApiKeyPage', 'A page of API keys, newest first.', [apiKeyPageExample])

export const Principal = Type.Object(
  {
    kind: StringEnum(['user', 'api_key'] as const, { description: 'A staff account or an API key.' }),
    user: Nullable(ref(User), { description: 'The account, for a session.' }),
    apiKey: Nullable(ref(ApiKey), { description: 'The key, for a bearer key.' }),
    campusIds: Nullable(
      Type.Array(Uuid('A campus id.'), {
        description: 'Campuses whose records the caller reaches; null: every campus.',
      }),
    ),
  },
  {
    $id: 'Principal',
    examples: [principalExample],
    description: 'Who the caller is, as the API sees it.',
    additionalProperties: false,
  },
)

export const AuditEvent = Type.Object(
  {
    id: Type.String({ pattern: '^[0-9]+$', description: 'Event id, increasing with time.', examples: ['1042'] }),
    occurredAt: Timestamp('When the change was committed.'),
    actorType: StringEnum(auditActorTypes, {
      description: '`user`, `api_key`, `system` (seeds, scripts) or `anonymous` (failed logins).',
    }),
    actorId: Nullable(Type.String({ description: 'The user or key id.' })),
    actorLabel: Nullable(
      Type.String({
        description: 'A readable label of the actor then (e-mail, key prefix).',
        examples: ['trj_3fa9c1d2'],
      }),
    ),
    requestId: Nullable(Type.String({ description: 'The request id (`x-request-id`), to find it in the logs.' })),
    action: Type.String({
      description: 'What was done: create, update, delete, login, revoke...',
      examples: ['update'],
    }),
    resourceType: Type.String({ description: 'The kind of resource.', examples: ['campus'] }),
    resourceId: Nullable(Type.String({ description: 'The resource id.' })),
    campusId: Nullable(Uuid('The campus the resource belongs to, when it belongs to one.')),
    changes: Type.Unknown({
      description:
        'What changed: `{ before, after }` with the changed fields only (`after` for a creation, `before` for a deletion). Secrets never appear.',
    }),
    ip: Nullable(Type.String({ description: 'The caller’s address.' })),
  },
  { $id: 'AuditEvent', description: 'One write, as the audit trail recorded it.', additionalProperties: false },
)

export const AuditEventListQuery = Type.Object(
  {
    limit: paginationQuery.limit,
    cursor: paginationQuery.cursor,
    actorType: Type.Optional(StringEnum(auditActorTypes, { description: 'Only events of this kind of actor.' })),
    actorId: Type.Optional(Type.String({ maxLength: 100, description: 'Only events of this user or key id.' })),
    resourceType: Type.Optional(Type.String({ maxLength: 100, description: 'Only events on this kind of resource.' })),
    resourceId: Type.Optional(Type.String({ maxLength: 100, description: 'Only events on this resource.' })),
    action: Type.Optional(Type.String({ maxLength: 100, description: 'Only this action.' })),
    campusId: Type.Optional(Uuid('Only events on records of this campus.')),
    requestId: Type.Optional(Type.String({ maxLength: 128, description: 'Only the events of this request.' })),
    from: Type.Optional(Timestamp('Only events at or after this instant.')),
    to: Type.Optional(Timestamp('Only events before this instant.')),
  },
  { additionalProperties: false },
)

export const AuditEventPage = Page(ref(AuditEvent), 'AuditEventPage', 'A page of audit events, newest first.', [
  auditEventPageExample,
])

/** Every named schema of access control, registered with Fastify and published in the contract. */
export const accessSchemas = [
  User,
  UserCreate,
  UserCreated,
  UserUpdate,
  UserPage,
  LoginRequest,
  AuthSession,
  PasswordChange,
  ApiKey,
  ApiKeyCreate,
  ApiKeyCreated,
  ApiKeyPage,
  Principal,
  AuditEvent,
  AuditEventPage,
]

export type User = Static<typeof User>
export type UserCreate = Static<typeof UserCreate>
export type UserCreated = Static<typeof UserCreated>
export type UserUpdate = Static<typeof UserUpdate>
export type UserListQuery = Static<typeof UserListQuery>
export type UserSort = (typeof userSorts)[number]
export type LoginRequest = Static<typeof LoginRequest>
export type AuthSession = Static<typeof AuthSession>
export type PasswordChange = Static<typeof PasswordChange>
export type ApiKey = Static<typeof ApiKey>
export type ApiKeyCreate = Static<typeof ApiKeyCreate>
export type ApiKeyCreated = Static<typeof ApiKeyCreated>
export type ApiKeyListQuery = Static<typeof ApiKeyListQuery>
export type PrincipalView = Static<typeof Principal>
export type AuditEvent = Static<typeof AuditEvent>
export type AuditEventListQuery = Static<typeof AuditEventListQuery>
