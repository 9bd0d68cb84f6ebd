import { describe, expect, it } from 'vitest'
import { call, expectCreated, expectProblem, expectReadBack } from '../../../test/helpers.js'
import { newLearner } from './enrolments.fixtures.js'
import {
  t,
  lyonId,
  winter,
  enrol,
  move,
  history,
  enrolledInWinter,
  useEnrolmentScenario,
} from './enrolments.scenario.js'

useEnrolmentScenario()

describe('enrolments', () => {
  it('enrols a learner at `applied`, with the learner and cohort summarised and the first history entry', async () => {
    const learner = await newLearner(t.admin, lyonId, { reference: 'LYO-2019-014', birthYear: 2001 })
    const res = await enrol(learner.id, winter.id)
    expectCreated(res, '/api/v1/enrolments')
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
    await expectReadBack(t.admin, res)
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
})
