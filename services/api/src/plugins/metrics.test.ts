import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, expectProblem, type TestContext } from '../../test/helpers.js'
import { seed } from '../db/seed.js'
import { isDatabaseUnavailable } from '../db/client.js'
import { patience } from '../../test/patience.js'

const token = 'metrics-test-token-0123456789'

let t: TestContext
beforeAll(async () => {
  t = await createTestApp({ metricsToken: token })
  await seed(t.database.db)
})
afterAll(() => t.close())

const scrape = async () => {
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } })
  expect(res.statusCode, res.body).toBe(200)
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
  return res.body
}

/** The value of one series of the scrape, or undefined when it is absent. */
const valueOf = (body: string, series: string): number | undefined => {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('GET /metrics', () => {
  it('refuses a scrape without the token, or with another one, as 401 problem+json', async () => {
    expectProblem(await call(t.app, { method: 'GET', url: '/metrics' }), 401, 'unauthorized')
    const wrong = await call(t.app, { method: 'GET', url: '/metrics', headers: { authorization: 'Bearer nope' } })
    expectProblem(wrong, 401, 'unauthorized')
    expect(wrong.headers['www-authenticate']).toBe('Bearer realm="metrics"')
  })

  it('counts requests by route pattern and status, never by raw URL', async () => {
    const list = await call(t.app, { method: 'GET', url: '/api/v1/campuses' })
    const id = list.data.items[0].id as string
    for (let i = 0; i < 3; i++)
      expect((await call(t.app, { method: 'GET', url: `/api/v1/campuses/${id}` })).statusCode).toBe(200)
    await call(t.app, { method: 'GET', url: '/api/v1/campuses/00000000-0000-4000-8000-000000000000' })
    await call(t.app, { method: 'GET', url: '/api/v1/no-such-thing' })
    const body = await scrape()
    expect(
      valueOf(body, 'trajectoires_http_requests_total{route="/api/v1/campuses/:id",method="GET",status="200"}'),
    ).toBe(3)
    expect(
      valueOf(body, 'trajectoires_http_requests_total{route="/api/v1/campuses/:id",method="GET",status="404"}'),
    ).toBe(1)
    expect(valueOf(body, 'trajectoires_http_requests_total{route="unmatched",method="GET",status="404"}')).toBe(1)
    expect(
      valueOf(
        body,
        'trajectoires_http_request_duration_seconds_count{route="/api/v1/campuses/:id",method="GET",status="200"}',
      ),
    ).toBe(3)
    expect(body).not.toContain(id)
    // Process metrics from prom-client's defaults.
    expect(body).toMatch(/^process_resident_memory_bytes \d+/m)
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds /m)
    expect(valueOf(body, `trajectoires_database_info{kind="${t.database.kind}"}`)).toBe(1)
  })

  it('reports the PostgreSQL pool, or no pool series on the embedded database', async () => {
    const body = await scrape()
    if (t.database.kind === 'postgres') {
      expect(valueOf(body, 'trajectoires_db_pool_connections{state="max"}')).toBe(5)
      expect(valueOf(body, 'trajectoires_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1)
      expect(valueOf(body, 'trajectoires_db_pool_waiting')).toBeGreaterThanOrEqual(0)
    } else {
      expect(body).not.toContain('trajectoires_db_pool_connections')
    }
  })

  it('times imports by kind and outcome, and statistics requests by route', async () => {
    const csv =
      'Campus;Cohort;Learner reference;Checkpoint;Observed on;Situation\nNowhere;X;Y;exit;01/01/2020;employed\n'
    const rejected = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/imports/outcomes',
      payload: csv,
      headers: { 'content-type': 'text/csv' },
    })
    expect(rejected.statusCode).toBe(422)
    expect((await call(t.app, { method: 'GET', url: '/api/v1/stats/overview' })).statusCode).toBe(200)
    const body = await scrape()
    expect(valueOf(body, 'trajectoires_import_duration_seconds_count{kind="outcomes",outcome="rejected"}')).toBe(1)
    expect(valueOf(body, 'trajectoires_import_rows_total{kind="outcomes",outcome="rejected"}')).toBe(1)
    expect(valueOf(body, 'trajectoires_statistics_duration_seconds_count{route="/api/v1/stats/overview"}')).toBe(1)
  })

  // A second app on its own database: slow to create on a busy machine.
  it('is not served at all when no token is configured', { timeout: patience(180_000) }, async () => {
    const plain = await createTestApp()
    try {
      expectProblem(await call(plain.app, { method: 'GET', url: '/metrics' }), 404, 'route_not_found')
    } finally {
      await plain.close()
    }
  })
})

describe('isDatabaseUnavailable', () => {
  it('recognises a server that is down or restarting, through drizzle’s wrapper', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
    expect(isDatabaseUnavailable(refused)).toBe(true)
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: refused }))).toBe(true)
    const socketGone = Object.assign(new Error('connect ENOENT /tmp/.s.PGSQL.5432'), {
      code: 'ENOENT',
      syscall: 'connect',
    })
    expect(isDatabaseUnavailable(socketGone)).toBe(true)
    const shuttingDown = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    })
    expect(isDatabaseUnavailable(shuttingDown)).toBe(true)
    expect(
      isDatabaseUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' })),
    ).toBe(true)
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true)
  })

  it('leaves query errors and unrelated failures alone', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false)
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false)
    expect(isDatabaseUnavailable(Object.assign(new Error('no such file'), { code: 'ENOENT', syscall: 'open' }))).toBe(
      false,
    )
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false)
  })
})
