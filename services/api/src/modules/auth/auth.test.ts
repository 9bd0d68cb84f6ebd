import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { apiKeys, sessions } from '../../db/schema/index.js'
import { as, call, createKey, createStaff, expectProblem, patchIfMatch, testPassword } from '../../../test/helpers.js'
import { t, lyonId, sessionCookie, useAuthScenario } from './auth.scenario.js'

useAuthScenario()

describe('logging in', () => {
  it('sets an HttpOnly, SameSite=Strict, Secure session cookie and returns the CSRF token, never a hash', async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: staff.email.toUpperCase(), password: testPassword },
    })
    expect(res.statusCode).toBe(200)
    const header = String(res.headers['set-cookie'])
    expect(header).toMatch(/^trj_session=[A-Za-z0-9_-]{43};/)
    expect(header).toMatch(/HttpOnly/)
    expect(header).toMatch(/SameSite=Strict/)
    expect(header).toMatch(/Secure/)
    expect(header).toMatch(/Path=\//)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.data).toMatchObject({
      authenticated: true,
      user: { email: staff.email, role: 'network_staff', disabled: false },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    })
    expect(res.body).not.toMatch(/scrypt|passwordHash|tokenHash/)
    // Only the hash of the token is stored.
    const token = sessionCookie(res)!.value
    const stored = await t.database.db.select().from(sessions)
    expect(stored.map((s) => s.tokenHash)).not.toContain(token)
  })

  it('does not say whether the e-mail or the password was wrong', async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    const wrongPassword = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: staff.email, password: 'not the password at all' },
    })
    const unknown = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@test.example', password: testPassword },
    })
    expect(expectProblem(wrongPassword, 401, 'unauthorized').detail).toBe(
      expectProblem(unknown, 401, 'unauthorized').detail,
    )
    expect(sessionCookie(wrongPassword)).toBeUndefined()
  })

  it('reports the session and its CSRF token, or that there is none', async () => {
    const staff = await createStaff(t, { role: 'campus_staff', campusIds: [lyonId] })
    const res = await call(as(t.app, staff.headers), { method: 'GET', url: '/api/v1/auth/session' })
    expect(res.data).toMatchObject({
      authenticated: true,
      user: { id: staff.id, campusIds: [lyonId] },
      csrfToken: staff.headers['x-csrf-token'],
    })
    const none = await call(t.app, { method: 'GET', url: '/api/v1/auth/session' })
    expect(none.data).toEqual({ authenticated: false, user: null, csrfToken: null, expiresAt: null })
  })

  it('tells a session or a key who it is; the public gets 401', async () => {
    const staff = await createStaff(t, { role: 'campus_staff', campusIds: [lyonId] })
    const me = await call(as(t.app, staff.headers), { method: 'GET', url: '/api/v1/auth/me' })
    expect(me.data).toMatchObject({ kind: 'user', user: { id: staff.id }, apiKey: null, campusIds: [lyonId] })
    const key = await createKey(t.admin, { scopes: ['records:read'], campusIds: [lyonId] })
    const keyMe = await call(as(t.app, key.headers), { method: 'GET', url: '/api/v1/auth/me' })
    expect(keyMe.data).toMatchObject({
      kind: 'api_key',
      user: null,
      apiKey: { id: key.id, scopes: ['records:read'], status: 'active' },
      campusIds: [lyonId],
    })
    expectProblem(await call(t.app, { method: 'GET', url: '/api/v1/auth/me' }), 401, 'unauthorized')
  })
})

describe('sessions end', () => {
  it('refuses an expired session with 401, clears the cookie and deletes the session', async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    await t.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, staff.id))
    const res = await call(as(t.app, staff.headers), { method: 'GET', url: '/api/v1/campuses' })
    expect(expectProblem(res, 401, 'unauthorized').detail).toMatch(/expired/)
    expect(String(res.headers['set-cookie'])).toMatch(/trj_session=;.*Expires=Thu, 01 Jan 1970/)
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, staff.id))).toEqual([])
    // Never silently public: even a public route refuses a bad credential.
    expectProblem(
      await call(as(t.app, staff.headers), { method: 'GET', url: '/api/v1/auth/session' }),
      401,
      'unauthorized',
    )
  })

  it('logs out: the session is gone and the cookie cleared', async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    const caller = as(t.app, staff.headers)
    const out = await call(caller, { method: 'POST', url: '/api/v1/auth/logout' })
    expect(out.statusCode).toBe(204)
    expect(String(out.headers['set-cookie'])).toMatch(/trj_session=;/)
    expectProblem(await call(caller, { method: 'GET', url: '/api/v1/auth/me' }), 401, 'unauthorized')
    // Logging in again after logging out works, whatever the browser still sends.
    const again = await call(caller, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: staff.email, password: testPassword },
    })
    expect(again.statusCode).toBe(200)
  })

  it('logout needs the CSRF token like any other write', async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: staff.headers.cookie! },
    })
    expectProblem(res, 403, 'forbidden')
    expect((await call(as(t.app, staff.headers), { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200)
  })

  it('closes the sessions of an account an administrator disables', async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    const read = await call(t.admin, { method: 'GET', url: `/api/v1/users/${staff.id}` })
    const disabled = await patchIfMatch(t.admin, `/api/v1/users/${staff.id}`, read.headers.etag as string, {
      disabled: true,
    })
    expect(disabled.data).toMatchObject({ disabled: true, disabledAt: expect.any(String) })
    expectProblem(await call(as(t.app, staff.headers), { method: 'GET', url: '/api/v1/auth/me' }), 401, 'unauthorized')
    expectProblem(
      await call(t.app, {
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: staff.email, password: testPassword },
      }),
      401,
      'unauthorized',
    )
  })
})

describe('CSRF', () => {
  const create = (headers: Record<string, string>) =>
    call(t.app, { method: 'POST', url: '/api/v1/organisations', headers, payload: { name: 'CSRF SA', kind: 'other' } })

  it('refuses a cookie-authenticated write without the token, or with a wrong one, and writes nothing', async () => {
    expectProblem(await create({ cookie: t.asAdmin.cookie! }), 403, 'forbidden')
    expectProblem(await create({ cookie: t.asAdmin.cookie!, 'x-csrf-token': 'forged' }), 403, 'forbidden')
    const other = await createStaff(t, { role: 'network_admin' })
    // Another session's token does not fit this session.
    expectProblem(
      await create({ cookie: t.asAdmin.cookie!, 'x-csrf-token': other.headers['x-csrf-token']! }),
      403,
      'forbidden',
    )
    const list = await call(t.app, { method: 'GET', url: '/api/v1/organisations?q=csrf' })
    expect(list.data.items).toEqual([])
    expect((await create(t.asAdmin)).statusCode).toBe(201)
  })

  it('does not apply to bearer keys', async () => {
    const key = await createKey(t.admin, { scopes: ['enrolments:write'], campusIds: [lyonId] })
    const res = await call(as(t.app, key.headers), {
      method: 'POST',
      url: '/api/v1/learners',
      payload: { campusId: lyonId, reference: 'CSRF-1', birthYear: 2001, sex: 'female' },
    })
    expect(res.statusCode).not.toBe(403)
    expect(res.statusCode).not.toBe(401)
  })
})

describe('API keys', () => {
  it('shows the key once, stores its hash only, and lists its prefix', async () => {
    const res = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'Telenco hires', scopes: ['outcomes:write'], campusIds: [lyonId] },
    })
    expect(res.statusCode).toBe(201)
    expect(res.data.key).toMatch(/^trj_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/)
    expect(res.data.key.startsWith(`${res.data.prefix}_`)).toBe(true)
    expect(res.data).toMatchObject({ status: 'active', scopes: ['outcomes:write'], lastUsedAt: null })
    // One year by default.
    expect(Date.parse(res.data.expiresAt) - Date.now()).toBeGreaterThan(364 * 24 * 3600_000)
    const [row] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, res.data.id))
    expect(row!.keyHash).not.toContain(res.data.key)
    expect(row!.keyHash).toMatch(/^[0-9a-f]{64}$/)
    const list = await call(t.admin, { method: 'GET', url: '/api/v1/api-keys?status=active' })
    const listed = list.data.items.find((k: { id: string }) => k.id === res.data.id)
    expect(listed).toMatchObject({ prefix: res.data.prefix })
    expect(JSON.stringify(list.data)).not.toContain(res.data.key)
    expect(JSON.stringify(list.data)).not.toContain(row!.keyHash)
  })

  it('refuses a revoked key with 401, and revoking twice changes nothing', async () => {
    const key = await createKey(t.admin, { scopes: ['records:read'], campusIds: [lyonId] })
    const caller = as(t.app, key.headers)
    expect((await call(caller, { method: 'GET', url: '/api/v1/cohorts' })).statusCode).toBe(200)
    const revoked = await call(t.admin, { method: 'POST', url: `/api/v1/api-keys/${key.id}/revoke` })
    expect(revoked.data).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) })
    expect(
      expectProblem(await call(caller, { method: 'GET', url: '/api/v1/cohorts' }), 401, 'unauthorized').detail,
    ).toMatch(/revoked/)
    // Even on a public route: never silently public.
    expectProblem(await call(caller, { method: 'GET', url: '/api/v1/campuses' }), 401, 'unauthorized')
    const again = await call(t.admin, { method: 'POST', url: `/api/v1/api-keys/${key.id}/revoke` })
    expect(again.data.revokedAt).toBe(revoked.data.revokedAt)
  })

  it('refuses an expired key with 401', async () => {
    const key = await createKey(t.admin, { scopes: ['records:read'], campusIds: [lyonId] })
    await t.database.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, key.id))
    const res = await call(as(t.app, key.headers), { method: 'GET', url: '/api/v1/cohorts' })
    expect(expectProblem(res, 401, 'unauthorized').detail).toMatch(/expired/)
    const read = await call(t.admin, { method: 'GET', url: `/api/v1/api-keys/${key.id}` })
    expect(read.data.status).toBe('expired')
  })

  it('refuses malformed, unknown and forged keys with 401', async () => {
    const key = await createKey(t.admin, { scopes: ['records:read'] })
    for (const authorization of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer not-a-key',
      `Bearer ${key.key.slice(0, -1)}${key.key.endsWith('A') ? 'B' : 'A'}`,
    ]) {
      expectProblem(
        await call(t.app, { method: 'GET', url: '/api/v1/cohorts', headers: { authorization } }),
        401,
        'unauthorized',
      )
    }
  })

  it('notes its last use at most once a minute', async () => {
    const key = await createKey(t.admin, { scopes: ['records:read'] })
    await call(as(t.app, key.headers), { method: 'GET', url: '/api/v1/cohorts' })
    const [first] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id))
    expect(first!.lastUsedAt).toBeInstanceOf(Date)
    await call(as(t.app, key.headers), { method: 'GET', url: '/api/v1/cohorts' })
    const [second] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id))
    expect(second!.lastUsedAt!.getTime()).toBe(first!.lastUsedAt!.getTime())
    await t.database.db
      .update(apiKeys)
      .set({ lastUsedAt: new Date(Date.now() - 120_000) })
      .where(eq(apiKeys.id, key.id))
    await call(as(t.app, key.headers), { method: 'GET', url: '/api/v1/cohorts' })
    const [third] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id))
    expect(Date.now() - third!.lastUsedAt!.getTime()).toBeLessThan(60_000)
  })

  it('reaches the campuses of its organisation’s consortium when it names none', async () => {
    const org = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/organisations',
      payload: { name: 'Telenco', kind: 'fibre_contractor' },
    })
    await call(t.admin, {
      method: 'POST',
      url: `/api/v1/campuses/${lyonId}/memberships`,
      payload: { organisationId: org.data.id, roles: ['industry_sponsor'], validFrom: '2018-01-01' },
    })
    const key = await createKey(t.admin, { scopes: ['records:read'], organisationId: org.data.id })
    const me = await call(as(t.app, key.headers), { method: 'GET', url: '/api/v1/auth/me' })
    expect(me.data.campusIds).toEqual([lyonId])
    const script = await createKey(t.admin, { scopes: ['records:read'] })
    expect((await call(as(t.app, script.headers), { method: 'GET', url: '/api/v1/auth/me' })).data.campusIds).toBeNull()
  })

  it('validates what it is given', async () => {
    const bad = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'x', scopes: ['everything'], expiresAt: '2001-01-01T00:00:00Z' },
    })
    expectProblem(bad, 400, 'validation_failed')
    const past = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'x', scopes: ['stats:read'], expiresAt: '2001-01-01T00:00:00Z' },
    })
    expect(expectProblem(past, 400, 'validation_failed').errors![0]!.field).toBe('/expiresAt')
    const unknownCampus = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'x', scopes: ['stats:read'], campusIds: ['0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10'] },
    })
    expect(expectProblem(unknownCampus, 400, 'validation_failed').errors![0]!.field).toBe('/campusIds')
  })

  it('reaches every campus only when asked to: networkWide', async () => {
    const post = (payload: Record<string, unknown>) =>
      call(t.admin, {
        method: 'POST',
        url: '/api/v1/api-keys',
        payload: { name: 'script', scopes: ['stats:read'], ...payload },
      })
    for (const payload of [{}, { campusIds: [] }, { campusIds: [], networkWide: false }]) {
      const issue = expectProblem(await post(payload), 400, 'validation_failed').errors![0]!
      expect(issue).toMatchObject({ field: '/campusIds', code: 'network_wide' })
    }
    const contradiction = await post({ campusIds: [lyonId], networkWide: true })
    expect(expectProblem(contradiction, 400, 'validation_failed').errors![0]).toMatchObject({
      field: '/networkWide',
      code: 'network_wide',
    })
    const wide = await post({ networkWide: true })
    expect(wide.statusCode).toBe(201)
    expect(wide.data).toMatchObject({ campusIds: [], networkWide: true })
    const me = await call(as(t.app, { authorization: `Bearer ${wide.data.key}` }), {
      method: 'GET',
      url: '/api/v1/auth/me',
    })
    expect(me.data.campusIds).toBeNull()
    const limited = await post({ campusIds: [lyonId] })
    expect(limited.data.networkWide).toBe(false)
  })
})
