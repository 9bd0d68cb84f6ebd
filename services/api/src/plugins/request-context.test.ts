import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestContext } from '../lib/access.js'
import { call, createTestApp, type TestContext } from '../../test/helpers.js'

/**
 * The request context (AsyncLocalStorage) is entered by writes only, and set aside once the last
 * write has answered: on Node 20 a storage in use turns on async hooks for every request of the
 * process. `enabled` is the storage's own flag (Node's internals, read here on purpose: it is what
 * decides whether the hooks run).
 */
const enabled = () => (requestContext as unknown as { enabled: boolean }).enabled

let t: TestContext
let release: () => void = () => {}

beforeAll(async () => {
  t = await createTestApp({}, (app) => {
    const seen = () => {
      const store = requestContext.getStore()
      return { principal: store?.principal.kind ?? null, requestId: store?.requestId ?? null }
    }
    app.get('/test/context', { config: { access: { allow: 'authenticated' } } }, async () => seen())
    app.post('/test/context', { config: { access: { allow: 'authenticated' } } }, async () => {
      // Held open until the test lets it answer, to look at the storage while a write is in flight.
      await new Promise<void>((resolve) => (release = resolve))
      return seen()
    })
  })
})
afterAll(() => t.close())

describe('request context', () => {
  it('is entered by a write, not by a read, and set aside once no write is in flight', async () => {
    const read = await call(t.app, { method: 'GET', url: '/test/context', headers: t.asAdmin })
    expect(read.statusCode).toBe(200)
    expect(read.data).toEqual({ principal: null, requestId: null })

    const writing = call(t.app, { method: 'POST', url: '/test/context', headers: t.asAdmin, payload: {} })
    await expect.poll(() => enabled()).toBe(true)
    const during = await call(t.app, { method: 'GET', url: '/test/context', headers: t.asAdmin })
    expect(during.data).toEqual({ principal: null, requestId: null })
    release()
    const written = await writing
    expect(written.statusCode).toBe(200)
    expect(written.data.principal).toBe('user')
    expect(written.data.requestId).toBe(written.headers['x-request-id'])
    await expect.poll(() => enabled()).toBe(false)
  })

  it('still names who wrote in the audit trail', async () => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/organisations',
      headers: t.asAdmin,
      payload: { name: 'Fibre Test Chelles', kind: 'fibre_contractor' },
    })
    expect(res.statusCode, res.body).toBe(201)
    const trail = await call(t.app, {
      method: 'GET',
      url: `/api/v1/audit-events?resourceId=${res.data.id}`,
      headers: t.asAdmin,
    })
    expect(trail.statusCode, trail.body).toBe(200)
    expect(trail.data.items[0]).toMatchObject({
      action: 'create',
      actorType: 'user',
      requestId: res.headers['x-request-id'],
    })
  })
})
