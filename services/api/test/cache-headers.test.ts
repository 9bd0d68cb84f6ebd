import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, call, createKey, createTestApp, type TestContext } from './helpers.js'
import { seed } from '../src/db/seed.js'

let t: TestContext
let keyHeaders: Record<string, string>

beforeAll(async () => {
  t = await createTestApp()
  await seed(t.database.db)
  keyHeaders = (await createKey(t.admin, { scopes: ['records:read'] })).headers
})
afterAll(() => t.close())

const varies = (header: unknown) =>
  String(header ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())

describe('answers that depend on credentials', () => {
  const privateReads = [
    '/api/v1/learners',
    '/api/v1/users',
    '/api/v1/audit-events',
    '/api/v1/api-keys',
    '/api/v1/follow-ups',
    '/api/v1/auth/me',
    '/api/v1/auth/session',
    '/api/v1/enrolments',
  ]
  for (const url of privateReads) {
    it(`are never stored (${url})`, async () => {
      const res = await call(t.admin, { method: 'GET', url })
      expect(res.statusCode).toBe(200)
      expect(res.headers['cache-control']).toBe('no-store')
      expect(varies(res.headers.vary)).toEqual(expect.arrayContaining(['cookie', 'authorization']))
    })
  }

  it('are never stored when a key calls, nor when they are refused', async () => {
    const res = await call(as(t.app, keyHeaders), { method: 'GET', url: '/api/v1/learners' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const refused = await call(t.app, { method: 'GET', url: '/api/v1/learners' })
    expect(refused.statusCode).toBe(401)
    expect(refused.headers['cache-control']).toBe('no-store')
  })

  it('leave the caching of public answers as it was, and say they vary by caller', async () => {
    const openData = await call(t.app, { method: 'GET', url: '/api/v1/open-data' })
    expect(openData.statusCode).toBe(200)
    expect(openData.headers['cache-control']).toBe('public, no-cache')
    const campuses = await call(t.app, { method: 'GET', url: '/api/v1/campuses' })
    expect(campuses.headers['cache-control']).not.toBe('no-store')
    expect(varies(campuses.headers.vary)).toEqual(expect.arrayContaining(['cookie', 'authorization']))
  })
})
