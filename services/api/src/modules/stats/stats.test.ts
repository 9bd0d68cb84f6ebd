import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { buildApp } from '../../app.js'
import { loadConfig } from '../../config.js'
import { call, createTestApp, expectProblem, type TestContext } from '../../../test/helpers.js'
import { createStatsFixtures, type StatsFixtures } from './stats.fixtures.js'
import { createStatsRepository } from './stats.repository.js'
import { createStatsService } from './stats.service.js'

let t: TestContext
let f: StatsFixtures
const id: Record<string, string> = {}
/** The service as network staff see it (no suppression): hand-computed scenarios use few people. */
let staff: (query: Record<string, unknown>, now?: string) => Promise<any>

const get = (url: string, headers: Record<string, string> = {}) =>
  call(t.app, { method: 'GET', url: `/api/v1${url}`, headers })
const at = (iso: string) => new Date(iso)

beforeAll(async () => {
  t = await createTestApp()
  f = createStatsFixtures(t.database.db)
  staff = (query, now) =>
    createStatsService({
      repository: createStatsRepository(t.database.db),
      ...(now ? { now: () => new Date(now) } : {}),
    }).compute(query as never, 'network_staff')

  const campus = (id.campus = await f.campus('Plombiers Lyon'))

  // A: several observations at the checkpoint (exit 30 June 2019, +6 months = 30 December 2019).
  const ka = (id.ka = await f.cohort(campus, { name: 'A' }))
  const a = async (observations: Parameters<StatsFixtures['observe']>[1][]) => {
    const e = await f.person(campus, ka)
    for (const o of observations) await f.observe(e, o)
  }
  await a([
    { observedOn: '2019-12-30', situation: 'employed', contractType: 'cdd', contractMonths: 3 },
    { observedOn: '2019-12-30', situation: 'employed', contractType: 'cdi' },
  ]) // CDI kept: lasting
  await a([
    { observedOn: '2019-12-30', situation: 'employed', contractType: 'cdd', contractMonths: 4 },
    { observedOn: '2019-12-30', situation: 'employed', contractType: 'temp_agency', contractMonths: 9 },
  ]) // the longest: 9-month temp, lasting
  await a([
    { observedOn: '2019-12-30', situation: 'employed', contractType: 'cdd', contractMonths: 3 },
    { observedOn: '2020-01-20', situation: 'employed', contractType: 'cdi' },
  ]) // the nearest: 3-month CDD, employed but not lasting
  await a([
    { observedOn: '2019-12-30', situation: 'employed', contractType: 'cdd', contractMonths: 5 },
    { observedOn: '2019-12-30', situation: 'employed', contractType: 'subsidised', contractMonths: null },
  ]) // a known length before an unknown one: 5-month CDD, not lasting
  await a([
    { observedOn: '2019-12-20', situation: 'job_seeking' },
    { observedOn: '2020-01-09', situation: 'employed', contractType: 'cdi' },
  ]) // ten days either side: the CDI first
  await a([
    { observedOn: '2019-12-30', situation: 'unreachable' },
    { observedOn: '2020-02-10', situation: 'work_study', contractType: 'apprenticeship' },
  ]) // a failed contact says nothing: the work-study contract
  await a([{ observedOn: '2019-12-30', situation: 'unreachable' }]) // unknown
  await a([]) // unknown
  await a([{ observedOn: '2020-03-15', situation: 'employed', contractType: 'cdi' }]) // outside the window: unknown
  await a([{ observedOn: '2019-12-30', situation: 'qualifying_training' }])

  // B: corrections recorded over time.
  const kb = (id.kb = await f.cohort(campus, { name: 'B' }))
  const b1 = await f.person(campus, kb)
  const wrong = await f.observe(b1, {
    observedOn: '2019-12-30',
    situation: 'job_seeking',
    recordedAt: at('2020-01-10T09:00:00Z'),
  })
  await f.observe(b1, {
    observedOn: '2019-12-30',
    situation: 'employed',
    contractType: 'cdi',
    supersedes: wrong,
    recordedAt: at('2020-03-01T09:00:00Z'),
  })
  const b2 = await f.person(campus, kb)
  await f.observe(b2, {
    observedOn: '2020-01-05',
    situation: 'employed',
    contractType: 'cdd',
    contractMonths: 12,
    recordedAt: at('2020-02-15T09:00:00Z'),
  })
  const b3 = await f.person(campus, kb)
  await f.observe(b3, { observedOn: '2019-12-30', situation: 'inactive', recordedAt: at('2020-01-10T09:00:00Z') })

  // C: exclusions, dropouts, bases.
  const kc = (id.kc = await f.cohort(campus, { name: 'C' }))
  const c1 = await f.person(campus, kc)
  await f.observe(c1, { observedOn: '2019-12-30', situation: 'employed' })
  const c2 = await f.person(campus, kc)
  await f.observe(c2, { observedOn: '2019-12-30', situation: 'job_seeking' })
  const c3 = await f.person(campus, kc, { reason: 'dropout', exit: '2019-04-10' })
  await f.observe(c3, { observedOn: '2019-10-10', situation: 'employed', contractType: 'cdd', contractMonths: 2 })
  await f.person(campus, kc, { reason: 'dropout', exit: '2019-04-10' })
  const c5 = await f.person(campus, kc, { reason: 'excluded', exclusion: 'moved_away', exit: '2019-05-01' })
  await f.observe(c5, { observedOn: '2019-11-01', situation: 'employed' })
  const c6 = await f.person(campus, kc, { reason: 'left_for_job', exit: '2019-05-15' })
  await f.observe(c6, { observedOn: '2019-11-15', situation: 'employed' })
  await f.person(campus, kc, { reason: 'dropout', exit: '2019-04-01', integration: null }) // never an entrant
  await f.person(campus, kc, { reason: null, exit: null }) // still training

  // S: where the counted observations come from (exits 30 June 2019, a campus of its own).
  const sources = (id.sources = await f.campus('Campus sources'))
  const ks = (id.ks = await f.cohort(sources, { name: 'S' }))
  const said = async (...observations: Parameters<StatsFixtures['observe']>[1][]) => {
    const e = await f.person(sources, ks)
    for (const o of observations) await f.observe(e, o)
  }
  const m6 = '2019-12-30'
  for (let i = 0; i < 3; i++) await said({ observedOn: m6, situation: 'employed', source: 'self_report' })
  for (let i = 0; i < 2; i++) await said({ observedOn: m6, situation: 'job_seeking', source: 'partner_report' })
  await said({ observedOn: m6, situation: 'employed', source: 'employer_confirmed' })
  await said({ observedOn: m6, situation: 'work_study', source: 'document' })
  await said({ observedOn: m6, situation: 'unreachable', source: 'self_declared' }) // a failed call: no answer
  await said() // nothing at all
  // A self-report corrected by staff: the correction counts, and its source.
  const corrected = await f.person(sources, ks)
  const answer = await f.observe(corrected, { observedOn: m6, situation: 'employed', source: 'self_report' })
  await f.observe(corrected, { observedOn: m6, situation: 'job_seeking', source: 'self_declared', supersedes: answer })

  // D: maturity, with exits in 2017 only.
  const kd = (id.kd = await f.cohort(campus, { name: 'D', start: '2017-02-01', end: '2017-06-30' }))
  for (const exit of ['2017-06-30', '2017-07-15', '2017-08-01', '2017-05-31', '2017-08-31']) {
    await f.person(campus, kd, { exit, reason: 'left_for_job', integration: '2017-03-01' })
  }

  // E: thresholds; F: Wilson reference points.
  const placedUnless = (placed: number) => (i: number) => ({
    observations: [
      { observedOn: '2019-12-30', situation: i < placed ? ('employed' as const) : ('job_seeking' as const) },
    ],
  })
  for (const [name, n, placed] of [
    ['e19', 19, 15],
    ['e20', 20, 15],
    ['f10', 10, 8],
    ['f48', 48, 38],
    ['f236', 236, 189],
    ['none', 25, 0],
    ['all', 25, 25],
  ] as const) {
    id[name] = await f.cohort(campus, { name })
    await f.crowd(campus, id[name]!, n, placedUnless(placed))
  }

  // H: suppression across campuses. 2020 exits: 3, 15, 22, 30, 45 people.
  const exit2020 = { exit: '2020-06-30', integration: '2020-03-15' }
  const obs2020 = (placed: boolean) => [
    { observedOn: '2020-12-30', situation: placed ? ('employed' as const) : ('job_seeking' as const) },
  ]
  for (const [name, n, placed] of [
    ['p1', 3, 2],
    ['p5', 15, 11],
    ['p2', 22, 17],
    ['p3', 30, 21],
    ['p4', 45, 40],
  ] as const) {
    id[name] = await f.campus(`Campus ${name}`)
    const cohort = await f.cohort(id[name]!, { start: '2020-03-01', end: '2020-06-30' })
    await f.crowd(id[name]!, cohort, n, (i) => ({ person: exit2020, observations: obs2020(i < placed) }))
  }
  // 2021 exits, by campus and sex: Q1 3 women (2 placed) + 12 men (8); Q2 10 (6) + 15 (11); Q3 20 (15) + 20 (14).
  const exit2021 = (sex: 'female' | 'male') => ({ exit: '2021-06-30', integration: '2021-03-15', sex })
  for (const [name, women, womenPlaced, men, menPlaced] of [
    ['q1', 3, 2, 12, 8],
    ['q2', 10, 6, 15, 11],
    ['q3', 20, 15, 20, 14],
  ] as const) {
    id[name] = await f.campus(`Campus ${name}`)
    const cohort = await f.cohort(id[name]!, { start: '2021-03-01', end: '2021-06-30' })
    const obs = (placed: boolean) => [
      { observedOn: '2021-12-30', situation: placed ? ('employed' as const) : ('inactive' as const) },
    ]
    await f.crowd(id[name]!, cohort, women, (i) => ({ person: exit2021('female'), observations: obs(i < womenPlaced) }))
    await f.crowd(id[name]!, cohort, men, (i) => ({ person: exit2021('male'), observations: obs(i < menPlaced) }))
  }
})
afterAll(() => t.close())

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

describe('GET /stats/placement (public)', () => {
  it('answers the documented shape, rates as fractions', async () => {
    const res = await get(`/stats/placement?cohortId=${id.f48}&checkpoint=m6&basis=entrants`)
    expect(res.statusCode).toBe(200)
    expect(Object.keys(res.data)).toEqual([
      'metric',
      'basis',
      'checkpoint',
      'asOf',
      'filters',
      'total',
      'groups',
      'release',
    ])
    expect(res.data).toMatchObject({
      metric: { id: 'r_positive', version: 1 },
      basis: 'entrants',
      checkpoint: 'm6',
      filters: { cohortId: id.f48, campusId: null, exitYear: null, groupBy: [] },
      groups: [],
    })
    // The public release never publishes the population and exclusions, only members not excluded.
    expect(res.data.total).toEqual({
      population: null,
      excluded: null,
      denominator: 48,
      numerator: 38,
      unknown: 0,
      responseRate: 1,
      rate: 0.7917,
      ci95: { low: 0.6574, high: 0.8827 },
      bounds: { noUnknownPlaced: 0.7917, allUnknownPlaced: 0.7917 },
      maturity: 'final',
      coverage: 1,
      suppressed: false,
      suppressionReason: null,
      target: 0.8,
      gapToTarget: -0.0083,
    })
  })

  it('suppresses a rate on 19, shows it on 20', async () => {
    const nineteen = await get(`/stats/placement?cohortId=${id.e19}`)
    expect(nineteen.data.total).toMatchObject({
      population: null,
      denominator: 19,
      numerator: null,
      unknown: null,
      responseRate: null,
      rate: null,
      ci95: null,
      bounds: null,
      gapToTarget: null,
      suppressed: true,
      suppressionReason: 'small_denominator',
    })
    const twenty = await get(`/stats/placement?cohortId=${id.e20}`)
    expect(twenty.data.total).toMatchObject({
      denominator: 20,
      numerator: 15,
      rate: 0.75,
      ci95: { low: 0.5313, high: 0.8881 },
      suppressed: false,
      suppressionReason: null,
    })
  })

  it('answers CSV for French spreadsheets, with the JSON values', async () => {
    // As network staff: every figure is there to compare (the public CSV is the same writer).
    const json = await get('/stats/placement?exitYear=2021&groupBy=campus', t.asAdmin)
    const csv = await get('/stats/placement?exitYear=2021&groupBy=campus&format=csv', t.asAdmin)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.body.startsWith('\uFEFF')).toBe(true)
    const [header, ...lines] = csv.body
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(';'))
    expect(header!.slice(0, 8)).toEqual([
      'metric',
      'metricVersion',
      'basis',
      'checkpoint',
      'asOf',
      'scope',
      'campus',
      'campusName',
    ])
    const rows = lines.map((l) => Object.fromEntries(header!.map((h, i) => [h, l[i] ?? ''])) as Record<string, string>)
    expect(rows).toHaveLength(1 + json.data.groups.length)
    const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).replace('.', ','))
    const expectRow = (row: Record<string, string>, c: any) => {
      for (const k of ['population', 'excluded', 'denominator', 'numerator', 'unknown', 'responseRate', 'rate']) {
        expect(row[k]).toBe(text(c[k]))
      }
      expect(row.ci95Low).toBe(text(c.ci95?.low))
      expect(row.ci95High).toBe(text(c.ci95?.high))
      expect(row.boundAllUnknownPlaced).toBe(text(c.bounds?.allUnknownPlaced))
      expect(row.suppressionReason).toBe(text(c.suppressionReason))
      expect(row.maturity).toBe(c.maturity)
      expect(row.gapToTarget).toBe(text(c.gapToTarget))
    }
    expectRow(rows[0]!, json.data.total)
    expect(rows[0]!.scope).toBe('total')
    json.data.groups.forEach((g: any, i: number) => {
      expect(rows[i + 1]!.campus).toBe(g.key.campus)
      expect(rows[i + 1]!.campusName).toBe(g.labels.campus)
      expectRow(rows[i + 1]!, g)
    })
    expect(rows[0]!.rate).toMatch(/^0,\d+$/)
    // Accept: text/csv works as well.
    const accepted = await get('/stats/placement?exitYear=2021&groupBy=campus', { accept: 'text/csv' })
    expect(accepted.body.startsWith('\uFEFF')).toBe(true)
    expect(accepted.headers['content-type']).toBe('text/csv; charset=utf-8')
  })

  it('refuses contradictory or unknown parameters', async () => {
    expectProblem(await get('/stats/placement?exitYear=2019&exitFrom=2019-01-01'), 400, 'validation_failed')
    expectProblem(await get('/stats/placement?exitFrom=2019-06-01&exitTo=2019-01-01'), 400, 'validation_failed')
    expectProblem(await get('/stats/placement?groupBy=sex,sex'), 400, 'validation_failed')
    expectProblem(await get('/stats/placement?groupBy=campus,sex,qpv'), 400, 'validation_failed')
    expectProblem(await get('/stats/placement?groupBy=colour'), 400, 'validation_failed')
    expectProblem(await get('/stats/placement?basis=everyone'), 400, 'validation_failed')
    expectProblem(await get('/stats/placement?asOf=2999-01-01T00:00:00Z'), 400, 'validation_failed')
    expectProblem(await get('/stats/placement?metric=r_unknown'), 404, 'not_found')
    expectProblem(await get('/stats/placement?metricVersion=7'), 404, 'not_found')
    const missing = '00000000-0000-4000-8000-000000000000'
    expectProblem(await get(`/stats/placement?campusId=${missing}`), 404, 'not_found')
    expectProblem(await get(`/stats/placement?cohortId=${missing}`), 404, 'not_found')
  })

  it('filters by exit period and campus, and breaks down by year and profile (network staff)', async () => {
    const get = (url: string) => call(t.app, { method: 'GET', url: `/api/v1${url}`, headers: t.asAdmin })
    const range = await get('/stats/placement?exitFrom=2021-06-01&exitTo=2021-06-30')
    expect(range.data.total.population).toBe(80)
    expect(range.data.filters).toMatchObject({ exitFrom: '2021-06-01', exitTo: '2021-06-30', exitYear: null })
    const campus = await get(`/stats/placement?campusId=${id.q3}&groupBy=sex`)
    expect(campus.data.groups.map((g: any) => [g.key.sex, g.numerator])).toEqual([
      ['female', 15],
      ['male', 14],
    ])
    const years = await get('/stats/placement?groupBy=exitYear')
    expect(years.data.groups.map((g: any) => g.key.exitYear)).toEqual([2017, 2019, 2020, 2021])
    const qpv = await get('/stats/placement?exitYear=2021&groupBy=qpv')
    expect(qpv.data.groups).toHaveLength(1)
    expect(qpv.data.groups[0].key).toEqual({ qpv: true })
  })

  it('labels every group key beside its id, in French or in English, as JSON and CSV (staff and public)', async () => {
    const asAdmin = (url: string) => call(t.app, { method: 'GET', url: `/api/v1${url}`, headers: t.asAdmin })
    const bySex = await asAdmin(`/stats/placement?campusId=${id.q3}&groupBy=sex,exitYear`)
    expect(bySex.data.groups.map((g: any) => g.labels)).toEqual([
      { sex: 'Femme', exitYear: '2021' },
      { sex: 'Homme', exitYear: '2021' },
    ])
    const english = await asAdmin(`/stats/placement?campusId=${id.q3}&groupBy=sex&lang=en`)
    expect(english.data.groups.map((g: any) => g.labels.sex)).toEqual(['Female', 'Male'])
    const qpv = await asAdmin('/stats/placement?exitYear=2021&groupBy=campus,qpv&lang=en')
    expect(qpv.data.groups[0].labels).toEqual({ campus: 'Campus q1', qpv: 'Lives in a priority neighbourhood (QPV)' })
    expectProblem(await asAdmin('/stats/placement?groupBy=sex&lang=de'), 400, 'validation_failed')

    // CSV: a label column beside each id column (a year is its own label), in the language asked.
    const csv = await asAdmin(`/stats/placement?campusId=${id.q3}&groupBy=sex,exitYear&format=csv&lang=en`)
    const [header, , women] = csv.body
      .replace('\uFEFF', '')
      .split('\r\n')
      .map((l: string) => l.split(';'))
    expect(header!.slice(6, 9)).toEqual(['sex', 'sexLabel', 'exitYear'])
    expect(women!.slice(6, 9)).toEqual(['female', 'Female', '2021'])
    // A French CSV and an English one are different answers, cached apart.
    const french = await asAdmin(`/stats/placement?campusId=${id.q3}&groupBy=sex,exitYear&format=csv`)
    expect(french.body).toContain(';female;Femme;2021;')
    expect(french.headers.etag).not.toBe(csv.headers.etag)

    // The public answers, read from the release, carry the same labels.
    const publicSex = await get('/stats/placement?groupBy=sex')
    expect(publicSex.data.release).toBeDefined()
    expect(publicSex.data.groups.map((g: any) => g.labels.sex)).toEqual(['Femme', 'Homme'])
    const publicCsv = await get('/stats/placement?groupBy=sex&format=csv&lang=en')
    expect(publicCsv.body).toContain(';male;Male;')
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

describe('caching', () => {
  it('answers 304 to a matching If-None-Match, and sees a write made through another instance', async () => {
    const base = loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '' })
    const other = await buildApp(
      { ...base, rateLimit: { ...base.rateLimit, enabled: false }, statsReleaseWaitMs: Number.POSITIVE_INFINITY },
      t.database,
    )
    await other.ready()
    try {
      const url = `/api/v1/stats/placement?cohortId=${id.e20}`
      const first = await call(t.app, { method: 'GET', url })
      const etag = first.headers.etag as string
      expect(etag).toMatch(/^W\/"/)
      const again = await call(t.app, { method: 'GET', url, headers: { 'if-none-match': etag } })
      expect(again.statusCode).toBe(304)
      expect(again.body).toBe('')
      // The other instance computes the same answer under the same ETag.
      const elsewhere = await call(other, { method: 'GET', url, headers: { 'if-none-match': etag } })
      expect(elsewhere.statusCode).toBe(304)
      const csv = await call(t.app, { method: 'GET', url: `${url}&format=csv`, headers: { 'if-none-match': etag } })
      expect(csv.statusCode).toBe(200)

      // A write: one more placed person in the cohort (through the database, as any instance would).
      await f.crowd(id.campus!, id.e20!, 1, () => ({
        observations: [{ observedOn: '2019-12-30', situation: 'employed' }],
      }))
      // A write made outside this process reaches the instances' caches with its notification.
      const found: any = await t.database.db.execute(sql`select version from data_version where id = 1`)
      const now = found.rows[0]
      for (const app of [t.app, other]) {
        for (let i = 0; app.dataVersion.version < Number(now.version); i++) {
          if (i > 1000) throw new Error('no data version notification')
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
      }
      const after = await call(t.app, { method: 'GET', url, headers: { 'if-none-match': etag } })
      expect(after.statusCode).toBe(200)
      expect(after.headers.etag).not.toBe(etag)
      expect(after.data.total).toMatchObject({ denominator: 21, numerator: 16 })
      const otherAfter = await call(other, { method: 'GET', url })
      expect(otherAfter.data.total).toMatchObject({ denominator: 21, numerator: 16 })
    } finally {
      await other.close()
    }
  })
})

describe('snapshots', () => {
  it('freezes a figure and recomputes it as of its moment, even after later corrections', async () => {
    const unauthenticated = await call(t.app, {
      method: 'POST',
      url: '/api/v1/snapshots',
      payload: { label: 'x', query: { metric: 'r_positive' } },
    })
    expect(unauthenticated.statusCode).toBe(401)

    const asOf = new Date().toISOString()
    const created = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/snapshots',
      payload: { label: '79 % — cohorte f48', query: { metric: 'r_positive', cohortId: id.f48 }, asOf },
    })
    expect(created.statusCode).toBe(201)
    expect(created.headers.location).toBe(`/api/v1/snapshots/${created.data.id}`)
    const audit = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/audit-events?resourceType=snapshot&resourceId=${created.data.id}`,
    })
    expect(audit.data.items).toMatchObject([
      {
        action: 'create',
        actorType: 'user',
        changes: { after: { label: '79 % — cohorte f48', metricId: 'r_positive' } },
      },
    ])
    expect(created.data).toMatchObject({
      label: '79 % — cohorte f48',
      metric: { id: 'r_positive', version: 1 },
      query: { metric: 'r_positive', metricVersion: 1, basis: 'entrants', checkpoint: 'm6', cohortId: id.f48 },
      asOf,
      result: { asOf, total: { numerator: 38, denominator: 48 } },
    })

    // A correction recorded afterwards: the first placed person was in fact job seeking.
    const found: any = await t.database.db.execute(
      sql`select o.id, o.enrolment_id from outcome_observations o join enrolments e on e.id = o.enrolment_id
       where e.cohort_id = ${id.f48} and o.situation = 'employed' order by o.id limit 1`,
    )
    const placed = found.rows[0]
    await f.observe(placed.enrolment_id, { observedOn: '2019-12-30', situation: 'job_seeking', supersedes: placed.id })
    const now = await get(`/stats/placement?cohortId=${id.f48}`)
    expect(now.data.total.numerator).toBe(37)

    const checked = await get(`/snapshots/${created.data.id}`)
    expect(checked.statusCode).toBe(200)
    expect(checked.data).toMatchObject({ matches: true, differences: [] })
    expect(checked.data.recomputed.total.numerator).toBe(38)

    // A changed record (not historicised) shows as a difference.
    await t.database.db.execute(
      sql`update enrolments set exit_reason = 'excluded', exclusion_reason = 'deceased', stage = 'withdrawn'
       where id = ${placed.enrolment_id}`,
    )
    const changed = await get(`/snapshots/${created.data.id}`)
    expect(changed.data.matches).toBe(false)
    expect(changed.data.differences).toEqual(expect.arrayContaining(['/total/denominator', '/total/numerator']))
    expect(changed.data.result.total.numerator).toBe(38)

    const list = await get('/snapshots?limit=1')
    expect(list.data.items.map((s: any) => s.id)).toEqual([created.data.id])
    expect(list.data.nextCursor).toBeNull()
    expectProblem(await get('/snapshots/00000000-0000-4000-8000-000000000000'), 404, 'not_found')
    expectProblem(await get('/snapshots?cursor=nonsense'), 400, 'validation_failed')
  })

  it('refuses a snapshot of an unknown metric or an invalid query', async () => {
    const post = (payload: Record<string, unknown>) =>
      call(t.admin, { method: 'POST', url: '/api/v1/snapshots', payload })
    expectProblem(await post({ label: 'x', query: { metric: 'r_nothing' } }), 404, 'not_found')
    expectProblem(
      await post({ label: 'x', query: { metric: 'r_positive', exitYear: 2019, exitTo: '2019-05-01' } }),
      400,
      'validation_failed',
    )
    expectProblem(await post({ label: '', query: { metric: 'r_positive' } }), 400, 'validation_failed')
  })
})
