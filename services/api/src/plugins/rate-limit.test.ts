import { createConnection } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadConfig } from '../config.js'
import {
  as,
  call,
  createKey,
  createStaff,
  createTestApp,
  expectProblem,
  testPassword,
  type TestContext,
} from '../../test/helpers.js'
import {
  createBatchedLimiter,
  createPostgresStore,
  createRedisStore,
  TooManyRequests,
  type RateLimitStore,
} from './rate-limit.js'

const limits = {
  ...loadConfig({}).rateLimit,
  enabled: true,
  // Fixed windows start on the clock: long ones keep a test from straddling two.
  windowSeconds: 3600,
  anonymousMax: 3,
  authenticatedMax: 5,
  loginMax: 8,
  loginFailuresMax: 3,
  loginAccountFailuresMax: 5,
  loginWindowSeconds: 86_400,
}

let t: TestContext
beforeAll(async () => {
  t = await createTestApp({ rateLimit: limits })
})
afterAll(() => t.close())

describe('general limits', () => {
  it('answers 429 problem+json with Retry-After once an address has used its window', async () => {
    const remaining: string[] = []
    for (let i = 0; i < 3; i++) {
      const res = await call(t.app, { method: 'GET', url: '/api/v1/campuses', remoteAddress: '192.0.2.10' })
      expect(res.statusCode).toBe(200)
      remaining.push(String(res.headers['ratelimit-remaining']))
    }
    expect(remaining).toEqual(['2', '1', '0'])
    const refused = await call(t.app, { method: 'GET', url: '/api/v1/organisations', remoteAddress: '192.0.2.10' })
    expectProblem(refused, 429, 'too_many_requests')
    const retryAfter = Number(refused.headers['retry-after'])
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(3600)
    expect(refused.headers['ratelimit-limit']).toBe('3')
    // Another address is counted apart.
    expect(
      (await call(t.app, { method: 'GET', url: '/api/v1/campuses', remoteAddress: '192.0.2.11' })).statusCode,
    ).toBe(200)
    // Probes and docs are never limited.
    expect((await call(t.app, { method: 'GET', url: '/healthz', remoteAddress: '192.0.2.10' })).statusCode).toBe(200)
  })

  it('counts an API key on its own, whatever address it comes from', async () => {
    const key = await createKey(t.admin, { scopes: ['records:read'] })
    const caller = as(t.app, key.headers)
    for (let i = 0; i < 5; i++) {
      const res = await call(caller, { method: 'GET', url: '/api/v1/cohorts', remoteAddress: `198.51.100.${i}` })
      expect(res.statusCode).toBe(200)
      expect(res.headers['ratelimit-limit']).toBe('5')
    }
    const refused = await call(caller, { method: 'GET', url: '/api/v1/cohorts', remoteAddress: '198.51.100.99' })
    expectProblem(refused, 429, 'too_many_requests')
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1)
  })

  it('counts bad credentials against the address', async () => {
    const withUnknownKey = () =>
      call(t.app, {
        method: 'GET',
        url: '/api/v1/cohorts',
        remoteAddress: '192.0.2.20',
        headers: { authorization: 'Bearer trj_aaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
      })
    for (let i = 0; i < 3; i++) {
      expectProblem(await withUnknownKey(), 401, 'unauthorized')
    }
    expectProblem(await withUnknownKey(), 429, 'too_many_requests')
  })
})

describe('login throttling', () => {
  const attempt = (email: string, password: string, remoteAddress = '203.0.113.1') =>
    call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress })

  it('refuses an address after repeated failures on an account, even with the right password, until the window ends', async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    for (let i = 0; i < 3; i++) expectProblem(await attempt(staff.email, `wrong password ${i}`), 401, 'unauthorized')
    const refused = await attempt(staff.email, testPassword)
    expect(expectProblem(refused, 429, 'too_many_requests').detail).toMatch(/failed logins/)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60)
    // Another account is not affected.
    const other = await createStaff(t, { role: 'network_staff' })
    expect((await attempt(other.email, testPassword, '203.0.113.3')).statusCode).toBe(200)
  })

  it("does not lock the owner out from another address: an attacker's failures count for the attacker's address", async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    for (let i = 0; i < 4; i++) await attempt(staff.email, `wrong password ${i}`, '203.0.113.66')
    expectProblem(await attempt(staff.email, testPassword, '203.0.113.66'), 429, 'too_many_requests')
    expect((await attempt(staff.email, testPassword, '203.0.113.67')).statusCode).toBe(200)
  })

  it('refuses new addresses once failures spread over many addresses pass the account limit, not the owner’s', async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    // The owner is logged in from this address before the attack.
    expect((await attempt(staff.email, testPassword, '203.0.113.80')).statusCode).toBe(200)
    for (const address of ['203.0.113.81', '203.0.113.82', '203.0.113.83']) {
      for (let i = 0; i < 2; i++) await attempt(staff.email, `wrong password ${i}`, address)
    }
    const fromNowhere = await attempt(staff.email, testPassword, '203.0.113.84')
    expect(expectProblem(fromNowhere, 429, 'too_many_requests').detail).toMatch(/failed logins on this account/)
    expect((await attempt(staff.email, testPassword, '203.0.113.80')).statusCode).toBe(200)
  })

  it('limits login attempts from one address more strictly than other requests', async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    let refused
    for (let i = 0; i < 10 && !refused; i++) {
      const res = await attempt(`nobody${i}@test.example`, 'whatever', '203.0.113.50')
      if (res.statusCode === 429) refused = { i, res }
    }
    expect(refused?.i).toBe(8)
    expectProblem(refused!.res, 429, 'too_many_requests')
    // The right password from that address waits too.
    expectProblem(await attempt(staff.email, testPassword, '203.0.113.50'), 429, 'too_many_requests')
  })
})

/** The PostgreSQL store, counting the round trips made to it. */
function countingStore() {
  const store = createPostgresStore(t.database.db)
  const trips = { count: 0 }
  const counted: RateLimitStore = {
    ...store,
    hitMany: (entries) => (trips.count++, store.hitMany(entries)),
  }
  return { store: counted, trips }
}

/** Hits until the first refusal; the number accepted. */
async function acceptedUntilRefused(consume: () => unknown, atMost: number) {
  for (let accepted = 0; accepted < atMost; accepted++) {
    try {
      await consume()
    } catch (err) {
      if (err instanceof TooManyRequests) return accepted
      throw err
    }
  }
  return atMost
}

describe('batched counting (RATE_LIMIT_SYNC_MS)', () => {
  const noError = (err: unknown) => {
    throw err
  }

  it('with one instance, refuses exactly at the limit with far fewer round trips than hits', async () => {
    const { store, trips } = countingStore()
    const limiter = createBatchedLimiter(store, { syncMs: 60_000, onError: noError })
    const key = `test:${Math.random()}`
    const remaining: number[] = []
    const accepted = await acceptedUntilRefused(async () => {
      remaining.push((await limiter.consume(key, 100, 3600)).remaining)
    }, 200)
    expect(accepted).toBe(100)
    expect(remaining).toEqual(Array.from({ length: 100 }, (_, i) => 99 - i))
    // The first hit, one in ten far from the limit, then every hit of the last tenth, and the refusal.
    expect(trips.count).toBeLessThanOrEqual(1 + 9 + 10 + 1)
    expect((await store.peek(key, 3600)).count).toBe(101)
    await limiter.close()
  })

  it('sends pending hits on its own after the sync interval', async () => {
    const { store } = countingStore()
    const limiter = createBatchedLimiter(store, { syncMs: 20, onError: noError })
    const key = `test:${Math.random()}`
    for (let i = 0; i < 5; i++) await limiter.consume(key, 1000, 3600)
    expect((await store.peek(key, 3600)).count).toBe(1)
    await vi.waitFor(async () => expect((await store.peek(key, 3600)).count).toBe(5))
    await limiter.close()
  })

  it('sends every hit at once with a sync interval of 0', async () => {
    const { store, trips } = countingStore()
    const limiter = createBatchedLimiter(store, { syncMs: 0, onError: noError })
    const key = `test:${Math.random()}`
    for (let i = 0; i < 30; i++) await limiter.consume(key, 1000, 3600)
    expect(trips.count).toBe(30)
    expect((await store.peek(key, 3600)).count).toBe(30)
  })

  it('two instances on one store: a burst spread over both passes the limit by at most a tenth', async () => {
    const { store } = countingStore()
    const a = createBatchedLimiter(store, { syncMs: 60_000, onError: noError })
    const b = createBatchedLimiter(store, { syncMs: 60_000, onError: noError })
    const key = `test:${Math.random()}`
    let turn = 0
    const accepted = await acceptedUntilRefused(() => (turn++ % 2 === 0 ? a : b).consume(key, 100, 3600), 300)
    expect(accepted).toBeGreaterThanOrEqual(100)
    expect(accepted).toBeLessThanOrEqual(110)
    // Once refused on one, the other refuses too.
    await expect(Promise.resolve(a.consume(key, 100, 3600))).rejects.toBeInstanceOf(TooManyRequests)
    await expect(Promise.resolve(b.consume(key, 100, 3600))).rejects.toBeInstanceOf(TooManyRequests)
    await a.close()
    await b.close()
  })

  it('does not lose pending hits when the store fails; they are sent with the next attempt', async () => {
    const { store } = countingStore()
    let down = false
    const flaky: RateLimitStore = {
      ...store,
      hitMany: (entries) => (down ? Promise.reject(new Error('store down')) : store.hitMany(entries)),
    }
    const errors: unknown[] = []
    const limiter = createBatchedLimiter(flaky, { syncMs: 60_000, onError: (err) => errors.push(err) })
    const key = `test:${Math.random()}`
    for (let i = 0; i < 4; i++) await limiter.consume(key, 1000, 3600)
    down = true
    await limiter.flush()
    expect(errors).toHaveLength(1)
    down = false
    await limiter.flush()
    expect((await store.peek(key, 3600)).count).toBe(4)
    await limiter.close()
  })
})

async function sharedCounting(store: RateLimitStore) {
  const key = `test:${Math.random()}`
  const counts = await Promise.all(Array.from({ length: 20 }, () => store.hit(key, 60)))
  expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  expect((await store.peek(key, 60)).count).toBe(20)
  await store.reset(key)
  expect((await store.peek(key, 60)).count).toBe(0)
  expect((await store.hit(key, 60)).count).toBe(1)
  const other = `${key}:other`
  expect(
    (
      await store.hitMany([
        { key, windowSeconds: 60, hits: 4 },
        { key: other, windowSeconds: 60, hits: 2 },
      ])
    ).map((r) => r.count),
  ).toEqual([5, 2])
  expect((await store.peek(other, 60)).count).toBe(2)
}

const redisUp = await new Promise<boolean>((resolve) => {
  const socket = createConnection({ host: '127.0.0.1', port: 6379 })
  socket.once('connect', () => (socket.destroy(), resolve(true)))
  socket.once('error', () => resolve(false))
})

describe('stores', () => {
  it('PostgreSQL: concurrent hits are counted exactly once each', async () => {
    await sharedCounting(createPostgresStore(t.database.db))
  })

  it.skipIf(!redisUp)('Redis (REDIS_URL): the same, when a server runs on 127.0.0.1:6379', async () => {
    const store = await createRedisStore('redis://127.0.0.1:6379')
    try {
      await sharedCounting(store)
    } finally {
      await store.close()
    }
  })
})
