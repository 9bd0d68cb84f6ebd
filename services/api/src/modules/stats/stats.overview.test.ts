import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, expectProblem, type TestContext } from '../../../test/helpers.js'
import { createStatsFixtures } from './stats.fixtures.js'
import { createStatsRepository } from './stats.repository.js'
import { createStatsService } from './stats.service.js'

let t: TestContext
const id: Record<string, string> = {}
const get = (url: string, headers: Record<string, string> = {}) =>
  call(t.app, { method: 'GET', url: `/api/v1${url}`, headers })

beforeAll(async () => {
  t = await createTestApp()
  const f = createStatsFixtures(t.database.db)
  id.lyon = await f.campus('Lyon', { status: 'open', yearlyCapacity: 45 })
  id.romans = await f.campus('Romans-sur-Isère', { status: 'open', yearlyCapacity: 30 })
  id.chalons = await f.campus('Châlons-en-Champagne', { status: 'planned', yearlyCapacity: 24 })
  id.closed = await f.campus('Ancien campus', { status: 'closed' })

  // Lyon 2019: 30 entrants (6 women, 20 QPV, 25 without diploma, 18 NEET); 25 completed, 5 dropped out;
  // 20 placed at six months. Plus 3 pending applications, 2 rejected by the jury, 1 on the waiting list.
  const lyon = await f.cohort(id.lyon, { start: '2019-03-01', end: '2019-06-30' })
  await f.crowd(id.lyon, lyon, 30, (i) => ({
    person: {
      sex: i < 6 ? 'female' : 'male',
      qpv: i < 20,
      diploma: i < 25 ? 'none' : 'cap_bep',
      neet: i < 18,
      ...(i >= 25 ? { reason: 'dropout' as const, exit: '2019-04-30' } : {}),
    },
    observations: i < 20 ? [{ observedOn: i >= 25 ? '2019-10-30' : '2019-12-30', situation: 'employed' }] : [],
  }))
  for (const stage of ['applied', 'applied', 'applied', 'jury_rejected', 'jury_rejected', 'waitlisted'] as const) {
    await f.person(id.lyon, lyon, { stage, integration: null, exit: null, reason: null })
  }
  // Romans 2020: 22 entrants, 3 of them women, all completed; 15 placed.
  const romans = await f.cohort(id.romans, { start: '2020-03-01', end: '2020-06-30' })
  await f.crowd(id.romans, romans, 22, (i) => ({
    person: { sex: i < 3 ? 'female' : 'male', exit: '2020-06-30', integration: '2020-03-15' },
    observations: i < 15 ? [{ observedOn: '2020-12-30', situation: 'work_study' }] : [],
  }))
  // The closed campus, 2018: 3 applications, 2 entrants who completed.
  const closed = await f.cohort(id.closed, { start: '2018-03-01', end: '2018-06-30' })
  await f.crowd(id.closed, closed, 2, () => ({ person: { exit: '2018-06-30', integration: '2018-03-15' } }))
  await f.person(id.closed, closed, { stage: 'applied', integration: null, exit: null, reason: null })
})
afterAll(() => t.close())

describe('GET /stats/overview', () => {
  it('gives campuses, capacity, years, intake and the headline rate, small numbers hidden', async () => {
    const res = await get('/stats/overview')
    expect(res.statusCode).toBe(200)
    const { network, campuses } = res.data
    expect(res.data.metric).toEqual({ id: 'r_positive', version: 1 })
    expect(network.campuses).toEqual({ planned: 1, open: 2, closed: 1 })
    expect(network.yearlyCapacity).toBe(75)
    // 2018: 2 entrants and 2 completions, hidden (1–4), with the next smallest year (Romans 2020: 22) so
    // that the total cannot give them away.
    expect(network.years).toEqual([
      { year: 2018, entrants: null, completions: null },
      { year: 2019, entrants: 30, completions: 25 },
      { year: 2020, entrants: null, completions: null },
    ])
    expect(network.intake).toEqual({
      entrants: 54,
      qpvResidents: round((20 + 22 + 2) / 54),
      noDiplomaAtEntry: round((25 + 22 + 2) / 54),
      neetAtEntry: round((18 + 22 + 2) / 54),
      women: round(9 / 54),
    })
    // 20 + 15 placed over 30 + 22 + 2 exited entrants.
    expect(network.placement).toMatchObject({ population: 54, denominator: 54, numerator: 35, rate: round(35 / 54) })

    const byName = Object.fromEntries(campuses.map((c: any) => [c.campus.name, c]))
    expect(campuses.map((c: any) => c.campus.name)).toEqual([
      'Ancien campus',
      'Châlons-en-Champagne',
      'Lyon',
      'Romans-sur-Isère',
    ])
    expect(byName.Lyon).toMatchObject({
      campus: { status: 'open' },
      yearlyCapacity: 45,
      years: [{ year: 2019, entrants: 30, completions: 25 }],
      placement: { denominator: 30, numerator: 20, rate: 0.6667, suppressed: false },
    })
    // The closed campus has 2 entrants: hidden, and Romans (the next smallest) with it, else the network's
    // 54 minus Lyon's 30 would give them away; with them, every share of Romans (whose 3 women would be
    // hidden anyway). Lyon's shares stay: the hidden campuses' 3 women cannot be told apart.
    expect(byName['Romans-sur-Isère'].intake).toEqual({
      entrants: null,
      qpvResidents: null,
      noDiplomaAtEntry: null,
      neetAtEntry: null,
      women: null,
    })
    expect(byName.Lyon.intake).toEqual({
      entrants: 30,
      qpvResidents: round(20 / 30),
      noDiplomaAtEntry: round(25 / 30),
      neetAtEntry: round(18 / 30),
      women: 0.2,
    })
    expect(byName['Romans-sur-Isère'].placement).toMatchObject({ population: null, suppressionReason: 'small_cell' })
    // The closed campus: 2 entrants, hidden; its placement on 2 people withheld.
    expect(byName['Ancien campus'].intake).toMatchObject({ entrants: null, women: null })
    expect(byName['Ancien campus'].placement).toMatchObject({ population: null, suppressionReason: 'small_cell' })
    expect(byName['Châlons-en-Champagne']).toMatchObject({
      years: [],
      intake: { entrants: 0, women: null },
      placement: { population: 0, numerator: null, suppressed: true, suppressionReason: 'small_denominator' },
    })
  })

  it('shows network staff everything', async () => {
    const service = createStatsService({ repository: createStatsRepository(t.database.db) })
    const answer = await service.overview({ viewer: 'network_staff' })
    const data = JSON.parse(answer.body)
    expect(data.network.years).toEqual([
      { year: 2018, entrants: 2, completions: 2 },
      { year: 2019, entrants: 30, completions: 25 },
      { year: 2020, entrants: 22, completions: 22 },
    ])
    const romans = data.campuses.find((c: any) => c.campus.name === 'Romans-sur-Isère')
    expect(romans.intake.women).toBe(round(3 / 22))
  })

  it('answers 304 while nothing changed', async () => {
    const first = await get('/stats/overview')
    const again = await get('/stats/overview', { 'if-none-match': first.headers.etag as string })
    expect(again.statusCode).toBe(304)
  })
})

describe('GET /stats/funnel', () => {
  it('goes from application to a positive situation, by campus and year', async () => {
    const res = await get('/stats/funnel')
    expect(res.statusCode).toBe(200)
    const lyon = res.data.groups.find((g: any) => g.labels.campus === 'Lyon')
    expect(lyon).toEqual({
      key: { campus: id.lyon, year: 2019 },
      labels: { campus: 'Lyon' },
      applied: 36,
      pastJury: 31,
      enrolled: 30,
      integrationConfirmed: 30,
      completed: 25,
      positiveAtM6: 20,
      suppressed: false,
    })
    const closed = res.data.groups.find((g: any) => g.labels.campus === 'Ancien campus')
    // 3 applications, 2 entrants: hidden; the total would give them away, so Romans' are hidden too.
    expect(closed).toMatchObject({ applied: null, enrolled: null, positiveAtM6: null, suppressed: true })
    const romans = res.data.groups.find((g: any) => g.labels.campus === 'Romans-sur-Isère')
    expect(romans).toMatchObject({ applied: null, enrolled: null, suppressed: true })
    expect(res.data.total).toMatchObject({ applied: 61, enrolled: 54, integrationConfirmed: 54, completed: 49 })
    expect(res.data.total.positiveAtM6).toBe(35)
  })

  it('filters by campus and year', async () => {
    const res = await get(`/stats/funnel?campusId=${id.lyon}&year=2019`)
    expect(res.data.filters).toEqual({ campusId: id.lyon, year: 2019 })
    expect(res.data.groups).toHaveLength(1)
    expect(res.data.total).toMatchObject({ applied: 36, positiveAtM6: 20, suppressed: false })
    expect((await get('/stats/funnel?year=2017')).data.groups).toEqual([])
    expectProblem(await get('/stats/funnel?campusId=00000000-0000-4000-8000-000000000000'), 404, 'not_found')
    expectProblem(await get('/stats/funnel?year=twenty'), 400, 'validation_failed')
  })
})

function round(v: number) {
  return Math.round(v * 10_000) / 10_000
}
