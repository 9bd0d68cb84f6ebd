import { asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { call, deleteIfMatch, expectDeletedWithIfMatch, expectProblem } from '../../../test/helpers.js'
import { auditEvents, internships, organisations, outcomeObservations } from '../../db/schema/index.js'
import { insertCohort, newLearner } from './enrolments.fixtures.js'
import {
  t,
  lyonId,
  romansId,
  winter,
  spring,
  autumn,
  romans,
  enrol,
  move,
  patch,
  enrolledInWinter,
  useEnrolmentScenario,
} from './enrolments.scenario.js'

useEnrolmentScenario()

describe('enrolments', () => {
  it('refuses missing records, another campus, an age outside 16–30 and an application after the cohort', async () => {
    const ghost = '3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10'
    const both = await enrol(ghost, ghost)
    expect(
      expectProblem(both, 400, 'validation_failed')
        .errors!.map((e) => [e.field, e.code])
        .sort(),
    ).toEqual([
      ['/cohortId', 'exists'],
      ['/learnerId', 'exists'],
    ])
    const learner = await newLearner(t.admin, lyonId)
    const elsewhere = await enrol(learner.id, romans.id)
    expect(expectProblem(elsewhere, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/cohortId', code: 'campus' }),
    ])
    const late = await enrol(learner.id, winter.id, { appliedOn: '2019-04-13' })
    expect(expectProblem(late, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/appliedOn', code: 'date_order' }),
    ])
    expect((await enrol(learner.id, winter.id, { appliedOn: '2019-04-12' })).statusCode).toBe(201)

    // 2019 − 2004 = 15; 2019 − 1988 = 31; 2019 − 2003 = 16 and 2019 − 1989 = 30 are the bounds.
    for (const [birthYear, ok] of [
      [2004, false],
      [1988, false],
      [2003, true],
      [1989, true],
    ] as const) {
      const l = await newLearner(t.admin, lyonId, { birthYear })
      const res = await enrol(l.id, winter.id)
      if (ok) {
        expect(res.statusCode).toBe(201)
      } else {
        const issue = expectProblem(res, 400, 'validation_failed').errors![0]!
        expect(issue).toMatchObject({ field: '/learnerId', code: 'age_at_entry' })
        expect(issue.message).toContain(String(2019 - birthYear))
      }
    }
    const missingFields = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/enrolments',
      payload: { learnerId: learner.id },
    })
    expect(
      expectProblem(missingFields, 400, 'validation_failed')
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['/appliedOn', '/cohortId'])
  })

  it('refuses a second place in a cohort whose period overlaps (409), and allows it once the first is withdrawn', async () => {
    const learner = await newLearner(t.admin, lyonId, { reference: 'OVERLAP-1' })
    const first = (await enrol(learner.id, winter.id)).data
    const overlap = await enrol(learner.id, spring.id, { appliedOn: '2019-01-20' })
    const detail = expectProblem(overlap, 409, 'conflict').detail as string
    expect(detail).toContain('Lyon 2019 – hiver')
    expect(detail).toContain(first.id)
    expect(detail).toContain('2019-01-14 to 2019-04-12')
    const sameCohort = await enrol(learner.id, winter.id)
    expectProblem(sameCohort, 409, 'conflict')
    // A rejected application does not hold a place, so it may be recorded alongside.
    const rejected = await enrol(learner.id, spring.id, { appliedOn: '2019-01-20', stage: 'jury_rejected' })
    expect(rejected.statusCode).toBe(201)
    // Periods that do not meet are fine.
    expect((await enrol(learner.id, autumn.id, { appliedOn: '2019-06-01' })).statusCode).toBe(201)

    const w = await move(first.id, 1, { to: 'enrolled', on: '2018-12-13' })
    await move(first.id, w.data.version, { to: 'withdrawn', on: '2019-01-20', exitReason: 'dropout' })
    const retry = await enrol(learner.id, spring.id, { appliedOn: '2019-01-21' })
    expect(retry.statusCode).toBe(201)
  })

  it('counts a completed enrolment as holding its place', async () => {
    const learner = await newLearner(t.admin, lyonId)
    const e = (await enrol(learner.id, winter.id, { stage: 'enrolled' })).data
    await move(e.id, 1, { to: 'in_training', on: '2019-01-14' })
    await move(e.id, 2, { to: 'completed', on: '2019-04-12' })
    expectProblem(await enrol(learner.id, spring.id, { appliedOn: '2019-02-01' }), 409, 'conflict')
  })

  it('lets only one of two simultaneous overlapping enrolments through', async () => {
    const learner = await newLearner(t.admin, lyonId)
    const results = await Promise.all([
      enrol(learner.id, winter.id),
      enrol(learner.id, spring.id, { appliedOn: '2019-01-20' }),
      enrol(learner.id, winter.id, { appliedOn: '2018-12-04' }),
    ])
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409])
    const list = await call(t.admin, { method: 'GET', url: `/api/v1/enrolments?learnerId=${learner.id}` })
    expect(list.data.items).toHaveLength(1)
  })

  it('updates the facts of an enrolment, holding the integration date to the stage and the dates', async () => {
    const learner = await newLearner(t.admin, lyonId)
    const applied = (await enrol(learner.id, winter.id)).data
    const tooSoon = await patch(applied.id, 1, { integrationConfirmedOn: '2019-02-14' })
    expect(expectProblem(tooSoon, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/integrationConfirmedOn', code: 'stage' }),
    ])
    await move(applied.id, 1, { to: 'enrolled', on: '2018-12-13' })
    const beforeApplication = await patch(applied.id, 2, { integrationConfirmedOn: '2018-12-01' })
    expect(expectProblem(beforeApplication, 400, 'validation_failed').errors![0]!.code).toBe('date_order')
    const ok = await patch(applied.id, 2, {
      integrationConfirmedOn: '2019-02-14',
      certificationObtained: false,
      drivingLicenceObtained: true,
    })
    expect(ok.statusCode).toBe(200)
    expect(ok.headers.etag).toBe('"3"')
    expect(ok.data).toMatchObject({
      stage: 'enrolled',
      integrationConfirmedOn: '2019-02-14',
      certificationObtained: false,
      drivingLicenceObtained: true,
      version: 3,
    })
    // An exit cannot come before the end of the trial period.
    await move(applied.id, 3, { to: 'in_training', on: '2019-01-14' })
    const exitTooEarly = await move(applied.id, 4, { to: 'withdrawn', on: '2019-02-01', exitReason: 'dropout' })
    expect(expectProblem(exitTooEarly, 400, 'validation_failed').errors![0]).toMatchObject({
      field: '/on',
      code: 'date_order',
    })
    const completed = await move(applied.id, 4, { to: 'completed', on: '2019-04-12' })
    expect(completed.data.exitDate).toBe('2019-04-12')
    const afterExit = await patch(applied.id, 5, { integrationConfirmedOn: '2019-04-13' })
    expect(expectProblem(afterExit, 400, 'validation_failed').errors![0]!.message).toContain('2019-04-12')
    const cleared = await patch(applied.id, 5, { integrationConfirmedOn: null, certificationObtained: true })
    expect(cleared.data).toMatchObject({
      integrationConfirmedOn: null,
      certificationObtained: true,
      stage: 'completed',
    })

    const exclusion = await patch(applied.id, 6, { exclusionReason: 'moved_away' })
    expect(expectProblem(exclusion, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/exclusionReason', code: 'exclusion_reason' }),
    ])
    const stageByPatch = await patch(applied.id, 6, { stage: 'withdrawn' })
    expect(expectProblem(stageByPatch, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/stage', code: 'additionalProperties' }),
    ])
    expectProblem(await patch(applied.id, 6, {}), 400, 'validation_failed')
    expectProblem(await patch(applied.id, 1, { certificationObtained: true }), 412, 'precondition_failed')
    const noIfMatch = await call(t.admin, {
      method: 'PATCH',
      url: `/api/v1/enrolments/${applied.id}`,
      payload: { certificationObtained: true },
    })
    expectProblem(noIfMatch, 428, 'precondition_required')
  })

  it('corrects the exclusion reason of an excluded enrolment, never clearing it', async () => {
    const e = await enrolledInWinter()
    await move(e.id, 1, { to: 'withdrawn', on: '2019-01-20', exitReason: 'excluded', exclusionReason: 'long_illness' })
    const corrected = await patch(e.id, 2, { exclusionReason: 'incarcerated' })
    expect(corrected.data).toMatchObject({ exitReason: 'excluded', exclusionReason: 'incarcerated' })
    const cleared = await patch(e.id, 3, { exclusionReason: null })
    expect(expectProblem(cleared, 400, 'validation_failed').errors![0]!.field).toBe('/exclusionReason')
  })

  it('lists by cohort, learner, campus and stage, sorted, page by page', async () => {
    const db = t.database.db
    const cohort = await insertCohort(db, {
      campusId: romansId,
      name: 'Romans 2020 – 1',
      startDate: '2020-01-13',
      endDate: '2020-04-10',
    })
    const ids: string[] = []
    for (const [day, stage] of [
      ['2019-12-02', 'applied'],
      ['2019-11-04', 'enrolled'],
      ['2019-12-16', 'waitlisted'],
    ] as const) {
      const l = await newLearner(t.admin, romansId)
      ids.push((await enrol(l.id, cohort.id, { appliedOn: day, stage })).data.id)
    }
    const byCohort = await call(t.admin, { method: 'GET', url: `/api/v1/enrolments?cohortId=${cohort.id}` })
    expect(byCohort.data.items.map((e: { appliedOn: string }) => e.appliedOn)).toEqual([
      '2019-11-04',
      '2019-12-02',
      '2019-12-16',
    ])
    const desc = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/enrolments?cohortId=${cohort.id}&sort=-appliedOn&limit=2`,
    })
    expect(desc.data.items.map((e: { appliedOn: string }) => e.appliedOn)).toEqual(['2019-12-16', '2019-12-02'])
    const rest = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/enrolments?cohortId=${cohort.id}&sort=-appliedOn&limit=2&cursor=${desc.data.nextCursor}`,
    })
    expect(rest.data.items.map((e: { appliedOn: string }) => e.appliedOn)).toEqual(['2019-11-04'])
    expect(rest.data.nextCursor).toBeNull()

    const waitlisted = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/enrolments?campusId=${romansId}&stage=waitlisted`,
    })
    expect(waitlisted.data.items.map((e: { id: string }) => e.id)).toEqual([ids[2]])
    const byLearner = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/enrolments?learnerId=${byCohort.data.items[0].learnerId}`,
    })
    expect(byLearner.data.items.map((e: { id: string }) => e.id)).toEqual([ids[1]])
    const lyon = await call(t.admin, { method: 'GET', url: `/api/v1/enrolments?campusId=${lyonId}&limit=100` })
    expect(lyon.data.items.length).toBeGreaterThan(0)
    expect(lyon.data.items.every((e: { cohort: { campusId: string } }) => e.cohort.campusId === lyonId)).toBe(true)

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await call(t.admin, {
        method: 'GET',
        url: `/api/v1/enrolments?campusId=${romansId}&sort=createdAt&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      })
      seen.push(...res.data.items.map((e: { id: string }) => e.id))
      cursor = res.data.nextCursor
    } while (cursor)
    expect(seen).toEqual(ids)

    expectProblem(
      await call(t.admin, { method: 'GET', url: '/api/v1/enrolments?stage=graduated' }),
      400,
      'validation_failed',
    )
    expectProblem(
      await call(t.admin, { method: 'GET', url: '/api/v1/enrolments?cursor=xyz' }),
      400,
      'validation_failed',
    )
  })

  it('answers 404 for an enrolment that does not exist', async () => {
    const ghost = '3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10'
    expectProblem(await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${ghost}` }), 404, 'not_found')
    expectProblem(await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${ghost}/stages` }), 404, 'not_found')
    expectProblem(await patch(ghost, 1, { certificationObtained: true }), 404, 'not_found')
    expectProblem(await deleteIfMatch(t.admin, `/api/v1/enrolments/${ghost}`, '"1"'), 404, 'not_found')
    expectProblem(
      await call(t.admin, { method: 'GET', url: '/api/v1/enrolments/not-a-uuid' }),
      400,
      'validation_failed',
    )
  })

  it('deletes an enrolment entered by mistake with its history, but not one with outcomes or internships', async () => {
    const db = t.database.db
    const plain = await enrolledInWinter()
    const url = (id: string) => `/api/v1/enrolments/${id}`
    await expectDeletedWithIfMatch(t.admin, url(plain.id), '"2"')
    expectProblem(await call(t.admin, { method: 'GET', url: `${url(plain.id)}/stages` }), 404, 'not_found')

    const observed = await enrolledInWinter()
    await db.insert(outcomeObservations).values({
      enrolmentId: observed.id,
      checkpoint: 'exit',
      observedOn: '2019-04-12',
      situation: 'job_seeking',
      source: 'self_declared',
    })
    const inUse = await deleteIfMatch(t.admin, url(observed.id), '"1"')
    expect(expectProblem(inUse, 409, 'in_use').detail).toMatch(/1 outcome observation/)

    const interned = await enrolledInWinter()
    const [host] = await db.select().from(organisations).limit(1)
    await db.insert(internships).values({
      enrolmentId: interned.id,
      hostOrganisationId: host!.id,
      startDate: '2019-03-01',
      endDate: '2019-03-29',
    })
    const withInternship = await deleteIfMatch(t.admin, url(interned.id), '"1"')
    expect(expectProblem(withInternship, 409, 'in_use').detail).toMatch(/1 internship/)
    expect((await call(t.admin, { method: 'GET', url: url(interned.id) })).statusCode).toBe(200)
  })

  it('publishes its operations and named schemas in the OpenAPI document', async () => {
    const doc = (await call(t.admin, { method: 'GET', url: '/api/openapi.json' })).data
    const transition = doc.paths['/api/v1/enrolments/{id}/transitions'].post
    expect(transition.operationId).toBe('transitionEnrolment')
    expect(transition.tags).toEqual(['Enrolments'])
    expect(Object.keys(transition.responses)).toEqual(
      expect.arrayContaining(['200', '400', '404', '409', '412', '428']),
    )
    for (const name of ['Enrolment', 'EnrolmentCreate', 'EnrolmentTransition', 'EnrolmentStageHistory', 'Internship']) {
      expect(doc.components.schemas[name].additionalProperties).toBe(false)
    }
    expect(doc.components.schemas.Learner.description).toMatch(/RGPD/)
  })
})

describe('audit trail', () => {
  const auditOf = (resourceId: string) =>
    t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, resourceId)).orderBy(asc(auditEvents.id))
  const enrolmentEvents = async () =>
    (await t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceType, 'enrolment'))).length

  it('records each write of an enrolment once, with its campus, and nothing for a refused one', async () => {
    const learner = await newLearner(t.admin, lyonId)
    const e = (await enrol(learner.id, autumn.id)).data
    expect(await auditOf(e.id)).toEqual([
      expect.objectContaining({ action: 'create', resourceType: 'enrolment', resourceId: e.id, campusId: lyonId }),
    ])
    const before = await enrolmentEvents()
    expectProblem(await enrol(learner.id, romans.id), 400, 'validation_failed')
    expectProblem(await move(e.id, 7, { to: 'enrolled', on: '2018-12-13' }), 412, 'precondition_failed')
    expectProblem(await move(e.id, 1, { to: 'in_training', on: '2019-09-02' }), 409, 'conflict')
    expectProblem(await patch(e.id, 7, { drivingLicenceObtained: true }), 412, 'precondition_failed')
    expectProblem(await patch(e.id, 1, { integrationConfirmedOn: '2019-10-01' }), 400, 'validation_failed')
    const url = `/api/v1/enrolments/${e.id}`
    expectProblem(await deleteIfMatch(t.admin, url, '"7"'), 412, 'precondition_failed')
    expect(await enrolmentEvents()).toBe(before)

    expect((await move(e.id, 1, { to: 'enrolled', on: '2018-12-13' })).statusCode).toBe(200)
    expect((await patch(e.id, 2, { drivingLicenceObtained: true })).statusCode).toBe(200)
    expect((await deleteIfMatch(t.admin, url, '"3"')).statusCode).toBe(204)
    const events = await auditOf(e.id)
    expect(events.map((ev) => [ev.action, ev.resourceType, ev.campusId])).toEqual([
      ['create', 'enrolment', lyonId],
      ['transition', 'enrolment', lyonId],
      ['update', 'enrolment', lyonId],
      ['delete', 'enrolment', lyonId],
    ])
    expect(events[1]!.changes).toMatchObject({
      before: { stage: 'applied', stageChangedOn: '2018-12-03' },
      after: { stage: 'enrolled', stageChangedOn: '2018-12-13' },
    })
    expect(events[2]!.changes).toEqual({
      before: { drivingLicenceObtained: null },
      after: { drivingLicenceObtained: true },
    })
  })
})
