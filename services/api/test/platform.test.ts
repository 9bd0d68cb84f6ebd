import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, expectProblem, type TestContext } from './helpers.js'
import { ConfigError, loadConfig } from '../src/config.js'

let t: TestContext
beforeAll(async () => {
  t = await createTestApp({ bodyLimit: 2048 }, (app) => {
    app.get('/boom', { config: { access: { allow: 'public' } }, schema: { hide: true } }, async () => {
      throw new Error('secret connection string postgres://admin:hunter2@db')
    })
  })
})
afterAll(() => t.close())

describe('health and readiness', () => {
  it('answers liveness without touching the database', async () => {
    const res = await call(t.app, { method: 'GET', url: '/healthz' })
    expect(res.statusCode).toBe(200)
    expect(res.data.status).toBe('ok')
  })

  it('is ready once the database answers and every migration is applied', async () => {
    const res = await call(t.app, { method: 'GET', url: '/readyz' })
    expect(res.statusCode).toBe(200)
    expect(res.data).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok' },
      databaseKind: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite',
    })
  })
})

describe('errors are problem+json with stable codes', () => {
  it('unknown route: 404 route_not_found', async () => {
    const res = await call(t.app, { method: 'GET', url: '/api/v1/nothing-here' })
    expect(expectProblem(res, 404, 'route_not_found').instance).toBe('/api/v1/nothing-here')
  })

  it('malformed JSON: 400 malformed_json', async () => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/organisations',
      payload: '{"name": "Telenco", ',
      headers: { 'content-type': 'application/json' },
    })
    expectProblem(res, 400, 'malformed_json')
  })

  it('a body that is not JSON: 415 unsupported_media_type', async () => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/organisations',
      payload: 'name=Telenco',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expectProblem(res, 415, 'unsupported_media_type')
  })

  it('a body over the limit: 413 payload_too_large, nothing written', async () => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/organisations',
      payload: { name: 'x'.repeat(4000), kind: 'other' },
    })
    expectProblem(res, 413, 'payload_too_large')
    const list = await call(t.app, { method: 'GET', url: '/api/v1/organisations?q=xxxx' })
    expect(list.data.items).toEqual([])
  })

  it('an unexpected failure: 500 internal_error without internals', async () => {
    const res = await call(t.app, { method: 'GET', url: '/boom' })
    const problem = expectProblem(res, 500, 'internal_error')
    expect(res.body).not.toMatch(/hunter2|postgres:|stack|Error:/)
    expect(problem.requestId).toBe(res.headers['x-request-id'])
  })

  it('echoes a sane x-request-id and replaces an insane one', async () => {
    const res = await call(t.app, { method: 'GET', url: '/api/v1/nothing', headers: { 'x-request-id': 'abc-123' } })
    expect(res.headers['x-request-id']).toBe('abc-123')
    expect(res.data.requestId).toBe('abc-123')
    const bad = await call(t.app, { method: 'GET', url: '/healthz', headers: { 'x-request-id': '<script>' } })
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('Idempotency-Key', () => {
  const post = (key: string, payload: object) =>
    call(t.admin, { method: 'POST', url: '/api/v1/organisations', payload, headers: { 'idempotency-key': key } })

  it('replays the first answer for a retry and writes once', async () => {
    const first = await post('key-1', { name: 'Idempotent SA', kind: 'other' })
    expect(first.statusCode).toBe(201)
    const retry = await post('key-1', { name: 'Idempotent SA', kind: 'other' })
    expect(retry.statusCode).toBe(201)
    expect(retry.data.id).toBe(first.data.id)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.headers.location).toBe(first.headers.location)
    const list = await call(t.app, { method: 'GET', url: '/api/v1/organisations?q=idempotent' })
    expect(list.data.items).toHaveLength(1)
  })

  it('refuses the same key with another body (422)', async () => {
    await post('key-2', { name: 'First body', kind: 'other' })
    const other = await post('key-2', { name: 'Second body', kind: 'other' })
    expectProblem(other, 422, 'idempotency_key_reused')
    const list = await call(t.app, { method: 'GET', url: '/api/v1/organisations?q=second body' })
    expect(list.data.items).toEqual([])
  })

  it('replays a refusal too, and refuses a malformed key', async () => {
    const bad = await post('key-3', { name: 'Bad', kind: 'other', siren: '123456789' })
    expectProblem(bad, 400, 'validation_failed')
    const again = await post('key-3', { name: 'Bad', kind: 'other', siren: '123456789' })
    expectProblem(again, 400, 'validation_failed')
    expect(again.headers['idempotent-replayed']).toBe('true')
    const malformed = await post('', { name: 'x', kind: 'other' })
    expectProblem(malformed, 400, 'validation_failed')
  })
})

describe('OpenAPI', () => {
  it('publishes an OpenAPI 3.1 document with named schemas and problem responses', async () => {
    const res = await call(t.app, { method: 'GET', url: '/api/openapi.json' })
    expect(res.statusCode).toBe(200)
    expect(res.data.openapi).toBe('3.1.0')
    expect(Object.keys(res.data.components.schemas)).toEqual(
      expect.arrayContaining(['Campus', 'Organisation', 'Membership', 'Problem', 'CampusPage']),
    )
    const operations = Object.values(res.data.paths).flatMap((p: any) => Object.values(p)) as any[]
    expect(operations.length).toBeGreaterThanOrEqual(17)
    for (const op of operations) {
      expect(op.operationId, JSON.stringify(op.summary)).toEqual(expect.any(String))
      expect(op.tags).toHaveLength(1)
      expect(op.summary).toEqual(expect.any(String))
      expect(op.responses['400'].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem')
    }
    expect(res.data.paths['/api/v1/campuses/{id}'].patch.responses['412']).toBeDefined()
    const declared = new Set(res.data.tags.map((tag: { name: string }) => tag.name))
    expect(operations.flatMap((op) => op.tags).filter((tag: string) => !declared.has(tag))).toEqual([])
  })

  it('serves the interactive docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toMatch(/swagger/i)
  })
})

describe('configuration', () => {
  it('reports every bad value at once, by name', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', SEED_ON_EMPTY: 'maybe' }),
    ).toThrow(ConfigError)
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' })
    } catch (err) {
      const problems = (err as ConfigError).problems
      expect(problems).toHaveLength(3)
      expect(problems.join('\n')).toMatch(/PORT=.*eighty/)
      expect(problems.join('\n')).toMatch(/LOG_LEVEL/)
      expect(problems.join('\n')).toMatch(/DATABASE_URL/)
    }
  })

  it('defaults to the embedded database with the demo seed', () => {
    const config = loadConfig({})
    expect(config.databaseUrl).toBeUndefined()
    expect(config.seedOnEmpty).toBe(true)
    expect(config.dataDir).toMatch(/\.data$/)
    expect(loadConfig({ DATABASE_URL: 'postgresql://root@/x?host=/var/run/postgresql' }).seedOnEmpty).toBe(false)
  })
})
