import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  call,
  createTestApp,
  deleteIfMatch,
  expectCreated,
  expectDeletedWithIfMatch,
  expectProblem,
  expectReadBack,
  patchIfMatch,
  type TestContext,
} from '../../../test/helpers.js'

let t: TestContext
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const create = (body: unknown, headers: Record<string, string> = {}) =>
  call(t.admin, { method: 'POST', url: '/api/v1/organisations', payload: body as object, headers })

describe('organisations', () => {
  it('creates, reads with an ETag, and lists an organisation', async () => {
    const res = await create({
      name: 'Telenco',
      kind: 'fibre_contractor',
      siren: '732829320',
      website: 'https://www.telenco.fr',
    })
    expectCreated(res, '/api/v1/organisations')
    expect(res.data).toMatchObject({
      name: 'Telenco',
      kind: 'fibre_contractor',
      siren: '732829320',
      version: 1,
      provenance: 'user',
    })

    await expectReadBack(t.admin, res)
  })

  it('refuses a SIREN whose check digit is wrong, naming the field', async () => {
    const res = await create({ name: 'Bad SIREN', kind: 'other', siren: '732829321' })
    const problem = expectProblem(res, 400, 'validation_failed')
    expect(problem.errors).toEqual([expect.objectContaining({ in: 'body', field: '/siren', code: 'siren' })])
  })

  it('lists every failing field, unknown properties included', async () => {
    const res = await create({ name: '', kind: 'bakery', siren: '12', email: 'x@y.fr' })
    const problem = expectProblem(res, 400, 'validation_failed')
    const fields = problem.errors!.map((e) => e.field).sort()
    expect(fields).toEqual(['/email', '/kind', '/name', '/siren'])
    expect(problem.errors!.find((e) => e.field === '/email')!.message).toMatch(/not a known property/)
    expect(problem.errors!.find((e) => e.field === '/kind')!.message).toMatch(/must be one of/)
  })

  it('refuses a wrong type and a missing required field', async () => {
    const res = await create({ name: 42 })
    const problem = expectProblem(res, 400, 'validation_failed')
    expect(problem.errors!.map((e) => `${e.field}:${e.code}`).sort()).toEqual(['/kind:required', '/name:type'])
  })

  it('filters by kind, searches ignoring case and accents, and pages with a cursor', async () => {
    for (const name of ['Fondation Éole', 'Fondation Alpha', 'Fondation Zèbre']) {
      expect((await create({ name, kind: 'foundation' })).statusCode).toBe(201)
    }
    await create({ name: 'Eolienne SA', kind: 'other' })

    const search = await call(t.admin, { method: 'GET', url: '/api/v1/organisations?q=EOLE' })
    expect(search.data.items.map((o: { name: string }) => o.name)).toEqual(['Fondation Éole'])

    const first = await call(t.admin, { method: 'GET', url: '/api/v1/organisations?kind=foundation&limit=2' })
    expect(first.data.items.map((o: { name: string }) => o.name)).toEqual(['Fondation Alpha', 'Fondation Éole'])
    expect(first.data.nextCursor).toEqual(expect.any(String))
    const second = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/organisations?kind=foundation&limit=2&cursor=${first.data.nextCursor}`,
    })
    expect(second.data.items.map((o: { name: string }) => o.name)).toEqual(['Fondation Zèbre'])
    expect(second.data.nextCursor).toBeNull()

    const desc = await call(t.admin, { method: 'GET', url: '/api/v1/organisations?kind=foundation&sort=-name' })
    expect(desc.data.items.map((o: { name: string }) => o.name)).toEqual([
      'Fondation Zèbre',
      'Fondation Éole',
      'Fondation Alpha',
    ])
  })

  it('refuses bad list parameters', async () => {
    const res = await call(t.admin, { method: 'GET', url: '/api/v1/organisations?limit=500&sort=size&colour=red' })
    const problem = expectProblem(res, 400, 'validation_failed')
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(['/colour', '/limit', '/sort'])
    expect(problem.errors!.every((e) => e.in === 'query')).toBe(true)

    const cursor = await call(t.admin, { method: 'GET', url: '/api/v1/organisations?cursor=not-ours' })
    expect(expectProblem(cursor, 400, 'validation_failed').errors![0]!.field).toBe('/cursor')
  })

  it('updates with If-Match, refuses a stale ETag with 412 and changes nothing', async () => {
    const created = (await create({ name: 'Almea', kind: 'training_provider' })).data
    const url = `/api/v1/organisations/${created.id}`

    const missing = await call(t.admin, { method: 'PATCH', url, payload: { name: 'Almea Fibre' } })
    expectProblem(missing, 428, 'precondition_required')

    const updated = await patchIfMatch(t.admin, url, '"1"', { name: 'Almea Fibre' })
    expect(updated.statusCode).toBe(200)
    expect(updated.data).toMatchObject({ name: 'Almea Fibre', version: 2 })
    expect(updated.headers.etag).toBe('"2"')

    const stale = await patchIfMatch(t.admin, url, '"1"', { name: 'Overwritten' })
    expectProblem(stale, 412, 'precondition_failed')
    expect(stale.headers.etag).toBe('"2"')
    const after = await call(t.admin, { method: 'GET', url })
    expect(after.data).toMatchObject({ name: 'Almea Fibre', version: 2 })

    // If-Match compares strongly (RFC 9110): a weak ETag never matches.
    const weak = await patchIfMatch(t.admin, url, 'W/"2"', { website: null })
    expectProblem(weak, 400, 'validation_failed')
    const cleared = await patchIfMatch(t.admin, url, '"2"', { website: null })
    expect(cleared.data.website).toBeNull()

    const empty = await patchIfMatch(t.admin, url, '"3"', {})
    expectProblem(empty, 400, 'validation_failed')
    const badEtag = await patchIfMatch(t.admin, url, 'abc', { name: 'x' })
    expect(expectProblem(badEtag, 400, 'validation_failed').errors![0]).toMatchObject({
      in: 'headers',
      field: '/if-match',
    })
  })

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const unknown = await call(t.admin, {
      method: 'GET',
      url: '/api/v1/organisations/3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10',
    })
    expectProblem(unknown, 404, 'not_found')
    const patch = await patchIfMatch(t.admin, '/api/v1/organisations/3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10', '"1"', {
      name: 'x',
    })
    expectProblem(patch, 404, 'not_found')
    const malformed = await call(t.admin, { method: 'GET', url: '/api/v1/organisations/42' })
    expect(expectProblem(malformed, 400, 'validation_failed').errors![0]).toMatchObject({ in: 'params', field: '/id' })
  })

  it('deletes with If-Match, and refuses while the organisation sits in a consortium', async () => {
    const org = (await create({ name: 'Short-lived', kind: 'other' })).data
    await expectDeletedWithIfMatch(t.admin, `/api/v1/organisations/${org.id}`, '"9"')

    const member = (await create({ name: 'Member', kind: 'association' })).data
    const campus = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/campuses',
      payload: { name: 'Campus test', inseeCode: '69123' },
    })
    await call(t.admin, {
      method: 'POST',
      url: `/api/v1/campuses/${campus.data.id}/memberships`,
      payload: { organisationId: member.id, roles: ['associate'], validFrom: '2020-01-01' },
    })
    const inUse = await deleteIfMatch(t.admin, `/api/v1/organisations/${member.id}`, '"1"')
    expect(expectProblem(inUse, 409, 'in_use').detail).toMatch(/membership/)
  })
})
