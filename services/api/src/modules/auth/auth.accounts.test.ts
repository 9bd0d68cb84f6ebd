import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { auditEvents } from '../../db/schema/index.js'
import {
  as,
  call,
  createKey,
  createStaff,
  expectProblem,
  login,
  patchIfMatch,
  testPassword,
} from '../../../test/helpers.js'
import { requestContext } from '../../lib/access.js'
import { minimumPasswordScore, passwordScore } from '../../lib/password-strength.js'
import { recordAudit } from '../audit/audit.service.js'
import { createApiKeysRepository } from '../api-keys/api-keys.repository.js'
import { createAuthRepository } from './auth.repository.js'
import { createAuthService } from './auth.service.js'
import { t, lyonId, useAuthScenario } from './auth.scenario.js'

useAuthScenario()

describe('staff accounts', () => {
  it('creates an account with a generated password shown once, which then logs in', async () => {
    const res = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        email: 'Camille.Martin@Test.example',
        displayName: 'Camille Martin',
        role: 'campus_staff',
        campusIds: [lyonId],
      },
    })
    expect(res.statusCode).toBe(201)
    expect(res.data).toMatchObject({ email: 'camille.martin@test.example', initialPassword: expect.any(String) })
    expect(res.data.initialPassword.length).toBeGreaterThanOrEqual(20)
    const headers = await login(t.app, 'camille.martin@test.example', res.data.initialPassword)
    expect(headers.cookie).toMatch(/^trj_session=/)
    const again = await call(t.admin, { method: 'GET', url: `/api/v1/users/${res.data.id}` })
    expect(again.data.initialPassword).toBeUndefined()
    const dup = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'camille.martin@test.example', displayName: 'Twice', role: 'network_staff' },
    })
    expectProblem(dup, 409, 'duplicate')
  })

  it('needs campuses for campus staff and none for network roles', async () => {
    const noCampus = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'a@test.example', displayName: 'A', role: 'campus_staff' },
    })
    expect(expectProblem(noCampus, 400, 'validation_failed').errors![0]!.field).toBe('/campusIds')
    const network = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'b@test.example', displayName: 'B', role: 'network_staff', campusIds: [lyonId] },
    })
    expectProblem(network, 400, 'validation_failed')
  })

  it('keeps at least one active administrator, and nobody disables themselves', async () => {
    const admin = await createStaff(t, { role: 'network_admin' })
    const caller = as(t.app, admin.headers)
    const self = await call(caller, { method: 'GET', url: `/api/v1/users/${admin.id}` })
    const refused = await patchIfMatch(caller, `/api/v1/users/${admin.id}`, self.headers.etag as string, {
      disabled: true,
    })
    expectProblem(refused, 409, 'conflict')
    // Demoting an administrator while another remains is fine.
    const demoted = await patchIfMatch(t.admin, `/api/v1/users/${admin.id}`, self.headers.etag as string, {
      role: 'network_staff',
    })
    expect(demoted.data.role).toBe('network_staff')
    // The last one cannot be demoted.
    const admins = await call(t.admin, { method: 'GET', url: '/api/v1/users?role=network_admin&disabled=false' })
    const others = admins.data.items.filter((u: { id: string }) => u.id !== admin.id)
    for (const other of others.slice(1)) {
      const read = await call(t.admin, { method: 'GET', url: `/api/v1/users/${other.id}` })
      await patchIfMatch(t.admin, `/api/v1/users/${other.id}`, read.headers.etag as string, { disabled: true })
    }
    const last = others[0]
    const read = await call(t.admin, { method: 'GET', url: `/api/v1/users/${last.id}` })
    const lastDemoted = await patchIfMatch(t.admin, `/api/v1/users/${last.id}`, read.headers.etag as string, {
      role: 'network_staff',
    })
    expect(expectProblem(lastDemoted, 409, 'conflict').detail).toMatch(/last active network_admin/)
  })

  it('changes a password: the current one is checked, the other sessions are closed', async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    const second = await login(t.app, staff.email, testPassword)
    const caller = as(t.app, staff.headers)
    const wrong = await call(caller, {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: 'not my password', newPassword: 'a brand new password' },
    })
    expect(expectProblem(wrong, 400, 'validation_failed').errors![0]!.field).toBe('/currentPassword')
    const ok = await call(caller, {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: testPassword, newPassword: 'a brand new password' },
    })
    expect(ok.statusCode).toBe(204)
    expect((await call(caller, { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200)
    expectProblem(await call(as(t.app, second), { method: 'GET', url: '/api/v1/auth/me' }), 401, 'unauthorized')
    await login(t.app, staff.email, 'a brand new password')
    // API keys have no password.
    const key = await createKey(t.admin, { scopes: ['records:read'] })
    const keyed = await call(as(t.app, key.headers), {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: 'x', newPassword: 'a brand new password' },
    })
    expectProblem(keyed, 403, 'forbidden')
  })

  it('does not let a password change overwrite an administrator’s reset made while it was checked', async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    const reset = 'an administrator chose this one'
    const repository = createAuthRepository(t.database.db)
    const service = createAuthService({
      db: t.database.db,
      auth: {
        ...repository,
        // The account is read, then an administrator resets its password before the change is written.
        async userByEmail(email, tx) {
          const user = await repository.userByEmail(email, tx)
          const read = await call(t.admin, { method: 'GET', url: `/api/v1/users/${staff.id}` })
          const res = await call(t.admin, {
            method: 'PATCH',
            url: `/api/v1/users/${staff.id}`,
            headers: { 'if-match': read.headers.etag as string },
            payload: { password: reset },
          })
          expect(res.statusCode).toBe(200)
          return user
        },
      },
      apiKeys: createApiKeysRepository(t.database.db),
      limiter: t.app.rateLimiter,
      settings: {
        sessionTtlHours: 1,
        passwordHashCost: 10,
        loginMax: 100,
        loginFailuresMax: 100,
        loginAccountFailuresMax: 100,
        loginWindowSeconds: 60,
      },
    })
    const principal = {
      kind: 'user' as const,
      id: staff.id,
      email: staff.email,
      role: 'network_staff' as const,
      campusIds: [],
      sessionId: 'a session',
    }
    const change = requestContext.run({ principal, requestId: 'req-password-race', ip: '192.0.2.7' }, () =>
      service.changePassword(
        principal,
        undefined,
        { currentPassword: testPassword, newPassword: 'the owner chose this one' },
        '192.0.2.7',
      ),
    )
    await expect(change).rejects.toMatchObject({ status: 409, code: 'conflict' })
    // The reset stands: the administrator's password logs in, the one checked against the old hash does not.
    await login(t.app, staff.email, reset)
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: staff.email, password: 'the owner chose this one' },
    })
    expect(refused.statusCode).toBe(401)
  })

  it('refuses a password a guesser would find, wherever a password is set, and keeps generated ones', async () => {
    const weak = ['aaaaaaaaaaaa', 'password1234', ' '.repeat(12), 'motdepasse123', 'Azerty123456']
    const weakIssue = (res: Parameters<typeof expectProblem>[0], field: string) => {
      const issue = expectProblem(res, 400, 'validation_failed').errors![0]!
      expect(issue).toMatchObject({ field, code: 'weak_password' })
    }
    for (const password of weak) {
      weakIssue(
        await call(t.admin, {
          method: 'POST',
          url: '/api/v1/users',
          payload: { email: 'weak@test.example', displayName: 'Weak', role: 'network_staff', password },
        }),
        '/password',
      )
    }
    const staff = await createStaff(t, { role: 'network_staff' })
    const caller = as(t.app, staff.headers)
    for (const newPassword of weak) {
      weakIssue(
        await call(caller, {
          method: 'POST',
          url: '/api/v1/auth/password',
          payload: { currentPassword: testPassword, newPassword },
        }),
        '/newPassword',
      )
    }
    const read = await call(t.admin, { method: 'GET', url: `/api/v1/users/${staff.id}` })
    weakIssue(
      await patchIfMatch(t.admin, `/api/v1/users/${staff.id}`, read.headers.etag as string, {
        password: 'password1234',
      }),
      '/password',
    )
    // The account's own name is among the first guesses.
    weakIssue(
      await call(t.admin, {
        method: 'POST',
        url: '/api/v1/users',
        payload: {
          email: 'dominique.lefebvre@test.example',
          displayName: 'Dominique Lefebvre',
          role: 'network_staff',
          password: 'DominiqueLefebvre',
        },
      }),
      '/password',
    )
    // A passphrase passes, and so does a generated password.
    const strong = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        email: 'strong@test.example',
        displayName: 'Strong',
        role: 'network_staff',
        password: 'ardoise tulipe vélo 42',
      },
    })
    expect(strong.statusCode).toBe(201)
    const generated = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'generated@test.example', displayName: 'Generated', role: 'network_staff' },
    })
    expect(generated.statusCode).toBe(201)
    expect(await passwordScore(generated.data.initialPassword)).toBeGreaterThanOrEqual(minimumPasswordScore)
  })
})

describe('audit trail', () => {
  const eventsOf = async (resourceId: string) =>
    (await call(t.admin, { method: 'GET', url: `/api/v1/audit-events?resourceId=${resourceId}` })).data.items

  it('records each write once, with who, the request id and the change', async () => {
    const created = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { 'x-request-id': 'audit-create-1' },
      payload: { name: 'Almea Fibre', kind: 'training_provider' },
    })
    const id = created.data.id
    const me = (await call(t.admin, { method: 'GET', url: '/api/v1/auth/me' })).data.user
    let events = await eventsOf(id)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      action: 'create',
      resourceType: 'organisation',
      resourceId: id,
      actorType: 'user',
      actorId: me.id,
      actorLabel: me.email,
      requestId: 'audit-create-1',
      changes: { after: { id, name: 'Almea Fibre', kind: 'training_provider' } },
    })
    expect(events[0].changes.after.version).toBeUndefined()

    await patchIfMatch(t.admin, `/api/v1/organisations/${id}`, '"1"', { website: 'https://almea.example' })
    events = await eventsOf(id)
    expect(events).toHaveLength(2)
    expect(events[0]).toMatchObject({
      action: 'update',
      changes: { before: { website: null }, after: { website: 'https://almea.example' } },
    })
  })

  it('records nothing for a refused or failed write', async () => {
    const created = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/organisations',
      payload: { name: 'Refused Ltd', kind: 'other' },
    })
    const id = created.data.id
    const staff = await createStaff(t, { role: 'network_staff' })
    const forbidden = await patchIfMatch(as(t.app, staff.headers), `/api/v1/organisations/${id}`, '"1"', {
      name: 'Hacked',
    })
    expectProblem(forbidden, 403, 'forbidden')
    const stale = await patchIfMatch(t.admin, `/api/v1/organisations/${id}`, '"7"', { name: 'Stale' })
    expectProblem(stale, 412, 'precondition_failed')
    const invalid = await patchIfMatch(t.admin, `/api/v1/organisations/${id}`, '"1"', { siren: '123456789' })
    expectProblem(invalid, 400, 'validation_failed')
    const events = await eventsOf(id)
    expect(events.map((e: { action: string }) => e.action)).toEqual(['create'])
  })

  it('records the logins, and a key as the actor of what it writes', async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    const logins = (
      await call(t.admin, { method: 'GET', url: `/api/v1/audit-events?resourceId=${staff.id}&action=login` })
    ).data.items
    expect(logins).toHaveLength(1)
    expect(logins[0]).toMatchObject({ actorType: 'user', actorId: staff.id, resourceType: 'user' })

    const principal = {
      kind: 'api_key' as const,
      id: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10',
      prefix: 'trj_abcdefgh',
      organisationId: null,
      scopes: ['outcomes:write' as const],
      campusIds: null,
    }
    await requestContext.run({ principal, requestId: 'req-key-1', ip: '192.0.2.1' }, () =>
      t.database.db.transaction((tx) =>
        recordAudit(tx, {
          action: 'create',
          resourceType: 'observation',
          resourceId: 'o-1',
          campusId: lyonId,
          changes: { after: { keyHash: 'x' } },
        }),
      ),
    )
    const [event] = (await call(t.admin, { method: 'GET', url: '/api/v1/audit-events?requestId=req-key-1' })).data.items
    expect(event).toMatchObject({
      actorType: 'api_key',
      actorId: principal.id,
      actorLabel: 'trj_abcdefgh',
      ip: '192.0.2.1',
      changes: { after: { keyHash: '[redacted]' } },
    })
    // Outside any request (seeds, scripts) the actor is the system.
    await t.database.db.transaction((tx) =>
      recordAudit(tx, { action: 'seed', resourceType: 'campus', resourceId: 's-1' }),
    )
    const [system] = (await call(t.admin, { method: 'GET', url: '/api/v1/audit-events?resourceId=s-1' })).data.items
    expect(system).toMatchObject({ actorType: 'system', actorLabel: 'system', requestId: null })
  })

  it('pages and filters, newest first; only administrators read it', async () => {
    const page1 = await call(t.admin, { method: 'GET', url: '/api/v1/audit-events?limit=2' })
    expect(page1.data.items).toHaveLength(2)
    expect(Number(page1.data.items[0].id)).toBeGreaterThan(Number(page1.data.items[1].id))
    const page2 = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/audit-events?limit=2&cursor=${page1.data.nextCursor}`,
    })
    expect(Number(page2.data.items[0].id)).toBeLessThan(Number(page1.data.items[1].id))
    const campuses = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/audit-events?resourceType=campus&campusId=${lyonId}`,
    })
    expect(campuses.data.items.map((e: { action: string }) => e.action)).toEqual(['create'])
    const staff = await createStaff(t, { role: 'network_staff' })
    expectProblem(
      await call(as(t.app, staff.headers), { method: 'GET', url: '/api/v1/audit-events' }),
      403,
      'forbidden',
    )
    const raw = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents)
    expect(Number(raw[0]!.n)).toBeGreaterThan(3)
  })
})
