import type { FastifyBaseLogger } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, call, createKey, createTestApp, type TestContext } from './helpers.js'
import { redactUrl } from '../src/lib/log.js'

let t: TestContext
const bindings: Array<{ url: string; bindings: Record<string, unknown> }> = []

beforeAll(async () => {
  t = await createTestApp({}, (app) => {
    app.addHook('onResponse', (request, reply, done) => {
      bindings.push({
        url: request.url,
        bindings: (reply.log as FastifyBaseLogger & { bindings(): Record<string, unknown> }).bindings(),
      })
      done()
    })
  })
})
afterAll(() => t.close())

describe('request logs', () => {
  it("name the caller's account or key on the lines after authentication", async () => {
    await call(t.admin, { method: 'GET', url: '/api/v1/auth/me?who=admin' })
    const key = await createKey(t.admin, { scopes: ['records:read'] })
    await call(as(t.app, key.headers), { method: 'GET', url: '/api/v1/learners?who=key' })
    await call(t.app, { method: 'GET', url: '/api/v1/campuses?who=public' })
    const of = (who: string) => bindings.find((b) => b.url.endsWith(`who=${who}`))!.bindings
    expect(of('admin').userId).toEqual(expect.any(String))
    expect(of('key').apiKeyId).toBe(key.id)
    expect(of('public')).not.toHaveProperty('userId')
    expect(of('public')).not.toHaveProperty('apiKeyId')
  })

  it('never carry search or reference parameters', () => {
    expect(redactUrl('/api/v1/learners?q=LYO-2019-014&limit=5')).toBe('/api/v1/learners?q=[redacted]&limit=5')
    expect(redactUrl('/api/v1/x?Reference=A&learnerReference=B&sort=name')).toBe(
      '/api/v1/x?Reference=[redacted]&learnerReference=[redacted]&sort=name',
    )
    expect(redactUrl('/api/v1/campuses')).toBe('/api/v1/campuses')
    const serializers = (t.app.log as unknown as Record<symbol, { req: (r: unknown) => { url: string } }>)[
      Symbol.for('pino.serializers')
    ]!
    const logged = serializers.req({ method: 'GET', url: '/api/v1/learners?q=LYO-2019', ip: '192.0.2.1', host: 'x' })
    expect(logged.url).toBe('/api/v1/learners?q=[redacted]')
  })
})
