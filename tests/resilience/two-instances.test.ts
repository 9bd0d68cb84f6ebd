/**
 * Horizontal scale: two API processes on one PostgreSQL database behave as one. What one writes the
 * other reads (records and statistics), a session opened on one works on the other (CSRF included)
 * and ends on both, rate-limit counters and idempotency records are shared.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { demoAdmin, loginHeaders, startApi, type RunningApi } from '../e2e/support/server.js'
import { startThrowawayPostgres, type ThrowawayPostgres } from './support/postgres.js'
import { until } from './support/load.js'
import { resilienceEnv } from './support/env.js'

let postgres: ThrowawayPostgres
let a: RunningApi
let b: RunningApi

beforeAll(async () => {
  postgres = await startThrowawayPostgres()
  // A migrates and seeds the empty database; B starts on it afterwards, as a second replica would.
  // Hour-long rate-limit windows: the counters checked below do not start again mid-test.
  const env = { ...resilienceEnv, RATE_LIMIT_WINDOW_SECONDS: '3600' }
  a = await startApi({ timeoutMs: 180_000, databaseUrl: postgres.url, web: false, env })
  b = await startApi({ timeoutMs: 180_000, databaseUrl: postgres.url, web: false, env })
})
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  postgres?.destroy()
})

const json = async (response: Response) => ({
  status: response.status,
  headers: response.headers,
  body: await response.json(),
})
const get = (api: RunningApi, path: string, headers: Record<string, string> = {}) =>
  fetch(`${api.url}${path}`, { headers }).then(json)
const post = (api: RunningApi, path: string, headers: Record<string, string>, body: unknown) =>
  fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(json)

interface Overview {
  network: { campuses: { planned: number; open: number; closed: number }; yearlyCapacity: number }
}

describe('two API processes on one PostgreSQL', () => {
  it('are two processes', () => {
    expect(a.pid).not.toBe(b.pid)
    expect(a.url).not.toBe(b.url)
  })

  it('share the session: logged in on one, used (with its CSRF token) on the other, ended on both', async () => {
    const session = await loginHeaders(a.url)
    const onB = await get(b, '/api/v1/auth/session', session)
    expect(onB.body).toMatchObject({ authenticated: true })
    expect(JSON.stringify(onB.body)).toContain(demoAdmin.email)

    const created = await post(b, '/api/v1/tracks', session, {
      name: 'Written on B with a session from A',
      hours: 200,
      components: ['technical_platform'],
    })
    expect(created.status).toBe(201)
    const withoutCsrf = await post(
      b,
      '/api/v1/tracks',
      { cookie: session.cookie! },
      { name: 'x', hours: 1, components: ['internship'] },
    )
    expect(withoutCsrf.status).toBe(403)
    expect((await get(a, `/api/v1/tracks/${created.body.id}`, session)).status).toBe(200)

    const logout = await fetch(`${b.url}/api/v1/auth/logout`, { method: 'POST', headers: session })
    expect(logout.status).toBe(204)
    // Ended on A too: the cookie of an ended session is refused, not taken for a visitor.
    expect(await get(a, '/api/v1/auth/session', session)).toMatchObject({
      status: 401,
      body: { code: 'unauthorized', detail: 'Your session has ended; log in again.' },
    })
  })

  it('read through one what was written through the other, statistics included', async () => {
    const session = await loginHeaders(a.url)
    // B reads first, so that anything it caches is the state before the write.
    const before = (await get(b, '/api/v1/stats/overview', session)).body as Overview
    const created = await post(a, '/api/v1/campuses', session, {
      name: 'Plombiers du numérique Toulouse',
      inseeCode: '31555',
      status: 'open',
      yearlyCapacity: 40,
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)

    const read = await get(b, `/api/v1/campuses/${created.body.id}`)
    expect(read).toMatchObject({ status: 200, body: { name: 'Plombiers du numérique Toulouse', status: 'open' } })

    // Statistics: B's answer must move by exactly the new campus. Polled with a 5 s bound in case a
    // cache on B hears of the write a few milliseconds late (LISTEN/NOTIFY); `reads` says how many it took.
    let after: Overview | undefined
    let reads = 0
    await until(
      'the overview on B counting the campus written on A',
      async () => {
        reads++
        after = (await get(b, '/api/v1/stats/overview', session)).body as Overview
        return after.network.campuses.open === before.network.campuses.open + 1
      },
      5000,
    )
    expect(after!.network.yearlyCapacity).toBe(before.network.yearlyCapacity + 40)
    expect(after!.network.campuses.planned).toBe(before.network.campuses.planned)
    console.log(`statistics on B reflected the write on A after ${reads} read(s)`)
  })

  it('share rate-limit counters and idempotency records', async () => {
    const session = await loginHeaders(a.url)
    // A new API key: a counter that nothing else in this file has touched.
    const created = await post(a, '/api/v1/api-keys', session, {
      name: 'Two instances',
      scopes: ['records:read'],
      networkWide: true,
    })
    expect(created.status).toBe(201)
    const bearer = { authorization: `Bearer ${created.body.key}` }
    const first = await get(a, '/api/v1/auth/me', bearer)
    const second = await get(b, '/api/v1/auth/me', bearer)
    // One counter for the key, whichever process answers: the first hit of a window goes to the
    // shared counter at once on each process.
    const remaining = [first, second].map((r) => Number(r.headers.get('ratelimit-remaining')))
    expect(remaining).toEqual([999_999, 999_998])
    // Later hits far from the limit are sent in batches (RATE_LIMIT_SYNC_MS, 250 ms): every one
    // of them reaches the shared counter in PostgreSQL.
    for (let i = 0; i < 5; i++) {
      expect((await get(a, '/api/v1/auth/me', bearer)).status).toBe(200)
      expect((await get(b, '/api/v1/auth/me', bearer)).status).toBe(200)
    }
    const counted = async () =>
      (await postgres.query('select count from rate_limit_counters where key = $1', [`key:${created.body.id}`]))[0]
        ?.count
    await vi.waitFor(async () => expect(await counted()).toBe(12), { timeout: 10_000, interval: 100 })

    const key = { ...session, 'idempotency-key': 'two-instances-1' }
    const body = { name: 'Created once through two processes', hours: 300, components: ['internship'] }
    const once = await post(a, '/api/v1/tracks', key, body)
    const twice = await post(b, '/api/v1/tracks', key, body)
    expect(once.status).toBe(201)
    expect(twice.status).toBe(201)
    expect(twice.headers.get('idempotent-replayed')).toBe('true')
    expect(twice.body.id).toBe(once.body.id)
    const stored = await postgres.query('select id from tracks where name = $1', [body.name])
    expect(stored).toHaveLength(1)
  })
})
