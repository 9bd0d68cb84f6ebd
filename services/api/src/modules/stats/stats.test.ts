import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { call, expectProblem } from '../../../test/helpers.js'
import { t, id, staff, get, useStatsScenario } from './stats.scenario.js'

useStatsScenario()

describe('metric definitions', () => {
  it('lists r_positive, r_employment and r_lasting v1 with their names, rules and target', async () => {
    const res = await get('/metrics')
    expect(res.statusCode).toBe(200)
    expect(res.data.items.map((m: any) => `${m.id}@${m.version}`)).toEqual([
      'r_employment@1',
      'r_lasting@1',
      'r_positive@1',
    ])
    const positive = res.data.items.find((m: any) => m.id === 'r_positive')
    expect(positive).toMatchObject({
      latest: true,
      name: { fr: 'Taux de sorties positives', en: 'Positive exit rate' },
      target: 0.8,
      definition: {
        defaultBasis: 'entrants',
        defaultCheckpoint: 'm6',
        numerator: ['employed_lasting', 'employed_other', 'work_study', 'qualifying_training'],
        removedFromDenominator: [],
        checkpoints: { m6: { dueMonths: 6, window: { from: { months: 4, days: 0 }, to: { months: 8, days: 0 } } } },
        unknown: { categories: ['unknown'], headline: 'not_placed' },
        interval: { method: 'wilson', z: 1.959964 },
        maturity: { graceDays: 30 },
        suppression: { minDenominator: 20, smallCell: { min: 1, max: 4, counts: 'population' } },
      },
    })
    const employment = res.data.items.find((m: any) => m.id === 'r_employment')
    expect(employment.target).toBeNull()
    expect(employment.definition.removedFromDenominator).toEqual(['work_study', 'qualifying_training'])
    expect(res.data.items.find((m: any) => m.id === 'r_lasting').definition.numerator).toEqual(['employed_lasting'])
  })

  it('reads one definition, at its latest version or the one asked for, and 404s otherwise', async () => {
    const res = await get('/metrics/r_lasting')
    expect(res.data).toMatchObject({ id: 'r_lasting', version: 1, name: { en: 'Lasting employment rate' } })
    expect((await get('/metrics/r_lasting?version=1')).data.version).toBe(1)
    expectProblem(await get('/metrics/r_lasting?version=2'), 404, 'not_found')
    expectProblem(await get('/metrics/r_unknown'), 404, 'not_found')
    expectProblem(await get('/metrics/R%20bad'), 400, 'validation_failed')
  })
})

describe('hand-computed scenarios (network staff view)', () => {
  it('keeps the CDI, else the longest contract, else the nearest; a failed contact does not hide a later answer', async () => {
    const positive = await staff({ cohortId: id.ka })
    expect(positive.total).toMatchObject({
      population: 10,
      excluded: 0,
      denominator: 10,
      numerator: 7,
      unknown: 3,
      responseRate: 0.7,
      rate: 0.7,
      bounds: { noUnknownPlaced: 0.7, allUnknownPlaced: 1 },
      target: 0.8,
      gapToTarget: -0.1,
      suppressed: false,
    })
    // Lasting: the CDI of person 1, the 9-month temp contract of person 2, the CDI of person 5.
    const lasting = await staff({ cohortId: id.ka, metric: 'r_lasting' })
    expect(lasting.total).toMatchObject({ denominator: 10, numerator: 3, rate: 0.3, target: null, gapToTarget: null })
    // Employment: 5 employed over 10 − 1 work-study − 1 training; unknowns stay in the denominator.
    const employment = await staff({ cohortId: id.ka, metric: 'r_employment' })
    expect(employment.total).toMatchObject({
      population: 10,
      denominator: 8,
      numerator: 5,
      unknown: 3,
      rate: 0.625,
      responseRate: 0.625,
      bounds: { noUnknownPlaced: 0.625, allUnknownPlaced: 1 },
    })
    // Nothing was observed at 12 months: everyone unknown, counted as not placed.
    const m12 = await staff({ cohortId: id.ka, checkpoint: 'm12' })
    expect(m12.total).toMatchObject({ denominator: 10, numerator: 0, unknown: 10, rate: 0, responseRate: 0 })
  })

  it('recomputes as of a moment: before a correction, after it, and now', async () => {
    const asOf = async (moment?: string) =>
      (await staff({ cohortId: id.kb, ...(moment ? { asOf: moment } : {}) })).total
    // 1 Feb 2020: person 1 job seeking (not yet corrected), person 2 not yet recorded, person 3 inactive.
    expect(await asOf('2020-02-01T00:00:00Z')).toMatchObject({ denominator: 3, numerator: 0, unknown: 1 })
    // 20 Feb: person 2's job is recorded.
    expect(await asOf('2020-02-20T00:00:00Z')).toMatchObject({ numerator: 1, unknown: 0 })
    // 1 April: the correction of person 1 is recorded.
    expect(await asOf('2020-04-01T00:00:00Z')).toMatchObject({ numerator: 2, unknown: 0, rate: 0.6667 })
    // Now, from the tables kept on write: the same.
    expect(await asOf()).toMatchObject({ numerator: 2, unknown: 0, rate: 0.6667 })
    // Before anything was recorded.
    expect(await asOf('2020-01-01T00:00:00Z')).toMatchObject({ numerator: 0, unknown: 3 })
  })

  it('takes exclusions out of both sides, counts dropouts among entrants only', async () => {
    const entrants = await staff({ cohortId: id.kc })
    // Entrants: 6 exited past their trial period (not the one never integrated, not the one still training).
    expect(entrants.total).toMatchObject({
      population: 6,
      excluded: 1,
      denominator: 5,
      numerator: 3,
      unknown: 1,
      rate: 0.6,
    })
    const completers = await staff({ cohortId: id.kc, basis: 'completers' })
    expect(completers.basis).toBe('completers')
    expect(completers.total).toMatchObject({ population: 2, excluded: 0, denominator: 2, numerator: 1, rate: 0.5 })
  })

  it('is provisional until every member is 30 days past the checkpoint, and says how much is covered', async () => {
    const check = async (now: string, coverage: number, maturity: string) => {
      for (const query of [{ exitYear: 2017 }, { cohortId: id.kd }]) {
        const fast = await staff(query, now)
        expect(fast.total).toMatchObject({ population: 5, coverage, maturity })
        const exact = await staff({ ...query, asOf: now }, '2026-01-01T00:00:00Z')
        expect(exact.total).toMatchObject({ coverage, maturity })
      }
    }
    await check('2018-02-01T12:00:00Z', 0.4, 'provisional')
    await check('2018-03-29T12:00:00Z', 0.8, 'provisional')
    // 31 August + 6 months is 28 February 2018; + 30 days is 30 March.
    await check('2018-03-30T00:00:00Z', 1, 'final')
    const exitCheckpoint = await staff({ cohortId: id.kd, checkpoint: 'exit' }, '2017-07-20T12:00:00Z')
    // At exit, on 20 July: only the 31 May exit is 30 days past (30 June + 30 days is 30 July).
    expect(exitCheckpoint.total).toMatchObject({ coverage: 0.2, maturity: 'provisional' })
  })

  it('gives Wilson intervals at 8/10, 38/48, 189/236, 0/n and n/n', async () => {
    expect((await staff({ cohortId: id.f10 })).total.ci95).toEqual({ low: 0.4902, high: 0.9433 })
    expect((await staff({ cohortId: id.none })).total).toMatchObject({ rate: 0, ci95: { low: 0, high: 0.1332 } })
    expect((await staff({ cohortId: id.all })).total).toMatchObject({ rate: 1, ci95: { low: 0.8668, high: 1 } })
    const public48 = await get(`/stats/placement?cohortId=${id.f48}`)
    expect(public48.data.total).toMatchObject({ numerator: 38, denominator: 48, ci95: { low: 0.6574, high: 0.8827 } })
    const public236 = await get(`/stats/placement?cohortId=${id.f236}`)
    expect(public236.data.total).toMatchObject({ rate: 0.8008, ci95: { low: 0.7453, high: 0.8468 } })
  })
})

describe('response rate by source', () => {
  const asAdmin = (url: string) => call(t.app, { method: 'GET', url: `/api/v1${url}`, headers: t.asAdmin })
  const split = (r: any) => Object.fromEntries(r.data.responseBySource.map((s: any) => [s.source, s.responses]))

  it('says in the definitions that every source counts, the learner’s own answers included', async () => {
    for (const m of (await get('/metrics')).data.items) {
      expect(m.definition.observation.sources).toEqual([
        'self_declared',
        'employer_confirmed',
        'document',
        'partner_report',
        'self_report',
      ])
    }
  })

  it('splits the known situations of the denominator by the source of the observation counted (staff)', async () => {
    const url = `/stats/placement?cohortId=${id.ks}&responseBySource=true`
    const positive = await asAdmin(url)
    expect(positive.data.total).toMatchObject({ denominator: 10, unknown: 2, responseRate: 0.8 })
    expect(split(positive)).toEqual({
      self_declared: 1, // the correction, not the self-report it supersedes
      employer_confirmed: 1,
      document: 1,
      partner_report: 2,
      self_report: 3,
    })
    expect(positive.data.responseBySource.find((s: any) => s.source === 'self_report').rate).toBe(0.3)
    // r_employment: work-study leaves the denominator, and so its source's count.
    const employment = await asAdmin(`${url}&metric=r_employment`)
    expect(employment.data.total).toMatchObject({ denominator: 9, unknown: 2 })
    expect(split(employment)).toMatchObject({ document: 0, self_report: 3, partner_report: 2 })
    // The same from the records at a moment (read-time resolution), and for the whole campus.
    const exact = await asAdmin(`${url}&asOf=${encodeURIComponent(new Date().toISOString())}`)
    expect(split(exact)).toEqual(split(positive))
    expect(split(await asAdmin(`/stats/placement?campusId=${id.sources}&responseBySource=true`))).toEqual(
      split(positive),
    )
    // Not asked: not computed.
    expect((await asAdmin(`/stats/placement?cohortId=${id.ks}`)).data.responseBySource).toBeUndefined()
  })

  it('honours a definition that names the sources it counts: the others are ignored', async () => {
    const db = t.database.db
    await db.execute(sql`insert into metric_definitions
      (id, version, name_fr, name_en, description_fr, description_en, definition, target)
      select 'r_staff_only', 1, name_fr, name_en, description_fr, description_en,
        jsonb_set(definition, '{observation,sources}', '["self_declared","employer_confirmed","document","partner_report"]'),
        target
      from metric_definitions where id = 'r_positive' and version = 1`)
    try {
      // A write outside the API reaches the data version watch (LISTEN, on PostgreSQL) a moment later.
      const url = `/stats/placement?cohortId=${id.ks}&metric=r_staff_only&responseBySource=true`
      let res = await asAdmin(url)
      for (let i = 0; i < 100 && res.statusCode === 404; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        res = await asAdmin(url)
      }
      // The three self-reports no longer count: those people are unknown; the corrected one is not.
      expect(res.data.total).toMatchObject({ denominator: 10, unknown: 5, numerator: 2 })
      expect(split(res)).toMatchObject({ self_report: 0, self_declared: 1, partner_report: 2 })
    } finally {
      await db.execute(sql`delete from metric_definitions where id = 'r_staff_only'`)
    }
  })

  it('is not published: the release has no counts by source', async () => {
    expectProblem(await get(`/stats/placement?campusId=${id.sources}&responseBySource=true`), 403, 'not_published')
  })
})
