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
import { auditEvents } from '../../db/schema/index.js'
import { insertCohort, newLearner, seededApp } from './enrolments.fixtures.js'

let t: TestContext
let lyonId: string
let cohortId: string // 2019-01-14 to 2019-04-12
let hostId: string
let e2cId: string
const ghost = '3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10'

beforeAll(async () => {
  ;({ t, lyonId } = await seededApp())
  cohortId = (
    await insertCohort(t.database.db, {
      campusId: lyonId,
      name: 'Lyon 2019 – 1',
      startDate: '2019-01-14',
      endDate: '2019-04-12',
    })
  ).id
  const organisation = async (name: string, kind: string) =>
    (await call(t.admin, { method: 'POST', url: '/api/v1/organisations', payload: { name, kind } })).data.id as string
  hostId = await organisation('Fibre Rhône Déploiement', 'fibre_contractor')
  e2cId = await organisation('E2C Test', 'e2c')
})
afterAll(() => t.close())

async function enrolment(stage: 'applied' | 'enrolled' = 'enrolled') {
  const learner = await newLearner(t.admin, lyonId)
  const res = await call(t.admin, {
    method: 'POST',
    url: '/api/v1/enrolments',
    payload: { learnerId: learner.id, cohortId, appliedOn: '2018-12-03', stage },
  })
  return res.data as { id: string }
}

const create = (enrolmentId: string, payload: Record<string, unknown>) =>
  call(t.admin, { method: 'POST', url: `/api/v1/enrolments/${enrolmentId}/internships`, payload })

describe('internships', () => {
  it('records an internship of an enrolled learner, with its host summarised', async () => {
    const e = await enrolment()
    const res = await create(e.id, { hostOrganisationId: hostId, startDate: '2019-03-11', endDate: '2019-04-05' })
    expectCreated(res, '/api/v1/internships')
    expect(res.data).toMatchObject({
      enrolmentId: e.id,
      hostOrganisationId: hostId,
      hostOrganisation: { id: hostId, name: 'Fibre Rhône Déploiement', kind: 'fibre_contractor' },
      startDate: '2019-03-11',
      endDate: '2019-04-05',
      ledToHire: false,
      version: 1,
    })
    await create(e.id, { hostOrganisationId: e2cId, startDate: '2019-02-04', endDate: '2019-02-15', ledToHire: true })
    const list = await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${e.id}/internships` })
    expect(list.data.items.map((i: { startDate: string; ledToHire: boolean }) => [i.startDate, i.ledToHire])).toEqual([
      ['2019-02-04', true],
      ['2019-03-11', false],
    ])
    await expectReadBack(t.admin, res)
  })

  it('keeps internships within the cohort’s period give or take 30 days, dates in order', async () => {
    const e = await enrolment()
    const host = hostId
    // The cohort runs 2019-01-14 to 2019-04-12: internships may run 2018-12-15 to 2019-05-12.
    const edges = await create(e.id, { hostOrganisationId: host, startDate: '2018-12-15', endDate: '2019-05-12' })
    expect(edges.statusCode).toBe(201)
    const early = await create(e.id, { hostOrganisationId: host, startDate: '2018-12-14', endDate: '2019-01-20' })
    const issue = expectProblem(early, 400, 'validation_failed').errors!
    expect(issue).toEqual([
      expect.objectContaining({
        field: '/startDate',
        code: 'cohort_period',
        message: expect.stringContaining('2018-12-15 to 2019-05-12'),
      }),
    ])
    const late = await create(e.id, { hostOrganisationId: host, startDate: '2019-04-01', endDate: '2019-05-13' })
    expect(expectProblem(late, 400, 'validation_failed').errors![0]).toMatchObject({
      field: '/endDate',
      code: 'cohort_period',
    })
    const reversed = await create(e.id, { hostOrganisationId: host, startDate: '2019-03-20', endDate: '2019-03-10' })
    expect(expectProblem(reversed, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/endDate', code: 'date_order' }),
    ])
    const missing = await create(e.id, { hostOrganisationId: host })
    expect(
      expectProblem(missing, 400, 'validation_failed')
        .errors!.map((i) => i.field)
        .sort(),
    ).toEqual(['/endDate', '/startDate'])
  })

  it('refuses a host that does not exist, an unknown enrolment, and a learner who never entered', async () => {
    const e = await enrolment()
    const noHost = await create(e.id, { hostOrganisationId: ghost, startDate: '2019-03-11', endDate: '2019-04-05' })
    expect(expectProblem(noHost, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/hostOrganisationId', code: 'exists' }),
    ])
    const noEnrolment = await create(ghost, {
      hostOrganisationId: hostId,
      startDate: '2019-03-11',
      endDate: '2019-04-05',
    })
    expectProblem(noEnrolment, 404, 'not_found')
    expectProblem(
      await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${ghost}/internships` }),
      404,
      'not_found',
    )
    const applicant = await enrolment('applied')
    const notEntered = await create(applicant.id, {
      hostOrganisationId: hostId,
      startDate: '2019-03-11',
      endDate: '2019-04-05',
    })
    expect(expectProblem(notEntered, 409, 'conflict').detail).toMatch(/stage "applied"/)
    const extra = await create(e.id, {
      hostOrganisationId: hostId,
      startDate: '2019-03-11',
      endDate: '2019-04-05',
      tutorName: 'M. Dupont',
    })
    expect(expectProblem(extra, 400, 'validation_failed').errors![0]!.field).toBe('/tutorName')
  })

  it('updates with If-Match under the same rules, and deletes', async () => {
    const e = await enrolment()
    const i = (await create(e.id, { hostOrganisationId: hostId, startDate: '2019-03-11', endDate: '2019-04-05' })).data
    const url = `/api/v1/internships/${i.id}`
    const hired = await patchIfMatch(t.admin, url, '"1"', { ledToHire: true, hostOrganisationId: e2cId })
    expect(hired.statusCode).toBe(200)
    expect(hired.headers.etag).toBe('"2"')
    expect(hired.data).toMatchObject({ ledToHire: true, hostOrganisation: { id: e2cId }, version: 2 })
    const backwards = await patchIfMatch(t.admin, url, '"2"', { startDate: '2019-04-06' })
    expect(expectProblem(backwards, 400, 'validation_failed').errors![0]).toMatchObject({
      field: '/endDate',
      code: 'date_order',
    })
    const outside = await patchIfMatch(t.admin, url, '"2"', { endDate: '2019-06-30' })
    expect(expectProblem(outside, 400, 'validation_failed').errors![0]!.code).toBe('cohort_period')
    const noHost = await patchIfMatch(t.admin, url, '"2"', { hostOrganisationId: ghost })
    expect(expectProblem(noHost, 400, 'validation_failed').errors![0]!.field).toBe('/hostOrganisationId')
    expectProblem(await patchIfMatch(t.admin, url, '"1"', { ledToHire: false }), 412, 'precondition_failed')
    expectProblem(
      await call(t.admin, { method: 'PATCH', url, payload: { ledToHire: false } }),
      428,
      'precondition_required',
    )
    expectProblem(await patchIfMatch(t.admin, url, '"2"', {}), 400, 'validation_failed')
    expect((await call(t.admin, { method: 'GET', url })).data).toMatchObject({ startDate: '2019-03-11', version: 2 })

    await expectDeletedWithIfMatch(t.admin, url, '"1"', '"2"')
    expect((await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${e.id}/internships` })).data.items).toEqual(
      [],
    )
    // With its internship gone, the enrolment may be deleted.
    const gone = await deleteIfMatch(t.admin, `/api/v1/enrolments/${e.id}`, '"1"')
    expect(gone.statusCode).toBe(204)
  })

  it('keeps internships of a learner who withdrew after entering', async () => {
    const e = await enrolment()
    await call(t.admin, {
      method: 'POST',
      url: `/api/v1/enrolments/${e.id}/transitions`,
      payload: { to: 'withdrawn', on: '2019-02-01', exitReason: 'left_for_job' },
      headers: { 'if-match': '"1"' },
    })
    const res = await create(e.id, { hostOrganisationId: hostId, startDate: '2019-01-14', endDate: '2019-01-31' })
    expect(res.statusCode).toBe(201)
  })
})

describe('audit trail', () => {
  const auditOf = (resourceId: string) =>
    t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, resourceId)).orderBy(asc(auditEvents.id))
  const internshipEvents = async () =>
    (await t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceType, 'internship'))).length

  it('records each write of an internship once, with its campus, and nothing for a refused one', async () => {
    const e = await enrolment()
    const i = (await create(e.id, { hostOrganisationId: hostId, startDate: '2019-03-11', endDate: '2019-04-05' })).data
    expect(await auditOf(i.id)).toEqual([
      expect.objectContaining({ action: 'create', resourceType: 'internship', resourceId: i.id, campusId: lyonId }),
    ])
    const url = `/api/v1/internships/${i.id}`
    const patch = (payload: object, version: number) => patchIfMatch(t.admin, url, `"${version}"`, payload)
    const before = await internshipEvents()
    const outside = await create(e.id, { hostOrganisationId: hostId, startDate: '2019-03-11', endDate: '2019-06-30' })
    expectProblem(outside, 400, 'validation_failed')
    expectProblem(await patch({ ledToHire: true }, 7), 412, 'precondition_failed')
    expectProblem(await patch({ startDate: '2019-04-06' }, 1), 400, 'validation_failed')
    expectProblem(await deleteIfMatch(t.admin, url, '"7"'), 412, 'precondition_failed')
    expect(await internshipEvents()).toBe(before)

    expect((await patch({ ledToHire: true }, 1)).statusCode).toBe(200)
    expect((await deleteIfMatch(t.admin, url, '"2"')).statusCode).toBe(204)
    const events = await auditOf(i.id)
    expect(events.map((ev) => [ev.action, ev.resourceType, ev.campusId])).toEqual([
      ['create', 'internship', lyonId],
      ['update', 'internship', lyonId],
      ['delete', 'internship', lyonId],
    ])
    expect(events[1]!.changes).toEqual({ before: { ledToHire: false }, after: { ledToHire: true } })
  })
})
