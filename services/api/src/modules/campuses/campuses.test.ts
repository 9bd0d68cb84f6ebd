import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  call,
  createTestApp,
  deleteIfMatch,
  expectProblem,
  patchIfMatch,
  type TestContext,
} from '../../../test/helpers.js'
import { seed } from '../../db/seed.js'

let t: TestContext
beforeAll(async () => {
  t = await createTestApp()
  await seed(t.database.db)
})
afterAll(() => t.close())

const names = (res: { data: { items: Array<{ name: string }> } }) => res.data.items.map((c) => c.name)

describe('campuses', () => {
  it('lists the six campuses of the source article, with their derived geography', async () => {
    const res = await call(t.admin, { method: 'GET', url: '/api/v1/campuses' })
    expect(res.statusCode).toBe(200)
    expect(res.data.items).toHaveLength(6)
    expect(res.data.nextCursor).toBeNull()
    const lyon = res.data.items.find((c: { commune: string }) => c.commune === 'Lyon')
    expect(lyon).toMatchObject({
      inseeCode: '69123',
      departmentCode: '69',
      regionCode: '84',
      regionName: 'Auvergne-Rhône-Alpes',
      yearlyCapacity: 45,
      status: 'open',
      provenance: 'source_article',
    })
    const romans = res.data.items.find((c: { commune: string }) => c.commune === 'Romans-sur-Isère')
    expect(romans.yearlyCapacity).toBe(30)
  })

  it('finds Châlons-en-Champagne by "chalons", ignoring case and accents', async () => {
    const res = await call(t.admin, { method: 'GET', url: '/api/v1/campuses?q=CHALONS' })
    expect(names(res)).toEqual(['Plombiers du numérique Châlons-en-Champagne'])
    const byCommune = await call(t.admin, { method: 'GET', url: '/api/v1/campuses?q=isere' })
    expect(names(byCommune)).toEqual(['Plombiers du numérique Romans-sur-Isère'])
    const none = await call(t.admin, { method: 'GET', url: '/api/v1/campuses?q=%25' })
    expect(none.data.items).toEqual([])
  })

  it('filters by region, department and status, and sorts', async () => {
    const ara = await call(t.admin, { method: 'GET', url: '/api/v1/campuses?region=84' })
    expect(names(ara)).toEqual(['Plombiers du numérique Lyon', 'Plombiers du numérique Romans-sur-Isère'])
    const drome = await call(t.admin, { method: 'GET', url: '/api/v1/campuses?department=26' })
    expect(names(drome)).toEqual(['Plombiers du numérique Romans-sur-Isère'])
    const planned = await call(t.admin, { method: 'GET', url: '/api/v1/campuses?status=planned' })
    expect(planned.data.items).toEqual([])
    const desc = await call(t.admin, { method: 'GET', url: '/api/v1/campuses?sort=-name&limit=1' })
    expect(names(desc)).toEqual(['Plombiers du numérique Romans-sur-Isère'])
  })

  it('walks every page with the cursor, without repeats or gaps', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await call(t.admin, {
        method: 'GET',
        url: `/api/v1/campuses?limit=4&sort=createdAt${cursor ? `&cursor=${cursor}` : ''}`,
      })
      seen.push(...names(res))
      cursor = res.data.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(6)
    expect(new Set(seen).size).toBe(6)
  })

  it('creates a campus from an INSEE code and refuses a code that names no commune', async () => {
    const res = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/campuses',
      payload: { name: 'Plombiers du numérique Toulouse', inseeCode: '31555', latitude: 43.6045, longitude: 1.444 },
    })
    expect(res.statusCode).toBe(201)
    expect(res.data).toMatchObject({
      commune: 'Toulouse',
      departmentName: 'Haute-Garonne',
      regionName: 'Occitanie',
      status: 'planned',
    })

    const unknown = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/campuses',
      payload: { name: 'Nowhere', inseeCode: '99999' },
    })
    expect(expectProblem(unknown, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/inseeCode', code: 'insee_code' }),
    ])
    const malformed = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/campuses',
      payload: { name: 'X', inseeCode: '123' },
    })
    expect(expectProblem(malformed, 400, 'validation_failed').errors![0]).toMatchObject({
      field: '/inseeCode',
      code: 'pattern',
    })
  })

  it('refuses out-of-range values and half coordinates', async () => {
    const res = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/campuses',
      payload: {
        name: 'X',
        inseeCode: '31555',
        latitude: 123,
        yearlyCapacity: 0,
        status: 'open',
        openingDate: '2018-13-45',
      },
    })
    const problem = expectProblem(res, 400, 'validation_failed')
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(['/latitude', '/openingDate', '/yearlyCapacity'])
    const half = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/campuses',
      payload: { name: 'X', inseeCode: '31555', latitude: 43.6 },
    })
    expect(expectProblem(half, 400, 'validation_failed').errors![0]!.field).toBe('/longitude')
  })

  it('updates with If-Match, re-deriving geography, and refuses a stale ETag', async () => {
    const created = (
      await call(t.admin, { method: 'POST', url: '/api/v1/campuses', payload: { name: 'Moving', inseeCode: '31555' } })
    ).data
    const url = `/api/v1/campuses/${created.id}`
    const moved = await patchIfMatch(t.admin, url, '"1"', { inseeCode: '33063', status: 'open' })
    expect(moved.statusCode).toBe(200)
    expect(moved.data).toMatchObject({ commune: 'Bordeaux', regionCode: '75', status: 'open', version: 2 })
    const stale = await patchIfMatch(t.admin, url, '"1"', { status: 'closed' })
    expectProblem(stale, 412, 'precondition_failed')
    expect((await call(t.admin, { method: 'GET', url })).data.status).toBe('open')
  })

  it('deletes an unused campus and refuses one with consortium memberships (409)', async () => {
    const spare = (
      await call(t.admin, { method: 'POST', url: '/api/v1/campuses', payload: { name: 'Spare', inseeCode: '31555' } })
    ).data
    const del = await deleteIfMatch(t.admin, `/api/v1/campuses/${spare.id}`, '"1"')
    expect(del.statusCode).toBe(204)
    expect(del.body).toBe('')

    const lyon = (await call(t.admin, { method: 'GET', url: '/api/v1/campuses?q=lyon' })).data.items[0]
    const inUse = await deleteIfMatch(t.admin, `/api/v1/campuses/${lyon.id}`, '"1"')
    expect(expectProblem(inUse, 409, 'in_use').detail).toMatch(/5 consortium membership/)
  })

  it('seeding again changes nothing', async () => {
    const report = await seed(t.database.db)
    expect(report).toEqual({ organisations: 0, campuses: 0, memberships: 0 })
  })
})
