import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, expectProblem, type TestContext } from '../../../test/helpers.js'
import { seed } from '../../db/seed.js'
import { auditEvents, internships, organisations, outcomeObservations } from '../../db/schema/index.js'
import { campusIds, insertCohort, newLearner } from './enrolments.fixtures.js'

let t: TestContext
let lyonId: string
let romansId: string
type CohortFixture = Awaited<ReturnType<typeof insertCohort>>
let winter: CohortFixture // Lyon, 2019-01-14 to 2019-04-12
let spring: CohortFixture // Lyon, 2019-03-01 to 2019-06-28: overlaps winter
let autumn: CohortFixture // Lyon, 2019-09-02 to 2019-11-29
let romans: CohortFixture // Romans, 2019-01-14 to 2019-04-12

beforeAll(async () => {
  t = await createTestApp()
  await seed(t.database.db)
  const ids = await campusIds(t.admin)
  lyonId = ids['Lyon']!
  romansId = ids['Romans-sur-Isère']!
  const db = t.database.db
  winter = await insertCohort(db, {
    campusId: lyonId,
    name: 'Lyon 2019 – hiver',
    startDate: '2019-01-14',
    endDate: '2019-04-12',
  })
  spring = await insertCohort(db, {
    campusId: lyonId,
    name: 'Lyon 2019 – printemps',
    startDate: '2019-03-01',
    endDate: '2019-06-28',
  })
  autumn = await insertCohort(db, {
    campusId: lyonId,
    name: 'Lyon 2019 – automne',
    startDate: '2019-09-02',
    endDate: '2019-11-29',
  })
  romans = await insertCohort(db, {
    campusId: romansId,
    name: 'Romans 2019 – 1',
    startDate: '2019-01-14',
    endDate: '2019-04-12',
  })
})
afterAll(() => t.close())

async function enrol(learnerId: string, cohortId: string, fields: Record<string, unknown> = {}) {
  return call(t.admin, {
    method: 'POST',
    url: '/api/v1/enrolments',
    payload: { learnerId, cohortId, appliedOn: '2018-12-03', ...fields },
  })
}

async function move(id: string, version: number, body: Record<string, unknown>) {
  return call(t.admin, {
    method: 'POST',
    url: `/api/v1/enrolments/${id}/transitions`,
    payload: body,
    headers: { 'if-match': `"${version}"` },
  })
}

async function patch(id: string, version: number, body: Record<string, unknown>) {
  return call(t.admin, {
    method: 'PATCH',
    url: `/api/v1/enrolments/${id}`,
    payload: body,
    headers: { 'if-match': `"${version}"` },
  })
}

async function history(id: string) {
  const res = await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${id}/stages` })
  return res.data.items.map((c: { fromStage: string | null; toStage: string; on: string }) => [
    c.fromStage,
    c.toStage,
    c.on,
  ])
}

/** A learner enrolled (stage `enrolled`) in the winter cohort; returns the enrolment at version 1. */
async function enrolledInWinter(fields: Record<string, unknown> = {}) {
  const learner = await newLearner(t.admin, lyonId, fields)
  const res = await enrol(learner.id, winter.id, { stage: 'enrolled', stageOn: '2018-12-13' })
  expect(res.statusCode).toBe(201)
  return res.data
}

describe('enrolments', () => {
  it('enrols a learner at `applied`, with the learner and cohort summarised and the first history entry', async () => {
    const learner = await newLearner(t.admin, lyonId, { reference: 'LYO-2019-014', birthYear: 2001 })
    const res = await enrol(learner.id, winter.id)
    expect(res.statusCode).toBe(201)
    expect(res.headers.etag).toBe('"1"')
    expect(res.headers.location).toBe(`/api/v1/enrolments/${res.data.id}`)
    expect(res.data).toMatchObject({
      learnerId: learner.id,
      cohortId: winter.id,
      learner: { id: learner.id, reference: 'LYO-2019-014', birthYear: 2001 },
      cohort: {
        id: winter.id,
        name: 'Lyon 2019 – hiver',
        campusId: lyonId,
        startDate: '2019-01-14',
        endDate: '2019-04-12',
        status: 'planned',
      },
      stage: 'applied',
      nextStages: ['jury_rejected', 'waitlisted', 'enrolled'],
      appliedOn: '2018-12-03',
      stageChangedOn: '2018-12-03',
      integrationConfirmedOn: null,
      exitDate: null,
      exitReason: null,
      exclusionReason: null,
      certificationObtained: null,
      drivingLicenceObtained: null,
      provenance: 'user',
      version: 1,
    })
    const read = await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${res.data.id}` })
    expect(read.headers.etag).toBe('"1"')
    expect(read.data).toEqual(res.data)
    expect(await history(res.data.id)).toEqual([[null, 'applied', '2018-12-03']])
  })

  it('follows applied → enrolled → in_training → completed, dating and keeping every change', async () => {
    const learner = await newLearner(t.admin, lyonId)
    const e = (await enrol(learner.id, winter.id)).data
    const enrolled = await move(e.id, 1, { to: 'enrolled', on: '2018-12-13' })
    expect(enrolled.statusCode).toBe(200)
    expect(enrolled.headers.etag).toBe('"2"')
    expect(enrolled.data).toMatchObject({
      stage: 'enrolled',
      stageChangedOn: '2018-12-13',
      nextStages: ['in_training', 'withdrawn'],
    })
    const training = await move(e.id, 2, { to: 'in_training', on: '2019-01-14' })
    expect(training.data).toMatchObject({ stage: 'in_training', exitDate: null, version: 3 })
    // The same day as the previous change is fine.
    const completed = await move(e.id, 3, { to: 'completed', on: '2019-01-14' })
    expect(completed.statusCode).toBe(200)
    const done = await move(completed.data.id, 4, { to: 'withdrawn', on: '2019-04-12', exitReason: 'dropout' })
    expectProblem(done, 409, 'conflict')
    expect(completed.data).toMatchObject({
      stage: 'completed',
      nextStages: [],
      exitDate: '2019-01-14',
      exitReason: 'completed',
      exclusionReason: null,
      version: 4,
    })
    expect(await history(e.id)).toEqual([
      [null, 'applied', '2018-12-03'],
      ['applied', 'enrolled', '2018-12-13'],
      ['enrolled', 'in_training', '2019-01-14'],
      ['in_training', 'completed', '2019-01-14'],
    ])
    const stages = await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${e.id}/stages` })
    expect(stages.data.enrolmentId).toBe(e.id)
    expect(new Date(stages.data.items[3].recordedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(stages.data.items[0].recordedAt).getTime(),
    )
  })

  it('refuses moves the stage machine does not allow (409), naming the current stage and the allowed ones', async () => {
    const learner = await newLearner(t.admin, lyonId)
    const e = (await enrol(learner.id, winter.id)).data
    const skip = await move(e.id, 1, { to: 'in_training', on: '2019-01-14' })
    const problem = expectProblem(skip, 409, 'conflict')
    expect(problem.detail).toBe(
      'The enrolment is at stage "applied": it can move to "jury_rejected", "waitlisted" or "enrolled", not to "in_training".',
    )
    const same = await move(e.id, 1, { to: 'applied', on: '2019-01-14' })
    expectProblem(same, 409, 'conflict')
    const rejected = await move(e.id, 1, { to: 'jury_rejected', on: '2018-12-13' })
    expect(rejected.data).toMatchObject({ stage: 'jury_rejected', nextStages: [], exitDate: null, exitReason: null })
    const afterFinal = await move(e.id, 2, { to: 'enrolled', on: '2018-12-20' })
    expect(expectProblem(afterFinal, 409, 'conflict').detail).toBe(
      'The enrolment is at stage "jury_rejected", which is final: it cannot move to "enrolled".',
    )
    const unknown = await move(e.id, 2, { to: 'graduated', on: '2018-12-20' })
    expect(expectProblem(unknown, 400, 'validation_failed').errors![0]!.field).toBe('/to')
    expect((await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${e.id}` })).data.version).toBe(2)
  })

  it('refuses a move dated before the previous change', async () => {
    const e = await enrolledInWinter()
    const early = await move(e.id, 1, { to: 'in_training', on: '2018-12-12' })
    expect(expectProblem(early, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/on', code: 'date_order', message: expect.stringContaining('2018-12-13') }),
    ])
    const badDay = await move(e.id, 1, { to: 'in_training', on: '2019-02-30' })
    expect(expectProblem(badDay, 400, 'validation_failed').errors![0]!.field).toBe('/on')
    const missing = await move(e.id, 1, { to: 'in_training' })
    expect(expectProblem(missing, 400, 'validation_failed').errors![0]!.field).toBe('/on')
    expect(await history(e.id)).toHaveLength(2)
  })

  it('requires an exit reason to withdraw after entry, and an exclusion reason exactly with `excluded`', async () => {
    const e = await enrolledInWinter()
    const training = await move(e.id, 1, { to: 'in_training', on: '2019-01-14' })
    expect(training.statusCode).toBe(200)
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{}, '/exitReason', 'required'],
      [{ exitReason: 'completed' }, '/exitReason', 'exit_reason'],
      [{ exitReason: 'excluded' }, '/exclusionReason', 'required'],
      [{ exitReason: 'dropout', exclusionReason: 'deceased' }, '/exclusionReason', 'exclusion_reason'],
    ]
    for (const [extra, field, code] of cases) {
      const res = await move(e.id, 2, { to: 'withdrawn', on: '2019-02-20', ...extra })
      expect(expectProblem(res, 400, 'validation_failed').errors).toEqual([expect.objectContaining({ field, code })])
    }
    const excluded = await move(e.id, 2, {
      to: 'withdrawn',
      on: '2019-02-20',
      exitReason: 'excluded',
      exclusionReason: 'moved_away',
    })
    expect(excluded.data).toMatchObject({
      stage: 'withdrawn',
      exitDate: '2019-02-20',
      exitReason: 'excluded',
      exclusionReason: 'moved_away',
      nextStages: [],
    })
  })

  it('withdraws from `enrolled` with an exit reason, and from the waiting list without one', async () => {
    const e = await enrolledInWinter()
    const left = await move(e.id, 1, { to: 'withdrawn', on: '2019-01-07', exitReason: 'left_for_job' })
    expect(left.data).toMatchObject({ exitDate: '2019-01-07', exitReason: 'left_for_job', exclusionReason: null })

    const learner = await newLearner(t.admin, lyonId)
    const w = (await enrol(learner.id, winter.id, { stage: 'waitlisted' })).data
    expect(w.nextStages).toEqual(['enrolled', 'withdrawn'])
    const withReason = await move(w.id, 1, { to: 'withdrawn', on: '2019-01-10', exitReason: 'dropout' })
    expect(expectProblem(withReason, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/exitReason', code: 'exit_reason' }),
    ])
    const gone = await move(w.id, 1, { to: 'withdrawn', on: '2019-01-10' })
    expect(gone.data).toMatchObject({ stage: 'withdrawn', exitDate: null, exitReason: null })

    const other = await enrolledInWinter()
    const reasonOnEntry = await move(other.id, 1, { to: 'in_training', on: '2019-01-14', exitReason: 'dropout' })
    expect(expectProblem(reasonOnEntry, 400, 'validation_failed').errors![0]!.field).toBe('/exitReason')
    const exclusionOnEntry = await move(other.id, 1, {
      to: 'in_training',
      on: '2019-01-14',
      exclusionReason: 'deceased',
    })
    expect(expectProblem(exclusionOnEntry, 400, 'validation_failed').errors![0]!.field).toBe('/exclusionReason')
    const inTraining = await move(other.id, 1, { to: 'in_training', on: '2019-01-14' })
    const wrongCompletion = await move(other.id, inTraining.data.version, {
      to: 'completed',
      on: '2019-04-12',
      exitReason: 'left_for_job',
    })
    expect(expectProblem(wrongCompletion, 400, 'validation_failed').errors![0]!.field).toBe('/exitReason')
    const explicitCompletion = await move(other.id, inTraining.data.version, {
      to: 'completed',
      on: '2019-04-12',
      exitReason: 'completed',
    })
    expect(explicitCompletion.data.exitReason).toBe('completed')
  })

  it('needs If-Match to move an enrolment, and refuses a stale one without writing', async () => {
    const e = await enrolledInWinter()
    const url = `/api/v1/enrolments/${e.id}/transitions`
    const none = await call(t.admin, { method: 'POST', url, payload: { to: 'in_training', on: '2019-01-14' } })
    expectProblem(none, 428, 'precondition_required')
    const stale = await move(e.id, 7, { to: 'in_training', on: '2019-01-14' })
    expectProblem(stale, 412, 'precondition_failed')
    expect(stale.headers.etag).toBe('"1"')
    expect(await history(e.id)).toHaveLength(2)
    expectProblem(
      await move('3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10', 1, { to: 'in_training', on: '2019-01-14' }),
      404,
      'not_found',
    )
  })

  it('creates an enrolment already decided, dating the decision', async () => {
    const learner = await newLearner(t.admin, lyonId)
    const res = await enrol(learner.id, winter.id, { stage: 'enrolled', stageOn: '2018-12-13' })
    expect(res.data).toMatchObject({ stage: 'enrolled', appliedOn: '2018-12-03', stageChangedOn: '2018-12-13' })
    expect(await history(res.data.id)).toEqual([
      [null, 'applied', '2018-12-03'],
      ['applied', 'enrolled', '2018-12-13'],
    ])
    const other = await newLearner(t.admin, lyonId)
    const sameDay = await enrol(other.id, winter.id, { stage: 'waitlisted' })
    expect(sameDay.data.stageChangedOn).toBe('2018-12-03')
    expect(await history(sameDay.data.id)).toEqual([
      [null, 'applied', '2018-12-03'],
      ['applied', 'waitlisted', '2018-12-03'],
    ])

    const third = await newLearner(t.admin, lyonId)
    const late = await enrol(third.id, winter.id, { stage: 'in_training' })
    expect(expectProblem(late, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/stage', code: 'enum' }),
    ])
    const stageOnAlone = await enrol(third.id, winter.id, { stageOn: '2018-12-13' })
    expect(expectProblem(stageOnAlone, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/stageOn', code: 'stage_on' }),
    ])
    const backwards = await enrol(third.id, winter.id, { stage: 'enrolled', stageOn: '2018-12-01' })
    expect(expectProblem(backwards, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/stageOn', code: 'date_order' }),
    ])
  })

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
    expectProblem(
      await call(t.admin, { method: 'DELETE', url: `/api/v1/enrolments/${ghost}`, headers: { 'if-match': '"1"' } }),
      404,
      'not_found',
    )
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
    expectProblem(await call(t.admin, { method: 'DELETE', url: url(plain.id) }), 428, 'precondition_required')
    expectProblem(
      await call(t.admin, { method: 'DELETE', url: url(plain.id), headers: { 'if-match': '"2"' } }),
      412,
      'precondition_failed',
    )
    const del = await call(t.admin, { method: 'DELETE', url: url(plain.id), headers: { 'if-match': '"1"' } })
    expect(del.statusCode).toBe(204)
    expectProblem(await call(t.admin, { method: 'GET', url: url(plain.id) }), 404, 'not_found')
    expectProblem(await call(t.admin, { method: 'GET', url: `${url(plain.id)}/stages` }), 404, 'not_found')

    const observed = await enrolledInWinter()
    await db.insert(outcomeObservations).values({
      enrolmentId: observed.id,
      checkpoint: 'exit',
      observedOn: '2019-04-12',
      situation: 'job_seeking',
      source: 'self_declared',
    })
    const inUse = await call(t.admin, { method: 'DELETE', url: url(observed.id), headers: { 'if-match': '"1"' } })
    expect(expectProblem(inUse, 409, 'in_use').detail).toMatch(/1 outcome observation/)

    const interned = await enrolledInWinter()
    const [host] = await db.select().from(organisations).limit(1)
    await db.insert(internships).values({
      enrolmentId: interned.id,
      hostOrganisationId: host!.id,
      startDate: '2019-03-01',
      endDate: '2019-03-29',
    })
    const withInternship = await call(t.admin, {
      method: 'DELETE',
      url: url(interned.id),
      headers: { 'if-match': '"1"' },
    })
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
    expectProblem(
      await call(t.admin, { method: 'DELETE', url, headers: { 'if-match': '"7"' } }),
      412,
      'precondition_failed',
    )
    expect(await enrolmentEvents()).toBe(before)

    expect((await move(e.id, 1, { to: 'enrolled', on: '2018-12-13' })).statusCode).toBe(200)
    expect((await patch(e.id, 2, { drivingLicenceObtained: true })).statusCode).toBe(200)
    expect((await call(t.admin, { method: 'DELETE', url, headers: { 'if-match': '"3"' } })).statusCode).toBe(204)
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
