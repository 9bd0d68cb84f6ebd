import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { problemCodes } from '@trajectoires/contract'
import { seed } from '../src/db/seed.js'
import { call, createTestApp, expectProblem, patchIfMatch, type TestContext } from './helpers.js'

/** HTTP as RFC 9110 and the contract say: conditional requests, negotiation, cursors, and what is documented. */

let t: TestContext
let campus: { id: string; version: number }
const url = () => `/api/v1/campuses/${campus.id}`

beforeAll(async () => {
  t = await createTestApp()
  await seed(t.database.db)
  campus = (await call(t.app, { method: 'GET', url: '/api/v1/campuses?limit=1&sort=name' })).data.items[0]
})
afterAll(() => t.close())

describe('If-Match', () => {
  it('is required (428), takes `*` and lists of ETags, and refuses weak ETags', async () => {
    expectProblem(
      await call(t.admin, { method: 'PATCH', url: url(), payload: { yearlyCapacity: 40 } }),
      428,
      'precondition_required',
    )

    const weak = await patchIfMatch(t.admin, url(), `W/"${campus.version}"`, { yearlyCapacity: 40 })
    expect(expectProblem(weak, 400, 'validation_failed').errors![0]).toMatchObject({
      field: '/if-match',
      code: 'weak_etag',
    })

    const any = await patchIfMatch(t.admin, url(), '*', { yearlyCapacity: 41 })
    expect(any.statusCode).toBe(200)
    expect(any.headers.etag).toBe(`"${campus.version + 1}"`)

    const list = await patchIfMatch(t.admin, url(), `"999", "${campus.version + 1}"`, { yearlyCapacity: 42 })
    expect(list.statusCode).toBe(200)
    expect(list.data.version).toBe(campus.version + 2)

    const stale = await patchIfMatch(t.admin, url(), `"${campus.version}", "999"`, { yearlyCapacity: 43 })
    expectProblem(stale, 412, 'precondition_failed')
    expect(stale.headers.etag).toBe(`"${campus.version + 2}"`)
    campus = list.data
  })
})

describe('If-None-Match on single records', () => {
  it('answers 304 without a body while the ETag holds (weak comparison), 200 otherwise', async () => {
    const first = await call(t.app, { method: 'GET', url: url() })
    expect(first.statusCode).toBe(200)
    const tag = first.headers.etag as string
    for (const header of [tag, `W/${tag}`, `"999", ${tag}`, '*']) {
      const again = await call(t.app, { method: 'GET', url: url(), headers: { 'if-none-match': header } })
      expect(again.statusCode, header).toBe(304)
      expect(again.body).toBe('')
      expect(again.headers.etag).toBe(tag)
    }
    const other = await call(t.app, { method: 'GET', url: url(), headers: { 'if-none-match': '"999"' } })
    expect(other.statusCode).toBe(200)
    expect(other.data.id).toBe(campus.id)

    const organisation = (await call(t.app, { method: 'GET', url: '/api/v1/organisations?limit=1' })).data.items[0]
    const org = await call(t.app, {
      method: 'GET',
      url: `/api/v1/organisations/${organisation.id}`,
      headers: { 'if-none-match': `"${organisation.version}"` },
    })
    expect(org.statusCode).toBe(304)
  })
})

describe('Accept', () => {
  it('is a 406 problem when no media type of the operation fits it', async () => {
    for (const accept of ['application/xml', 'application/json;q=0', 'text/csv']) {
      const res = await call(t.app, { method: 'GET', url: '/api/v1/campuses', headers: { accept } })
      expectProblem(res, 406, 'not_acceptable')
    }
    for (const accept of ['application/json', '*/*', 'application/*', 'text/html, */*;q=0.8', 'nonsense']) {
      const res = await call(t.app, { method: 'GET', url: '/api/v1/campuses', headers: { accept } })
      expect(res.statusCode, accept).toBe(200)
    }
    const csv = await call(t.app, { method: 'GET', url: '/api/v1/stats/placement', headers: { accept: 'text/csv' } })
    expect(csv.statusCode).not.toBe(406)
    const overview = await call(t.app, {
      method: 'GET',
      url: '/api/v1/stats/overview',
      headers: { accept: 'text/csv' },
    })
    expectProblem(overview, 406, 'not_acceptable')
  })
})

describe('cursors', () => {
  it('are refused with another sort than the one they were issued for', async () => {
    const page = await call(t.app, { method: 'GET', url: '/api/v1/campuses?limit=1&sort=name' })
    const cursor = page.data.nextCursor as string
    expect(cursor).toBeTruthy()
    const next = await call(t.app, { method: 'GET', url: `/api/v1/campuses?limit=1&sort=name&cursor=${cursor}` })
    expect(next.statusCode).toBe(200)
    const other = await call(t.app, { method: 'GET', url: `/api/v1/campuses?limit=1&sort=-name&cursor=${cursor}` })
    expect(expectProblem(other, 400, 'validation_failed').errors![0]).toMatchObject({
      field: '/cursor',
      code: 'cursor_sort',
    })
    // The default sort is a sort too: a cursor of `sort=-name` does not page the default order.
    const reversed = await call(t.app, { method: 'GET', url: '/api/v1/campuses?limit=1&sort=-name' })
    const defaulted = await call(t.app, {
      method: 'GET',
      url: `/api/v1/campuses?limit=1&cursor=${reversed.data.nextCursor}`,
    })
    expectProblem(defaulted, 400, 'validation_failed')
  })
})

describe('the contract', () => {
  let doc: any
  beforeAll(async () => {
    doc = (await call(t.app, { method: 'GET', url: '/api/openapi.json' })).data
  })
  const op = (path: string, method: string) => doc.paths[path][method]
  const header = (o: any, name: string) => o.parameters?.find((p: any) => p.in === 'header' && p.name === name)

  it('documents every status the operations send', () => {
    expect(Object.keys(op('/api/v1/stats/placement', 'get').responses)).toEqual(
      expect.arrayContaining(['403', '404', '406']),
    )
    expect(Object.keys(op('/api/v1/stats/funnel', 'get').responses)).toEqual(expect.arrayContaining(['403', '404']))
    expect(Object.keys(op('/api/v1/stats/overview', 'get').responses)).toContain('403')
    expect(Object.keys(op('/api/v1/snapshots', 'post').responses)).toContain('404')
    expect(Object.keys(op('/api/v1/auth/login', 'post').responses)).toContain('401')
    expect(Object.keys(op('/api/v1/campuses/{id}', 'get').responses)).toEqual(expect.arrayContaining(['304', '414']))
    expect(Object.keys(op('/api/v1/follow-up-invitations', 'get').responses)).toContain('404')
  })

  it('declares the headers of requests and answers', () => {
    expect(header(op('/api/v1/campuses/{id}', 'patch'), 'if-match').required).toBe(true)
    expect(header(op('/api/v1/campuses/{id}', 'delete'), 'if-match').required).toBe(true)
    expect(header(op('/api/v1/campuses/{id}', 'get'), 'if-none-match')).toBeDefined()
    expect(header(op('/api/v1/campuses', 'post'), 'idempotency-key')).toBeDefined()
    expect(header(op('/api/v1/snapshots', 'post'), 'idempotency-key')).toBeDefined()
    // Logins keep no answer to replay: no Idempotency-Key there.
    expect(header(op('/api/v1/auth/login', 'post'), 'idempotency-key')).toBeUndefined()
    const created = op('/api/v1/campuses', 'post').responses['201'].headers
    expect(Object.keys(created)).toEqual(
      expect.arrayContaining(['ETag', 'Location', 'Idempotent-Replayed', 'RateLimit-Limit']),
    )
    expect(Object.keys(op('/api/v1/campuses', 'get').responses['429'].headers)).toContain('Retry-After')
    expect(Object.keys(op('/api/v1/campuses', 'get').responses['503'].headers)).toContain('Retry-After')
    expect(Object.keys(doc.components.headers)).toEqual(
      expect.arrayContaining([
        'ETag',
        'Location',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'Retry-After',
        'Idempotent-Replayed',
      ]),
    )
  })

  it('lists the problem codes, says what an import refusal carries, and offers CSV only where it is served', () => {
    expect(doc.components.schemas.Problem.properties.code.enum).toEqual([...problemCodes])
    const rejected = op('/api/v1/imports/{kind}', 'post').responses['422'].content['application/problem+json'].schema
    expect(rejected.$ref).toBe('#/components/schemas/ImportRejected')
    expect(JSON.stringify(doc.components.schemas.ImportRejected)).toContain('ImportReport')
    for (const path of ['/api/v1/stats/overview', '/api/v1/stats/funnel']) {
      expect(Object.keys(op(path, 'get').responses['200'].content)).toEqual(['application/json'])
      expect(header(op(path, 'get'), 'accept')).toBeUndefined()
    }
    expect(Object.keys(op('/api/v1/stats/placement', 'get').responses['200'].content)).toContain('text/csv')
  })
})
