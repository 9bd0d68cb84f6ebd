/** Examples of the API's answers: staff accounts, API keys, sessions, the caller (`/me`) and the audit trail. */

export const userExample = {
  id: '02b1b404-a3a1-4774-ac10-43217f3174b2',
  email: 'responsable.lyon@plombiers.example',
  displayName: 'Responsable Lyon',
  role: 'campus_staff',
  campusIds: ['715054bc-4cb0-41fa-8001-e18f0d7f5188'],
  disabled: false,
  disabledAt: null,
  passwordChangedAt: null,
  createdAt: '2026-11-28T18:29:37.988Z',
  updatedAt: '2026-11-28T18:29:37.988Z',
  version: 1,
}

export const apiKeyExample = {
  id: 'b83f6dfb-dd8e-48a1-b652-d6905db855c9',
  name: 'Telenco : embauches de stagiaires',
  organisationId: 'a193cbb6-6e66-487b-b05e-3599b806b618',
  prefix: 'trj_90bq5lty',
  scopes: ['outcomes:write'],
  campusIds: ['715054bc-4cb0-41fa-8001-e18f0d7f5188'],
  networkWide: false,
  status: 'active',
  expiresAt: '2027-11-28T00:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  createdBy: '29bd98eb-b149-4000-9058-6b689f033199',
  createdAt: '2026-11-28T18:29:37.652Z',
}

export const userPageExample = { items: [userExample], nextCursor: null }

export const apiKeyPageExample = { items: [apiKeyExample], nextCursor: null }

export const apiKeyCreatedExample = { ...apiKeyExample, key: 'trj_90bq5lty_ExampleSecretShownOnceAndNeverStored0000' }

export const userCreatedExample = { ...userExample, initialPassword: 'exemple-de-mot-de-passe-genere' }

/** The network administrator signed in, as `/auth/session` and `/me` show it. */
const adminUser = {
  ...userExample,
  id: '29bd98eb-b149-4000-9058-6b689f033199',
  email: 'admin@plombiers.example',
  displayName: 'Camille Admin',
  role: 'network_admin',
  campusIds: [],
  createdAt: '2026-11-28T18:29:32.659Z',
  updatedAt: '2026-11-28T18:29:32.659Z',
}

export const authSessionExample = {
  authenticated: true,
  user: adminUser,
  csrfToken: 'Zm9yLWV4YW1wbGUtb25seS1ub3QtYS1yZWFsLXRva2Vu',
  expiresAt: '2026-11-29T06:29:32.854Z',
}

export const principalExample = {
  kind: 'user',
  user: adminUser,
  apiKey: null,
  campusIds: null,
}

export const auditEventPageExample = {
  items: [
    {
      id: '39',
      occurredAt: '2026-11-28T18:29:37.988Z',
      actorType: 'user',
      actorId: '29bd98eb-b149-4000-9058-6b689f033199',
      actorLabel: 'admin@plombiers.example',
      requestId: '3c3c7a74-ba2d-4461-9186-4d2cc1767139',
      action: 'create',
      resourceType: 'user',
      resourceId: '02b1b404-a3a1-4774-ac10-43217f3174b2',
      campusId: null,
      changes: {
        after: {
          id: '02b1b404-a3a1-4774-ac10-43217f3174b2',
          role: 'campus_staff',
          email: 'responsable.lyon@plombiers.example',
          disabled: false,
          campusIds: ['715054bc-4cb0-41fa-8001-e18f0d7f5188'],
          disabledAt: null,
          displayName: 'Responsable Lyon',
          passwordChangedAt: '[redacted]',
        },
      },
      ip: '127.0.0.1',
    },
  ],
  nextCursor: 'Mzk',
}
