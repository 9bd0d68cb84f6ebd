import { asc, eq } from 'drizzle-orm'
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
import { auditEvents } from '../../db/schema/index.js'

let t: TestContext
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const ghost = '3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10'
const fibre = {
  name: 'Câbleur raccordeur réseaux fibre optique et FTTH',
  hours: 250,
  components: ['internship', 'technical_platform', 'remedial_basics', 'driving_licence'],
  certification: { rncpCode: 'RNCP36873', level: 3, title: 'Câbleur raccordeur réseaux fibre optique et FTTH' },
}

async function newTrack(payload: Record<string, unknown>) {
  const res = await call(t.admin, { method: 'POST', url: '/api/v1/tracks', payload })
  expect(res.statusCode).toBe(201)
  return res.data
}

const names = (res: { data: { items: Array<{ name: string }> } }) => res.data.items.map((c) => c.name)

describe('tracks', () => {
  it('creates the fibre track with its RNCP certification, components in canonical order', async () => {
    const res = await call(t.admin, { method: 'POST', url: '/api/v1/tracks', payload: fibre })
    expectCreated(res, '/api/v1/tracks')
    expect(res.data).toMatchObject({
      name: 'Câbleur raccordeur réseaux fibre optique et FTTH',
      hours: 250,
      components: ['remedial_basics', 'driving_licence', 'technical_platform', 'internship'],
      certification: { rncpCode: 'RNCP36873', level: 3, title: 'Câbleur raccordeur réseaux fibre optique et FTTH' },
      provenance: 'user',
      version: 1,
    })
    await expectReadBack(t.admin, res)

    const plain = await newTrack({ name: '  Remise à niveau seule  ', hours: 35, components: ['remedial_basics'] })
    expect(plain).toMatchObject({ name: 'Remise à niveau seule', certification: null })
    expectProblem(await call(t.admin, { method: 'GET', url: `/api/v1/tracks/${ghost}` }), 404, 'not_found')
  })

  it('refuses bad hours, components and certifications, naming every failing field', async () => {
    const res = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/tracks',
      payload: {
        name: '',
        hours: 0,
        components: ['internship', 'internship'],
        certification: { rncpCode: 'RNCP12', level: 9, title: 'X' },
      },
    })
    const fields = expectProblem(res, 400, 'validation_failed').errors!.map((e) => e.field)
    expect(fields).toEqual(
      expect.arrayContaining(['/name', '/hours', '/components', '/certification/rncpCode', '/certification/level']),
    )

    const fractional = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/tracks',
      payload: { name: 'X', hours: 12.5, components: ['bowling'] },
    })
    expect(
      expectProblem(fractional, 400, 'validation_failed')
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['/components/0', '/hours'])

    const empty = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/tracks',
      payload: { name: 'X', hours: 1, components: [] },
    })
    expect(expectProblem(empty, 400, 'validation_failed').errors![0]).toMatchObject({
      field: '/components',
      code: 'minItems',
    })

    const levelZero = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/tracks',
      payload: { ...fibre, certification: { rncpCode: 'RNCP36873', level: 0, title: 'X' } },
    })
    expect(expectProblem(levelZero, 400, 'validation_failed').errors![0]!.field).toBe('/certification/level')

    const partial = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/tracks',
      payload: { ...fibre, certification: { rncpCode: 'RNCP36873', level: 3 } },
    })
    expect(expectProblem(partial, 400, 'validation_failed').errors![0]!.field).toBe('/certification/title')

    const lowerCase = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/tracks',
      payload: { ...fibre, certification: { ...fibre.certification, rncpCode: 'rncp36873' } },
    })
    expect(expectProblem(lowerCase, 400, 'validation_failed').errors![0]).toMatchObject({
      field: '/certification/rncpCode',
      code: 'pattern',
    })
  })

  it('searches by name or RNCP code ignoring accents, filters, sorts and pages', async () => {
    await newTrack({
      name: 'Installateur de réseaux de télécommunications',
      hours: 400,
      components: ['technical_platform', 'internship'],
      certification: { rncpCode: 'RNCP34121', level: 3, title: 'Installateur de réseaux de télécommunications' },
    })
    await newTrack({ name: 'Éole — découverte', hours: 70, components: ['technical_platform'] })

    expect(names(await call(t.admin, { method: 'GET', url: '/api/v1/tracks?q=CABLEUR' }))).toEqual([fibre.name])
    expect(names(await call(t.admin, { method: 'GET', url: '/api/v1/tracks?q=rncp34121' }))).toEqual([
      'Installateur de réseaux de télécommunications',
    ])
    expect(names(await call(t.admin, { method: 'GET', url: '/api/v1/tracks?rncpCode=RNCP36873' }))).toEqual([
      fibre.name,
    ])
    expect(names(await call(t.admin, { method: 'GET', url: '/api/v1/tracks?component=driving_licence' }))).toEqual([
      fibre.name,
    ])
    expect(names(await call(t.admin, { method: 'GET', url: '/api/v1/tracks' }))).toEqual([
      fibre.name,
      'Éole — découverte',
      'Installateur de réseaux de télécommunications',
      'Remise à niveau seule',
    ])
    expect(names(await call(t.admin, { method: 'GET', url: '/api/v1/tracks?sort=-name&limit=1' }))).toEqual([
      'Remise à niveau seule',
    ])

    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res = await call(t.admin, {
        method: 'GET',
        url: `/api/v1/tracks?limit=3&sort=-createdAt${cursor ? `&cursor=${cursor}` : ''}`,
      })
      expect(res.statusCode).toBe(200)
      seen.push(...names(res))
      cursor = res.data.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(2)
    expect(seen).toHaveLength(4)
    expect(seen[0]).toBe('Éole — découverte')
    expect(new Set(seen).size).toBe(4)

    const badCursor = await call(t.admin, { method: 'GET', url: '/api/v1/tracks?cursor=nope' })
    expect(expectProblem(badCursor, 400, 'validation_failed').errors![0]!.field).toBe('/cursor')
    const badSort = await call(t.admin, { method: 'GET', url: '/api/v1/tracks?sort=hours' })
    expect(expectProblem(badSort, 400, 'validation_failed').errors![0]).toMatchObject({ in: 'query', field: '/sort' })
  })

  it('updates with If-Match: replaces or clears the certification, refuses stale and missing ETags', async () => {
    const track = await newTrack({ name: 'Romans 400 h', hours: 250, components: ['technical_platform'] })
    const url = `/api/v1/tracks/${track.id}`

    expectProblem(await call(t.admin, { method: 'PATCH', url, payload: { hours: 400 } }), 428, 'precondition_required')
    const updated = await patchIfMatch(t.admin, url, '"1"', {
      hours: 400,
      components: ['driving_licence', 'technical_platform'],
      certification: { rncpCode: 'RNCP36873', level: 3, title: 'Câbleur raccordeur' },
    })
    expect(updated.statusCode).toBe(200)
    expect(updated.headers.etag).toBe('"2"')
    expect(updated.data).toMatchObject({
      name: 'Romans 400 h',
      hours: 400,
      components: ['driving_licence', 'technical_platform'],
      certification: { rncpCode: 'RNCP36873', level: 3, title: 'Câbleur raccordeur' },
      version: 2,
    })
    // The RNCP code joins the search key.
    expect(names(await call(t.admin, { method: 'GET', url: '/api/v1/tracks?q=rncp36873' }))).toContain('Romans 400 h')

    const stale = await patchIfMatch(t.admin, url, '"1"', { hours: 1 })
    expectProblem(stale, 412, 'precondition_failed')
    expect(stale.headers.etag).toBe('"2"')

    const cleared = await patchIfMatch(t.admin, url, '"2"', { certification: null, name: 'Romans' })
    expect(cleared.data).toMatchObject({ name: 'Romans', hours: 400, certification: null, version: 3 })
    expect(names(await call(t.admin, { method: 'GET', url: '/api/v1/tracks?q=rncp36873' }))).not.toContain('Romans')

    const empty = await patchIfMatch(t.admin, url, '"3"', {})
    expectProblem(empty, 400, 'validation_failed')
    const badHours = await patchIfMatch(t.admin, url, '"3"', { hours: -4 })
    expect(expectProblem(badHours, 400, 'validation_failed').errors![0]!.field).toBe('/hours')
    expectProblem(await patchIfMatch(t.admin, `/api/v1/tracks/${ghost}`, '"1"', { hours: 3 }), 404, 'not_found')
  })

  it('deletes a track no cohort follows, and refuses one in use (409 in_use)', async () => {
    const track = await newTrack({ name: 'Used', hours: 250, components: ['technical_platform'] })
    const campus = (
      await call(t.admin, {
        method: 'POST',
        url: '/api/v1/campuses',
        payload: { name: 'Plombiers du numérique Chelles', inseeCode: '77108', status: 'open' },
      })
    ).data
    const cohort = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/cohorts',
      payload: {
        campusId: campus.id,
        trackId: track.id,
        name: 'Chelles 2017',
        startDate: '2017-09-11',
        endDate: '2017-12-15',
        plannedSeats: 12,
      },
    })
    expect(cohort.statusCode).toBe(201)

    const url = `/api/v1/tracks/${track.id}`
    expectProblem(await call(t.admin, { method: 'DELETE', url }), 428, 'precondition_required')
    const inUse = await deleteIfMatch(t.admin, url, '"1"')
    expect(expectProblem(inUse, 409, 'in_use').detail).toMatch(/followed by 1 cohort/)

    const removed = await deleteIfMatch(t.admin, `/api/v1/cohorts/${cohort.data.id}`, '"1"')
    expect(removed.statusCode).toBe(204)
    const del = await expectDeletedWithIfMatch(t.admin, url, '"2"')
    expect(del.body).toBe('')
  })
})

describe('audit trail', () => {
  const auditOf = (resourceId: string) =>
    t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, resourceId)).orderBy(asc(auditEvents.id))

  it('records each write of a track once, and nothing for a refused one', async () => {
    const track = await newTrack({ name: 'Audité', hours: 100, components: ['technical_platform'] })
    expect(await auditOf(track.id)).toEqual([
      expect.objectContaining({ action: 'create', resourceType: 'track', resourceId: track.id, campusId: null }),
    ])
    const url = `/api/v1/tracks/${track.id}`
    const patch = (payload: object, version: number) => patchIfMatch(t.admin, url, `"${version}"`, payload)
    expectProblem(await patch({ hours: 120 }, 7), 412, 'precondition_failed')
    expectProblem(await patch({ hours: -1 }, 1), 400, 'validation_failed')
    expectProblem(await deleteIfMatch(t.admin, url, '"7"'), 412, 'precondition_failed')
    expect((await auditOf(track.id)).map((e) => e.action)).toEqual(['create'])

    expect((await patch({ hours: 120 }, 1)).statusCode).toBe(200)
    expect((await deleteIfMatch(t.admin, url, '"2"')).statusCode).toBe(204)
    const events = await auditOf(track.id)
    expect(events.map((e) => [e.action, e.resourceType])).toEqual([
      ['create', 'track'],
      ['update', 'track'],
      ['delete', 'track'],
    ])
    expect(events[1]!.changes).toEqual({ before: { hours: 100 }, after: { hours: 120 } })
  })
})
