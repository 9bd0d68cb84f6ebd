import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestContext } from '../../../test/helpers.js'
import { createStatsFixtures } from './stats.fixtures.js'
import { acceptedEncoding, publicStore } from './stats.public-store.js'
import { patience } from '../../../test/patience.js'

/**
 * Repeated public requests are answered from the route's first hook (stats.public-store.ts): the
 * same bytes as the route, never to a caller with credentials, never from a release that no longer
 * stands.
 */
describe('the public store, through the API', () => {
  let t: TestContext
  let lyon: string
  let fixtures: ReturnType<typeof createStatsFixtures>
  const f = () => (fixtures ??= createStatsFixtures(t.database.db))
  const url = '/api/v1/stats/placement?groupBy=campus'

  beforeAll(async () => {
    t = await createTestApp()
    lyon = await f().campus('Plombiers Lyon')
    const cohort = await f().cohort(lyon, { name: 'L-2019' })
    await f().crowd(lyon, cohort, 30, (i) => ({
      observations: [{ observedOn: '2020-01-15', situation: i % 3 === 0 ? 'job_seeking' : 'employed' }],
    }))
  }, patience(120_000))
  afterAll(() => t?.close())

  const stable = (headers: Record<string, unknown>) => {
    const { date: _date, 'x-request-id': _id, ...rest } = headers
    return rest
  }

  it('gives a repeated anonymous request the same bytes and headers as the route, and 304 on its ETag', async () => {
    const first = await call(t.app, { method: 'GET', url })
    expect(first.statusCode).toBe(200)
    for (let i = 0; i < 3; i++) {
      const again = await call(t.app, { method: 'GET', url })
      expect(again.statusCode).toBe(200)
      expect(again.body).toBe(first.body)
      expect(stable(again.headers)).toEqual(stable(first.headers))
    }
    const notModified = await call(t.app, {
      method: 'GET',
      url,
      headers: { 'if-none-match': String(first.headers.etag) },
    })
    expect(notModified.statusCode).toBe(304)
    expect(notModified.body).toBe('')
    // Another representation of the same address is not the stored one.
    const csv = await call(t.app, { method: 'GET', url, headers: { accept: 'text/csv' } })
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
  })

  it('sends a large stored answer compressed as the client accepts, the same bytes once decoded', async () => {
    const plain = await call(t.app, { method: 'GET', url })
    expect(plain.body.length).toBeGreaterThan(1024)
    const br = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(br.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body)
    const gzip = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip;q=1, br;q=0' } })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.body)
    expect(gzip.headers.etag).toBe(plain.headers.etag)
    for (const answer of [plain, br, gzip]) expect(String(answer.headers.vary)).toMatch(/accept-encoding/i)
    const identity = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } })
    expect(identity.headers['content-encoding']).toBeUndefined()
    expect(identity.body).toBe(plain.body)
  })

  it('never answers a caller with credentials, right or wrong, from it', async () => {
    const anonymous = await call(t.app, { method: 'GET', url })
    await call(t.app, { method: 'GET', url })
    expect(anonymous.data.total.population).toBeNull()
    const staff = await call(t.admin, { method: 'GET', url })
    expect(staff.statusCode).toBe(200)
    expect(staff.data.total.population).toBe(30)
    expect(staff.data.release).toBeUndefined()
    const wrong = await call(t.app, { method: 'GET', url, headers: { authorization: 'Bearer not-a-key' } })
    expect(wrong.statusCode).toBe(401)
  })

  it('lets the next request through the route once the data changed, and keeps the new answer', async () => {
    const before = await call(t.app, { method: 'GET', url })
    await call(t.app, { method: 'GET', url })
    const cohort = await f().cohort(lyon, { name: 'L-2020' })
    await f().crowd(lyon, cohort, 1, () => ({ observations: [] }))
    // The API hears of the write through LISTEN/NOTIFY: poll until it has.
    await expect
      .poll(async () => (await call(t.app, { method: 'GET', url })).data.release.id, {
        timeout: patience(30_000),
        interval: 50,
      })
      .not.toBe(before.data.release.id)
    const after = await call(t.app, { method: 'GET', url })
    const again = await call(t.app, { method: 'GET', url })
    expect(again.body).toBe(after.body)
    expect(after.data.total.numerator).toBe(before.data.total.numerator)
    expect(after.data.release.id).not.toBe(before.data.release.id)
  })
})

describe('the encodings a client accepts', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    expect(acceptedEncoding(undefined)).toBeUndefined()
    expect(acceptedEncoding('gzip, deflate, br, zstd')).toBe('br')
    expect(acceptedEncoding('gzip')).toBe('gzip')
    expect(acceptedEncoding('br;q=0, gzip;q=0.5')).toBe('gzip')
    expect(acceptedEncoding('*')).toBe('gzip')
    expect(acceptedEncoding('identity, deflate')).toBeUndefined()
    expect(acceptedEncoding('gzip;q=0')).toBeUndefined()
  })
})

describe('the public store, alone', () => {
  let release = 'r1'
  let routeCalls = 0
  const store = publicStore(() => release)
  const app = Fastify()
  app.decorateRequest('principal', null as never)
  app.decorateRequest('authFailure', undefined)
  app.addHook('onRequest', (request, _reply, done) => {
    request.principal = (
      request.headers.authorization ? { kind: 'user', id: 'u' } : { kind: 'public' }
    ) as typeof request.principal
    done()
  })
  app.get('/figures', { onRequest: store.onRequest }, async (request, reply) => {
    routeCalls++
    const answer = {
      etag: `W/"${release}"`,
      notModified: false,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ release, call: routeCalls }),
      release: request.headers.authorization ? undefined : release,
    }
    store.remember(request, answer)
    return reply.header('etag', answer.etag).type(answer.contentType).send(answer.body)
  })
  beforeAll(() => app.ready())
  afterAll(() => app.close())

  it('answers repeated anonymous requests without the route while the release stands', async () => {
    const first = await app.inject('/figures')
    const second = await app.inject('/figures')
    expect(second.body).toBe(first.body)
    expect(routeCalls).toBe(1)
    expect(store.stats.hits).toBe(1)
    // With credentials: the route, every time.
    await app.inject({ url: '/figures', headers: { authorization: 'Bearer x' } })
    await app.inject({ url: '/figures', headers: { authorization: 'Bearer x' } })
    expect(routeCalls).toBe(3)
    // A new release: the route again, then the store.
    release = 'r2'
    const third = await app.inject('/figures')
    expect(JSON.parse(third.body).release).toBe('r2')
    await app.inject('/figures')
    expect(routeCalls).toBe(4)
    expect(store.stats.hits).toBe(2)
    // Unknown whether the release stands (the service cannot say without waiting): the route.
    release = undefined as unknown as string
    await app.inject('/figures')
    expect(routeCalls).toBe(5)
  })
})
