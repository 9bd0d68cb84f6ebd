import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  call,
  deleteIfMatch,
  expectCreated,
  expectDeletedWithIfMatch,
  expectProblem,
  expectReadBack,
  patchIfMatch,
  type TestContext,
} from '../../../test/helpers.js'
import { seededApp } from '../enrolments/enrolments.fixtures.js'
import { auditEvents, enrolments, learners } from '../../db/schema/index.js'

let t: TestContext
let lyonId: string
let romansId: string
let fibreId: string
let otherTrackId: string

const ghost = '3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10'

beforeAll(async () => {
  ;({ t, lyonId, romansId } = await seededApp())
  fibreId = (
    await call(t.admin, {
      method: 'POST',
      url: '/api/v1/tracks',
      payload: {
        name: 'Câbleur raccordeur réseaux fibre optique et FTTH',
        hours: 250,
        components: ['remedial_basics', 'driving_licence', 'technical_platform', 'internship'],
        certification: { rncpCode: 'RNCP36873', level: 3, title: 'Câbleur raccordeur réseaux fibre optique et FTTH' },
      },
    })
  ).data.id
  otherTrackId = (
    await call(t.admin, {
      method: 'POST',
      url: '/api/v1/tracks',
      payload: { name: 'Romans 400 heures', hours: 400, components: ['driving_licence', 'technical_platform'] },
    })
  ).data.id
})
afterAll(() => t.close())

const base = () => ({
  campusId: lyonId,
  trackId: fibreId,
  startDate: '2019-01-14',
  endDate: '2019-04-12',
  plannedSeats: 15,
})

async function newCohort(payload: Record<string, unknown>) {
  const res = await call(t.admin, { method: 'POST', url: '/api/v1/cohorts', payload: { ...base(), ...payload } })
  if (res.statusCode !== 201) throw new Error(`cohort not created: ${res.body}`)
  return res.data
}

async function newCampus(name: string, status: 'planned' | 'open' | 'closed' = 'open') {
  const res = await call(t.admin, {
    method: 'POST',
    url: '/api/v1/campuses',
    payload: { name, inseeCode: '51108', status },
  })
  expect(res.statusCode).toBe(201)
  return res.data
}

function patch(id: string, version: number, payload: Record<string, unknown>) {
  return patchIfMatch(t.admin, `/api/v1/cohorts/${id}`, `"${version}"`, payload)
}

const names = (res: { data: { items: Array<{ name: string }> } }) => res.data.items.map((c) => c.name)

describe('cohorts', () => {
  it('creates a cohort with its campus and track summaries', async () => {
    const res = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/cohorts',
      payload: { ...base(), name: ' Lyon 2019 – session 1 ', juryDate: '2018-12-13' },
    })
    expectCreated(res, '/api/v1/cohorts')
    expect(res.data).toMatchObject({
      campusId: lyonId,
      trackId: fibreId,
      campus: { id: lyonId, name: 'Plombiers du numérique Lyon', commune: 'Lyon' },
      track: { id: fibreId, name: 'Câbleur raccordeur réseaux fibre optique et FTTH' },
      name: 'Lyon 2019 – session 1',
      startDate: '2019-01-14',
      endDate: '2019-04-12',
      plannedSeats: 15,
      juryDate: '2018-12-13',
      status: 'planned',
      provenance: 'user',
      version: 1,
    })
    await expectReadBack(t.admin, res)
    expectProblem(await call(t.admin, { method: 'GET', url: `/api/v1/cohorts/${ghost}` }), 404, 'not_found')

    // A cohort already under way can be recorded as it stands; the jury date may be the start day.
    const past = await newCohort({
      name: 'Lyon 2018 – session 2',
      startDate: '2018-09-03',
      endDate: '2018-09-03',
      juryDate: '2018-09-03',
      status: 'completed',
    })
    expect(past).toMatchObject({ status: 'completed', juryDate: '2018-09-03' })
  })

  it('refuses an end before the start and a jury after the start', async () => {
    const res = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/cohorts',
      payload: { ...base(), name: 'Backwards', endDate: '2019-01-13', juryDate: '2019-01-15' },
    })
    const problem = expectProblem(res, 400, 'validation_failed')
    expect(problem.errors).toEqual([
      { in: 'body', field: '/endDate', code: 'period', message: 'must be on or after startDate (2019-01-14)' },
      expect.objectContaining({ field: '/juryDate', code: 'jury_date' }),
    ])

    const shape = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/cohorts',
      payload: { ...base(), name: 'Shape', plannedSeats: 0, startDate: '2019-02-30', status: 'running', seats: 3 },
    })
    expect(
      expectProblem(shape, 400, 'validation_failed')
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['/plannedSeats', '/seats', '/startDate', '/status'])
    const missing = await call(t.admin, { method: 'POST', url: '/api/v1/cohorts', payload: { name: 'Nothing' } })
    expect(
      expectProblem(missing, 400, 'validation_failed')
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['/campusId', '/endDate', '/plannedSeats', '/startDate', '/trackId'])
  })

  it('refuses an unknown campus or track, and a closed campus, on the failing field', async () => {
    const unknown = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/cohorts',
      payload: { ...base(), name: 'Ghost', campusId: ghost, trackId: ghost },
    })
    expect(expectProblem(unknown, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/campusId', code: 'exists' }),
      expect.objectContaining({ field: '/trackId', code: 'exists' }),
    ])

    const closed = await newCampus('Plombiers du numérique Châlons (fermé)', 'closed')
    const onClosed = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/cohorts',
      payload: { ...base(), name: 'Too late', campusId: closed.id },
    })
    const problem = expectProblem(onClosed, 400, 'validation_failed')
    expect(problem.errors).toEqual([expect.objectContaining({ field: '/campusId', code: 'campus_closed' })])
    expect(problem.detail).toMatch(/is closed/)

    const planned = await newCampus('Plombiers du numérique Châlons (projet)', 'planned')
    const onPlanned = await newCohort({ name: 'Châlons 2018', campusId: planned.id })
    expect(onPlanned.campus).toEqual({ id: planned.id, name: planned.name, commune: 'Châlons-en-Champagne' })
  })

  it('keeps names unique within a campus, ignoring case and accents (409 duplicate)', async () => {
    const first = await newCohort({ name: 'Promo Été 2020', startDate: '2020-06-01', endDate: '2020-08-28' })
    const again = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/cohorts',
      payload: { ...base(), name: 'promo ete 2020' },
    })
    const problem = expectProblem(again, 409, 'duplicate')
    expect(problem.detail).toContain('already has a cohort named "Promo Été 2020"')
    expect(problem.detail).toContain(first.id)

    const elsewhere = await newCohort({ name: 'Promo Été 2020', campusId: romansId })
    expect(elsewhere.campus.commune).toBe('Romans-sur-Isère')

    const other = await newCohort({ name: 'Promo Automne 2020' })
    const rename = await patch(other.id, 1, { name: 'PROMO ÉTÉ 2020' })
    expect(expectProblem(rename, 409, 'duplicate').detail).toContain('Promo Été 2020')
    const ownName = await patch(first.id, 1, { name: 'Promo été 2020' })
    expect(ownName.statusCode).toBe(200)
    expect(ownName.data.name).toBe('Promo été 2020')
  })

  it('moves status only along planned → recruiting → in_training → completed', async () => {
    const c = await newCohort({ name: 'Lifecycle' })
    const skip = await patch(c.id, 1, { status: 'in_training' })
    expect(expectProblem(skip, 409, 'conflict').detail).toBe(
      `Cohort ${c.id} is "planned" and cannot become "in_training": it can only move to "recruiting" or "cancelled".`,
    )
    const same = await patch(c.id, 1, { status: 'planned', plannedSeats: 16 })
    expect(same.data).toMatchObject({ status: 'planned', plannedSeats: 16, version: 2 })

    const recruiting = await patch(c.id, 2, { status: 'recruiting' })
    expect(recruiting.statusCode).toBe(200)
    expect(recruiting.headers.etag).toBe('"3"')
    expect(recruiting.data.status).toBe('recruiting')
    const back = await patch(c.id, 3, { status: 'planned' })
    expect(expectProblem(back, 409, 'conflict').detail).toMatch(/is "recruiting".*"in_training" or "cancelled"/)

    expect((await patch(c.id, 3, { status: 'in_training' })).data.status).toBe('in_training')
    const cancel = await patch(c.id, 4, { status: 'cancelled' })
    expect(expectProblem(cancel, 409, 'conflict').detail).toMatch(/is "in_training".*can only move to "completed"/)
    expect((await patch(c.id, 4, { status: 'completed' })).data.status).toBe('completed')
    const reopen = await patch(c.id, 5, { status: 'in_training' })
    expect(expectProblem(reopen, 409, 'conflict').detail).toMatch(/is "completed".*that status is final/)
    expect((await call(t.admin, { method: 'GET', url: `/api/v1/cohorts/${c.id}` })).data).toMatchObject({
      status: 'completed',
      version: 5,
    })
  })

  it('cancels only before training starts', async () => {
    const planned = await newCohort({ name: 'Cancel while planned' })
    expect((await patch(planned.id, 1, { status: 'cancelled' })).data.status).toBe('cancelled')
    const revive = await patch(planned.id, 2, { status: 'recruiting' })
    expect(expectProblem(revive, 409, 'conflict').detail).toMatch(/is "cancelled".*final/)

    const recruiting = await newCohort({ name: 'Cancel while recruiting', status: 'recruiting' })
    expect((await patch(recruiting.id, 1, { status: 'cancelled' })).data.status).toBe('cancelled')
  })

  it('changes track only before training, checks dates on the merged values, and never moves campus', async () => {
    const c = await newCohort({ name: 'Editable', juryDate: '2019-01-07' })
    const retrack = await patch(c.id, 1, { trackId: otherTrackId })
    expect(retrack.data.track).toEqual({ id: otherTrackId, name: 'Romans 400 heures' })
    const noTrack = await patch(c.id, 2, { trackId: ghost })
    expect(expectProblem(noTrack, 400, 'validation_failed').errors![0]).toMatchObject({
      field: '/trackId',
      code: 'exists',
    })

    const late = await patch(c.id, 2, { startDate: '2019-05-01' })
    expect(expectProblem(late, 400, 'validation_failed').errors).toEqual([
      { in: 'body', field: '/startDate', code: 'period', message: 'must be on or before endDate (2019-04-12)' },
    ])
    const early = await patch(c.id, 2, { startDate: '2019-01-01' })
    expect(expectProblem(early, 400, 'validation_failed').errors).toEqual([
      { in: 'body', field: '/startDate', code: 'jury_date', message: 'must be on or after juryDate (2019-01-07)' },
    ])
    const juryLate = await patch(c.id, 2, { juryDate: '2019-02-01' })
    expect(expectProblem(juryLate, 400, 'validation_failed').errors![0]!.field).toBe('/juryDate')
    const moved = await patch(c.id, 2, { juryDate: null, startDate: '2019-01-02', endDate: '2019-03-29' })
    expect(moved.data).toMatchObject({ juryDate: null, startDate: '2019-01-02', endDate: '2019-03-29', version: 3 })

    const campus = await patch(c.id, 3, { campusId: romansId })
    expect(expectProblem(campus, 400, 'validation_failed').errors![0]).toMatchObject({
      field: '/campusId',
      code: 'additionalProperties',
    })
    expectProblem(await patch(c.id, 3, {}), 400, 'validation_failed')

    await patch(c.id, 3, { status: 'recruiting' })
    await patch(c.id, 4, { status: 'in_training' })
    const tooLate = await patch(c.id, 5, { trackId: fibreId })
    expect(expectProblem(tooLate, 409, 'conflict').detail).toMatch(/"in_training": its track can only change before/)
    const sameTrack = await patch(c.id, 5, { trackId: otherTrackId, plannedSeats: 14 })
    expect(sameTrack.data).toMatchObject({ plannedSeats: 14, version: 6 })
  })

  it('requires a fresh If-Match to update', async () => {
    const c = await newCohort({ name: 'Concurrency' })
    const url = `/api/v1/cohorts/${c.id}`
    expectProblem(
      await call(t.admin, { method: 'PATCH', url, payload: { plannedSeats: 12 } }),
      428,
      'precondition_required',
    )
    const badTag = await patchIfMatch(t.admin, url, '3', { plannedSeats: 12 })
    expect(expectProblem(badTag, 400, 'validation_failed').errors![0]!.field).toBe('/if-match')
    await patch(c.id, 1, { plannedSeats: 12 })
    const stale = await patch(c.id, 1, { status: 'recruiting' })
    expectProblem(stale, 412, 'precondition_failed')
    expect(stale.headers.etag).toBe('"2"')
    expect((await call(t.admin, { method: 'GET', url })).data).toMatchObject({ status: 'planned', plannedSeats: 12 })
    expectProblem(await patch(ghost, 1, { plannedSeats: 3 }), 404, 'not_found')
  })

  it('filters by campus, track, status, year and name, latest start first', async () => {
    const campus = await newCampus('Plombiers du numérique Châlons-en-Champagne (listes)')
    const make = (name: string, startDate: string, extra: Record<string, unknown> = {}) =>
      newCohort({ campusId: campus.id, name, startDate, endDate: startDate, ...extra })
    await make('Châlons A', '2018-11-05')
    await make('Châlons B', '2019-03-04', { status: 'recruiting' })
    await make('Châlons C', '2019-09-02', { trackId: otherTrackId })
    await make('Châlons D', '2019-09-02')
    await make('Châlons E', '2020-01-06', { status: 'recruiting' })

    const list = (query: string) =>
      call(t.admin, { method: 'GET', url: `/api/v1/cohorts?campusId=${campus.id}${query}` })
    const all = await list('')
    expect(all.statusCode).toBe(200)
    // Two cohorts share 2019-09-02: the id breaks the tie between them.
    expect(names(all)[0]).toBe('Châlons E')
    expect(names(all).slice(1, 3).sort()).toEqual(['Châlons C', 'Châlons D'])
    expect(names(all).slice(3)).toEqual(['Châlons B', 'Châlons A'])
    expect(all.data.items.map((c: any) => c.startDate)).toEqual([
      '2020-01-06',
      '2019-09-02',
      '2019-09-02',
      '2019-03-04',
      '2018-11-05',
    ])
    expect(all.data.items[0].campus).toMatchObject({ id: campus.id, commune: 'Châlons-en-Champagne' })

    expect(names(await list('&year=2019&sort=startDate')).slice(0, 1)).toEqual(['Châlons B'])
    expect((await list('&year=2019')).data.items).toHaveLength(3)
    expect(names(await list('&year=2018'))).toEqual(['Châlons A'])
    expect(names(await list('&status=recruiting'))).toEqual(['Châlons E', 'Châlons B'])
    expect(names(await list(`&trackId=${otherTrackId}`))).toEqual(['Châlons C'])
    expect(names(await list('&q=CHALONS%20d'))).toEqual(['Châlons D'])
    expect(names(await list('&sort=-name&limit=2'))).toEqual(['Châlons E', 'Châlons D'])
    expect(names(await list('&status=completed'))).toEqual([])

    const everyCampus = await call(t.admin, { method: 'GET', url: `/api/v1/cohorts?trackId=${otherTrackId}&limit=100` })
    expect(everyCampus.data.items.every((c: any) => c.trackId === otherTrackId)).toBe(true)

    const badYear = await call(t.admin, { method: 'GET', url: '/api/v1/cohorts?year=1999' })
    expect(expectProblem(badYear, 400, 'validation_failed').errors![0]).toMatchObject({ in: 'query', field: '/year' })
    const badStatus = await call(t.admin, { method: 'GET', url: '/api/v1/cohorts?status=running' })
    expect(expectProblem(badStatus, 400, 'validation_failed').errors![0]!.field).toBe('/status')
  })

  it('walks every page by start date, ties included, without repeats or gaps', async () => {
    const campus = await newCampus('Plombiers du numérique Châlons (pages)')
    const created: string[] = []
    for (const [i, day] of ['2021-01-04', '2021-01-04', '2021-01-04', '2021-02-01', '2021-03-01'].entries()) {
      created.push((await newCohort({ campusId: campus.id, name: `Page ${i}`, startDate: day, endDate: day })).id)
    }
    for (const sort of ['-startDate', 'startDate', 'name', '-createdAt']) {
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const res = await call(t.admin, {
          method: 'GET',
          url: `/api/v1/cohorts?campusId=${campus.id}&limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`,
        })
        expect(res.statusCode).toBe(200)
        seen.push(...res.data.items.map((c: any) => c.id))
        cursor = res.data.nextCursor
      } while (cursor)
      expect(seen.sort()).toEqual([...created].sort())
    }
  })

  it('deletes a cohort without enrolments and refuses one with enrolments (409 in_use)', async () => {
    const empty = await newCohort({ name: 'Never ran' })
    const url = `/api/v1/cohorts/${empty.id}`
    await expectDeletedWithIfMatch(t.admin, url, '"9"')

    const full = await newCohort({ name: 'With learners', campusId: romansId })
    const [learner] = await t.database.db
      .insert(learners)
      .values({
        campusId: romansId,
        reference: 'ROM-2019-001',
        birthYear: 2000,
        sex: 'female',
        diplomaAtEntry: 'none',
        referrer: 'mission_locale',
      })
      .returning()
    await t.database.db
      .insert(enrolments)
      .values({ learnerId: learner!.id, cohortId: full.id, appliedOn: '2018-12-01', stageChangedOn: '2018-12-01' })
    const inUse = await deleteIfMatch(t.admin, `/api/v1/cohorts/${full.id}`, '"1"')
    expect(expectProblem(inUse, 409, 'in_use').detail).toMatch(/has 1 enrolment/)
    expect((await call(t.admin, { method: 'GET', url: `/api/v1/cohorts/${full.id}` })).statusCode).toBe(200)
  })

  it('refuses to delete a campus that still has cohorts or learners, naming what remains', async () => {
    const campus = await newCampus('Plombiers du numérique Châlons (à supprimer)')
    const cohort = await newCohort({ name: 'Blocking', campusId: campus.id })
    const delCampus = () => deleteIfMatch(t.admin, `/api/v1/campuses/${campus.id}`, '"1"')

    const withCohort = expectProblem(await delCampus(), 409, 'in_use')
    expect(withCohort.detail).toBe(
      `Campus ${campus.id} still has 1 cohort(s); a campus with a history is closed (status "closed"), not deleted.`,
    )

    await deleteIfMatch(t.admin, `/api/v1/cohorts/${cohort.id}`, '"1"')
    const [learner] = await t.database.db
      .insert(learners)
      .values({
        campusId: campus.id,
        reference: 'CHA-2018-001',
        birthYear: 2001,
        sex: 'male',
        diplomaAtEntry: 'none',
        referrer: 'e2c',
      })
      .returning()
    expect(expectProblem(await delCampus(), 409, 'in_use').detail).toMatch(/still has 1 learner\(s\);/)

    const lyonDel = await deleteIfMatch(t.admin, `/api/v1/campuses/${lyonId}`, '"1"')
    expect(expectProblem(lyonDel, 409, 'in_use').detail).toMatch(
      /still has \d+ cohort\(s\), 5 consortium membership\(s\);/,
    )

    await t.database.db.delete(learners).where(eq(learners.id, learner!.id))
    expect((await delCampus()).statusCode).toBe(204)
  })
})

describe('audit trail', () => {
  const auditOf = (resourceId: string) =>
    t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, resourceId)).orderBy(asc(auditEvents.id))
  const cohortEvents = async () =>
    (await t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceType, 'cohort'))).length

  it('records each write of a cohort once, with its campus, and nothing for a refused one', async () => {
    const c = await newCohort({ name: 'Audit trail' })
    expect(await auditOf(c.id)).toEqual([
      expect.objectContaining({ action: 'create', resourceType: 'cohort', resourceId: c.id, campusId: lyonId }),
    ])
    const before = await cohortEvents()
    const duplicate = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/cohorts',
      payload: { ...base(), name: 'AUDIT trail' },
    })
    expectProblem(duplicate, 409, 'duplicate')
    expectProblem(await patch(c.id, 7, { plannedSeats: 12 }), 412, 'precondition_failed')
    expectProblem(await patch(c.id, 1, { endDate: '2018-12-31' }), 400, 'validation_failed')
    expectProblem(await patch(c.id, 1, { status: 'completed' }), 409, 'conflict')
    expect(await cohortEvents()).toBe(before)

    expect((await patch(c.id, 1, { status: 'recruiting' })).statusCode).toBe(200)
    const url = `/api/v1/cohorts/${c.id}`
    expect((await deleteIfMatch(t.admin, url, '"2"')).statusCode).toBe(204)
    const events = await auditOf(c.id)
    expect(events.map((e) => [e.action, e.resourceType, e.campusId])).toEqual([
      ['create', 'cohort', lyonId],
      ['update', 'cohort', lyonId],
      ['delete', 'cohort', lyonId],
    ])
    expect(events[1]!.changes).toEqual({ before: { status: 'planned' }, after: { status: 'recruiting' } })
  })
})
