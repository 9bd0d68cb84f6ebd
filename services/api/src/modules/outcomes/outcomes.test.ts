import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectProblem } from '../../../test/helpers.js'
import { addDays, todayUtc } from '@trajectoires/contract/rules'
import { t, fx, cohort, exited, post, employedAtM6, issues, useOutcomeScenario } from './outcomes.scenario.js'

useOutcomeScenario()

describe('recording outcome observations', () => {
  it('records an observation and reads it back, with its Location', async () => {
    const e = await exited()
    const employer = await fx.organisation('Telenco')
    const res = await post(e.id, { ...employedAtM6, employerOrganisationId: employer.id, startedOn: '2019-09-02' })
    expect(res.statusCode).toBe(201)
    expect(res.headers.location).toBe(`/api/v1/observations/${res.data.id}`)
    expect(res.data).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      enrolmentId: e.id,
      checkpoint: 'm6',
      observedOn: '2019-09-16',
      situation: 'employed',
      contractType: 'cdd',
      contractMonths: 12,
      employerOrganisationId: employer.id,
      inFibreSector: true,
      startedOn: '2019-09-02',
      source: 'employer_confirmed',
      supersedes: null,
      supersededBy: null,
      current: true,
      provenance: 'user',
      importId: null,
      recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    })
    const read = await call(t.admin, { method: 'GET', url: res.headers.location as string })
    expect(read.statusCode).toBe(200)
    expect(read.data).toEqual(res.data)
  })

  it('refuses an observation identical to one recorded (409 duplicate), but takes a correction restoring it', async () => {
    const e = await exited()
    const first = await post(e.id, employedAtM6)
    expect(first.statusCode).toBe(201)
    const again = expectProblem(await post(e.id, employedAtM6), 409, 'duplicate')
    expect(again.detail).toContain(first.data.id)
    // Another value, or another checkpoint's observation, is recorded.
    const other = await post(e.id, { ...employedAtM6, contractMonths: 18 })
    expect(other.statusCode).toBe(201)
    const fix = await post(e.id, { ...employedAtM6, contractMonths: 6, supersedes: other.data.id })
    expect(fix.statusCode).toBe(201)
    const restore = await post(e.id, { ...employedAtM6, supersedes: fix.data.id })
    expect(restore.statusCode).toBe(201)
  })

  it('stores the optional facts as null when they are left out', async () => {
    const e = await exited()
    const res = await post(e.id, {
      checkpoint: 'exit',
      observedOn: '2019-03-15',
      situation: 'job_seeking',
      source: 'self_declared',
    })
    expect(res.statusCode).toBe(201)
    expect(res.data).toMatchObject({
      situation: 'job_seeking',
      contractType: null,
      contractMonths: null,
      employerOrganisationId: null,
      inFibreSector: null,
    })
  })

  it('answers 404 for an unknown enrolment or observation', async () => {
    const missing = '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10'
    expect(expectProblem(await post(missing, employedAtM6), 404, 'not_found').detail).toMatch(/Enrolment/)
    expectProblem(
      await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${missing}/observations` }),
      404,
      'not_found',
    )
    expectProblem(await call(t.admin, { method: 'GET', url: `/api/v1/observations/${missing}` }), 404, 'not_found')
    expectProblem(
      await call(t.admin, { method: 'GET', url: '/api/v1/observations/not-a-uuid' }),
      400,
      'validation_failed',
    )
  })

  it('refuses an observation of an enrolment that has not exited (409)', async () => {
    const inTraining = await fx.enrolment(cohort, { exitDate: null })
    const res = await post(inTraining.id, employedAtM6)
    expect(expectProblem(res, 409, 'conflict').detail).toMatch(/has not exited yet/)
    const history = await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${inTraining.id}/observations` })
    expect(history.data).toMatchObject({
      exitDate: null,
      windows: null,
      items: [],
      current: { exit: null, m6: null, m12: null },
    })
  })

  it('accepts an observation of an excluded enrolment (it only leaves the statistics and the follow-ups)', async () => {
    const e = await fx.enrolment(cohort, {
      exitDate: '2019-03-15',
      exitReason: 'excluded',
      exclusionReason: 'moved_away',
    })
    expect((await post(e.id, employedAtM6)).statusCode).toBe(201)
  })

  it('refuses unknown fields, bad enums and a contract length under 1 (schema)', async () => {
    const e = await exited()
    expect(
      await issues(e.id, { ...employedAtM6, checkpoint: 'm3', contractMonths: 0, source: 'rumour', employer: 'x' }),
    ).toEqual(['/checkpoint:enum', '/contractMonths:minimum', '/employer:additionalProperties', '/source:enum'])
    expect(await issues(e.id, { checkpoint: 'm6', observedOn: '2019-02-30', situation: 'employed' })).toEqual([
      '/observedOn:format',
      '/source:required',
    ])
  })
})

describe('contract rules', () => {
  let e: { id: string }
  beforeAll(async () => {
    e = await exited()
  })

  it('requires a contract type for employed and work_study', async () => {
    const { contractType: _ct, contractMonths: _cm, ...noContract } = employedAtM6
    expect(await issues(e.id, noContract)).toEqual(['/contractType:contract_required'])
    expect(await issues(e.id, { ...noContract, situation: 'work_study' })).toEqual(['/contractType:contract_required'])
  })

  it('takes apprenticeship or professionalisation for work_study, and any other type for employed', async () => {
    expect(await issues(e.id, { ...employedAtM6, situation: 'work_study', contractType: 'cdd' })).toEqual([
      '/contractType:contract_situation',
    ])
    expect(await issues(e.id, { ...employedAtM6, contractType: 'apprenticeship', contractMonths: 24 })).toEqual([
      '/contractType:contract_situation',
    ])
    const ok = await post(e.id, { ...employedAtM6, situation: 'work_study', contractType: 'professionalisation' })
    expect(ok.statusCode).toBe(201)
    expect(ok.data).toMatchObject({ situation: 'work_study', contractType: 'professionalisation', contractMonths: 12 })
  })

  it('refuses a contract type for a situation without a job', async () => {
    for (const situation of ['job_seeking', 'inactive', 'unreachable', 'qualifying_training']) {
      const res = await post(e.id, {
        checkpoint: 'm6',
        observedOn: '2019-09-16',
        situation,
        contractType: 'cdd',
        source: 'self_declared',
      })
      const problem = expectProblem(res, 400, 'validation_failed')
      expect(problem.errors).toEqual([
        expect.objectContaining({ field: '/contractType', code: 'contract_not_applicable' }),
      ])
      expect(problem.errors![0]!.message).toContain(situation)
    }
  })

  it('refuses a contract length for open-ended contracts and without a contract', async () => {
    for (const contractType of ['cdi', 'cdi_interim', 'civil_service', 'self_employed']) {
      expect(await issues(e.id, { ...employedAtM6, contractType })).toEqual([
        '/contractMonths:contract_months_open_ended',
      ])
    }
    expect(
      await issues(e.id, {
        checkpoint: 'm6',
        observedOn: '2019-09-16',
        situation: 'job_seeking',
        contractMonths: 3,
        source: 'self_declared',
      }),
    ).toEqual(['/contractMonths:contract_months_not_applicable'])
    const cdi = await post(e.id, { ...employedAtM6, contractType: 'cdi', contractMonths: undefined })
    expect(cdi.statusCode).toBe(201)
    expect(cdi.data).toMatchObject({ contractType: 'cdi', contractMonths: null })
    for (const contractType of ['temp_agency', 'subsidised']) {
      expect((await post(e.id, { ...employedAtM6, contractType, contractMonths: 6 })).statusCode).toBe(201)
    }
  })

  it('takes an employer only with a job, and only an existing one (400)', async () => {
    const base = { checkpoint: 'm6', observedOn: '2019-09-16', source: 'self_declared' }
    const employer = await fx.organisation()
    expect(await issues(e.id, { ...base, situation: 'job_seeking', employerOrganisationId: employer.id })).toEqual([
      '/employerOrganisationId:employer_not_applicable',
    ])
    const unknown = await post(e.id, {
      ...employedAtM6,
      employerOrganisationId: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10',
    })
    expect(expectProblem(unknown, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/employerOrganisationId', code: 'exists' }),
    ])
  })

  it('takes the fibre sector flag only for a job, work-study or training', async () => {
    const base = { checkpoint: 'm6', observedOn: '2019-09-16', source: 'self_declared' }
    expect(await issues(e.id, { ...base, situation: 'inactive', inFibreSector: false })).toEqual([
      '/inFibreSector:sector_not_applicable',
    ])
    const training = await post(e.id, { ...base, situation: 'qualifying_training', inFibreSector: true })
    expect(training.statusCode).toBe(201)
    expect(training.data.inFibreSector).toBe(true)
  })

  it('reports every broken rule at once', async () => {
    expect(
      await issues(e.id, {
        checkpoint: 'm6',
        observedOn: '2019-03-14',
        situation: 'unreachable',
        contractType: 'cdi',
        contractMonths: 6,
        employerOrganisationId: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10',
        inFibreSector: true,
        source: 'partner_report',
      }),
    ).toEqual([
      '/contractMonths:contract_months_open_ended',
      '/contractType:contract_not_applicable',
      '/employerOrganisationId:employer_not_applicable',
      '/employerOrganisationId:exists',
      '/inFibreSector:sector_not_applicable',
      '/observedOn:observed_before_exit',
    ])
  })
})

describe('dates and checkpoint windows', () => {
  let e: { id: string }
  beforeAll(async () => {
    e = await exited('2019-08-31')
  })
  const at = (checkpoint: string, observedOn: string) =>
    post(e.id, { checkpoint, observedOn, situation: 'job_seeking', source: 'self_declared' })

  it('refuses a day before the exit date', async () => {
    const res = await at('exit', '2019-08-30')
    expect(expectProblem(res, 400, 'validation_failed').errors).toEqual([
      {
        in: 'body',
        field: '/observedOn',
        code: 'observed_before_exit',
        message: "is before the enrolment's exit date (2019-08-31)",
      },
    ])
  })

  it('exit: from the exit date to exit + 45 days', async () => {
    expect((await at('exit', '2019-08-31')).statusCode).toBe(201)
    expect((await at('exit', '2019-10-15')).statusCode).toBe(201)
    const late = await at('exit', '2019-10-16')
    expect(expectProblem(late, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({
        field: '/observedOn',
        code: 'checkpoint_window',
        message: expect.stringContaining('between 2019-08-31 and 2019-10-15'),
      }),
    ])
  })

  it('m6: from exit + 4 months to exit + 8 months, month ends clamped', async () => {
    // 31 August + 4 months = 31 December; + 8 months = 30 April.
    expect(
      await issues(e.id, {
        checkpoint: 'm6',
        observedOn: '2019-12-30',
        situation: 'job_seeking',
        source: 'self_declared',
      }),
    ).toEqual(['/observedOn:checkpoint_window'])
    expect((await at('m6', '2019-12-31')).statusCode).toBe(201)
    expect((await at('m6', '2020-04-30')).statusCode).toBe(201)
    const late = await at('m6', '2020-05-01')
    expect(expectProblem(late, 400, 'validation_failed').errors![0]!.message).toMatch(
      /between 2019-12-31 and 2020-04-30/,
    )
  })

  it('m12: from exit + 10 months to exit + 14 months', async () => {
    expect((await at('m12', '2020-06-29')).statusCode).toBe(400)
    expect((await at('m12', '2020-06-30')).statusCode).toBe(201)
    expect((await at('m12', '2020-10-31')).statusCode).toBe(201)
    expect((await at('m12', '2020-11-01')).statusCode).toBe(400)
    // An m6 date is not an m12 one.
    expect((await at('m12', '2020-02-29')).statusCode).toBe(400)
  })

  it('refuses a day in the future', async () => {
    const recent = await exited(addDays(todayUtc(), -5))
    const tomorrow = await post(recent.id, {
      checkpoint: 'exit',
      observedOn: addDays(todayUtc(), 1),
      situation: 'job_seeking',
      source: 'self_declared',
    })
    expect(expectProblem(tomorrow, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/observedOn', code: 'observed_in_future' }),
    ])
    const today = await post(recent.id, {
      checkpoint: 'exit',
      observedOn: todayUtc(),
      situation: 'job_seeking',
      source: 'self_declared',
    })
    expect(today.statusCode).toBe(201)
  })
})
