import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, expectProblem, patchIfMatch, type TestContext } from './helpers.js'
import { seed } from '../src/db/seed.js'

// What an attacker or a careless script sends: every answer is a 4xx problem, never a 500.
let t: TestContext
let campusId: string

beforeAll(async () => {
  t = await createTestApp()
  await seed(t.database.db)
  campusId = (await call(t.app, { method: 'GET', url: '/api/v1/campuses?q=lyon' })).data.items[0].id
})
afterAll(() => t.close())

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('NUL bytes', () => {
  for (const url of ['/api/v1/campuses?q=%00', '/api/v1/organisations?q=a%00b', '/api/v1/tracks?q=%00']) {
    it(`are refused in a search (${url})`, async () => {
      const problem = expectProblem(await call(t.app, { method: 'GET', url }), 400, 'validation_failed')
      expect(problem.errors).toContainEqual(expect.objectContaining({ in: 'query', field: '/q' }))
    })
  }

  it('are refused in a login e-mail', async () => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin\u0000@test.example', password: 'whatever it is' },
    })
    const problem = expectProblem(res, 400, 'validation_failed')
    expect(problem.errors).toContainEqual(expect.objectContaining({ in: 'body', field: '/email' }))
  })

  const bodies: Array<[string, string, Record<string, unknown>, string]> = [
    ['POST', '/api/v1/organisations', { name: 'Nul\u0000le', kind: 'fibre_contractor' }, '/name'],
    [
      'POST',
      '/api/v1/users',
      { email: 'x@test.example', displayName: 'A\u0000', role: 'network_staff' },
      '/displayName',
    ],
    ['POST', '/api/v1/api-keys', { name: 'key\u0000', scopes: ['read'] }, '/name'],
  ]
  for (const [method, url, payload, field] of bodies) {
    it(`are refused in a name (${method} ${url})`, async () => {
      const problem = expectProblem(await call(t.admin, { method, url, payload } as never), 400, 'validation_failed')
      expect(problem.errors).toContainEqual(expect.objectContaining({ in: 'body', field }))
    })
  }

  it('are refused in a CSV cell, as a failing line', async () => {
    const res = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/imports/enrolments?dryRun=true',
      headers: { 'content-type': 'text/csv' },
      payload:
        'campus;cohort;learnerReference;birthYear;sex;diplomaAtEntry;referrer;appliedOn;stage\r\n' +
        'Plombiers du numérique Lyon;LYO\u00002019;LYO-2019-014;2001;female;none;mission_locale;04/11/2018;applied\r\n',
    })
    const problem = expectProblem(res, 422, 'import_rejected')
    expect(problem.report.errors).toContainEqual(expect.objectContaining({ line: 2, field: 'cohort' }))
  })
})

describe('names of only spaces', () => {
  it('are refused in every name, never saved as ""', async () => {
    const blank = '   '
    const track = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/tracks',
      payload: { name: 'Blank names track', hours: 100, components: ['internship'] },
    })
    const trackId = track.data.id as string
    const bodies: Array<[string, Record<string, unknown>, string]> = [
      ['/api/v1/organisations', { name: blank, kind: 'fibre_contractor' }, '/name'],
      ['/api/v1/users', { email: 'blank@test.example', displayName: blank, role: 'network_staff' }, '/displayName'],
      ['/api/v1/api-keys', { name: blank, scopes: ['stats:read'], networkWide: true }, '/name'],
      ['/api/v1/campuses', { name: blank, inseeCode: '69123', status: 'open' }, '/name'],
      ['/api/v1/tracks', { name: blank, hours: 100, components: ['internship'] }, '/name'],
      [
        '/api/v1/tracks',
        {
          name: 'Blank title',
          hours: 100,
          components: ['internship'],
          certification: { rncpCode: 'RNCP36873', level: 3, title: blank },
        },
        '/certification/title',
      ],
      [
        '/api/v1/cohorts',
        { campusId, trackId, name: blank, startDate: '2031-01-06', endDate: '2031-03-28', plannedSeats: 12 },
        '/name',
      ],
    ]
    for (const [url, payload, field] of bodies) {
      const problem = expectProblem(await call(t.admin, { method: 'POST', url, payload }), 400, 'validation_failed')
      expect(problem.errors, url).toContainEqual(expect.objectContaining({ in: 'body', field, code: 'blank' }))
    }
    const campus = await call(t.admin, { method: 'GET', url: `/api/v1/campuses/${campusId}` })
    const renamed = await patchIfMatch(t.admin, `/api/v1/campuses/${campusId}`, campus.headers.etag as string, {
      name: '\t ',
    })
    expect(expectProblem(renamed, 400, 'validation_failed').errors).toContainEqual(
      expect.objectContaining({ field: '/name', code: 'blank' }),
    )
  })
})

describe('JSON in other encodings', () => {
  it('is read in the charset it declares, and refused when it is not text in it', async () => {
    const body = Buffer.from(JSON.stringify({ name: 'Télécom Électricité', kind: 'fibre_contractor' }), 'latin1')
    const declared = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/organisations',
      payload: body,
      headers: { 'content-type': 'application/json; charset=ISO-8859-1' },
    })
    expect(declared.statusCode, declared.body).toBe(201)
    expect(declared.data.name).toBe('Télécom Électricité')

    const undeclared = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/organisations',
      payload: body,
      headers: { 'content-type': 'application/json' },
    })
    expect(expectProblem(undeclared, 400, 'malformed_json').detail).toMatch(/encoding/)
    const unknown = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/organisations',
      payload: body,
      headers: { 'content-type': 'application/json; charset=x-klingon' },
    })
    expectProblem(unknown, 415, 'unsupported_media_type')
  })
})

describe('ids', () => {
  it('accept one form: urn:uuid: is refused', async () => {
    const res = await call(t.app, { method: 'GET', url: `/api/v1/campuses/urn:uuid:${campusId}` })
    expectProblem(res, 400, 'validation_failed')
  })

  it('accept one form: urn:uuid: is refused in a body, before any campus check', async () => {
    const res = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        email: 'urn@test.example',
        displayName: 'Urn',
        role: 'campus_staff',
        campusIds: [`urn:uuid:${campusId}`],
      },
    })
    const problem = expectProblem(res, 400, 'validation_failed')
    expect(problem.errors).toContainEqual(expect.objectContaining({ field: '/campusIds/0' }))
  })
})

describe('cursors made by hand', () => {
  const cases: Array<[string, unknown]> = [
    ['an id that is no uuid', { v: 'x', id: '-'.repeat(36) }],
    ['a date that is no date', { v: 'x', id: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10' }],
    ['a number where a date is sorted', { v: 1e308, id: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10' }],
    ['a NUL in the value', { v: 'a\u0000', id: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10' }],
  ]
  for (const [what, value] of cases) {
    it(`are refused with a 400: ${what}`, async () => {
      const sort = what === 'a NUL in the value' ? 'name' : 'createdAt'
      const res = await call(t.app, { method: 'GET', url: `/api/v1/campuses?sort=${sort}&cursor=${cursor(value)}` })
      const problem = expectProblem(res, 400, 'validation_failed')
      expect(problem.errors).toContainEqual(expect.objectContaining({ field: '/cursor' }))
    })
  }
})

describe('numbers', () => {
  for (const version of ['1e999', '2147483648', 'Infinity']) {
    it(`are refused beyond what is stored (version=${version})`, async () => {
      const res = await call(t.app, { method: 'GET', url: `/api/v1/metrics/r_positive?version=${version}` })
      expectProblem(res, 400, 'validation_failed')
    })
  }
})

describe("the framework's own errors", () => {
  it('a malformed percent-encoding is a 400 problem with a request id', async () => {
    const res = await call(t.app, { method: 'GET', url: '/api/v1/campuses/%E0%A4%A' })
    expectProblem(res, 400, 'bad_request')
    expect(res.headers['x-request-id']).toBe(res.data.requestId)
  })

  it('a path parameter too long is a 414 problem with a request id', async () => {
    const res = await call(t.app, { method: 'GET', url: `/api/v1/campuses/${'a'.repeat(101)}` })
    expectProblem(res, 414, 'uri_too_long')
  })

  it('a wrong method is a 405 with Allow', async () => {
    const res = await call(t.app, { method: 'DELETE', url: '/api/v1/campuses' })
    expectProblem(res, 405, 'method_not_allowed')
    expect(String(res.headers.allow).split(', ')).toEqual(expect.arrayContaining(['GET', 'POST']))
    const one = await call(t.app, { method: 'PUT', url: `/api/v1/campuses/${campusId}` })
    expectProblem(one, 405, 'method_not_allowed')
    expect(String(one.headers.allow).split(', ')).toEqual(expect.arrayContaining(['GET', 'PATCH', 'DELETE']))
  })

  it('an unknown path is still a 404', async () => {
    expectProblem(await call(t.app, { method: 'GET', url: '/api/v1/nothing-here' }), 404, 'route_not_found')
  })

  it('a text/plain body is a 415', async () => {
    const res = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { 'content-type': 'text/plain' },
      payload: '{"name":"Telenco","kind":"fibre_contractor"}',
    })
    expectProblem(res, 415, 'unsupported_media_type')
  })
})
