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
    // 2018: 2 entrants and 2 completions, hidden (1–4), with enough other years that no total gives
    // them away (the release protects entries, completions and populations together).
    expect(network.years[0]).toEqual({ year: 2018, entrants: null, completions: null })
    expect(network.years.map((y: any) => y.year)).toEqual([2018, 2019, 2020])
    // A lone hidden year is protected by a hidden total; otherwise two years at least are hidden.
    const hiddenYears = network.years.filter((y: any) => y.entrants === null).length
    if (hiddenYears < 2) expect(network.intake.entrants).toBeNull()
    // Shown, or hidden with the small campus's: never a different figure.
    const expected = {
      entrants: 54,
      qpvResidents: round((20 + 22 + 2) / 54),
      noDiplomaAtEntry: round((25 + 22 + 2) / 54),
      neetAtEntry: round((18 + 22 + 2) / 54),
      women: round(9 / 54),
    }
    for (const [k, v] of Object.entries(network.intake))
      expect([null, expected[k as keyof typeof expected]]).toContain(v)
    // The population and exclusions are never published: members not excluded are.
    expect(network.placement).toMatchObject({ population: null, excluded: null })
    expect([null, 35]).toContain(network.placement.numerator)

    const byName = Object.fromEntries(campuses.map((c: any) => [c.campus.name, c]))
    expect(campuses.map((c: any) => c.campus.name)).toEqual([
      'Ancien campus',
      'Châlons-en-Champagne',
      'Lyon',
      'Romans-sur-Isère',
    ])
    expect(byName.Lyon).toMatchObject({ campus: { status: 'open' }, yearlyCapacity: 45, years: [{ year: 2019 }] })
    expect([null, 20]).toContain(byName.Lyon.placement.numerator)
    expect(byName['Romans-sur-Isère'].placement).toMatchObject({ denominator: null, suppressionReason: 'small_cell' })
    // The closed campus: 2 entrants, hidden; its placement on 2 people withheld.
    expect(byName['Ancien campus'].intake).toMatchObject({ entrants: null, women: null })
    expect(byName['Ancien campus'].placement).toMatchObject({ denominator: null, suppressionReason: 'small_cell' })
    expect(byName['Châlons-en-Champagne']).toMatchObject({
      years: [],
      intake: { entrants: 0, women: null },
      placement: { denominator: 0, numerator: 0, rate: null, suppressed: false },
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
    expect(lyon).toMatchObject({ key: { campus: id.lyon, year: 2019 }, labels: { campus: 'Lyon' } })
    expect([null, 36]).toContain(lyon.applied)
    // Each count shown, or hidden with the small closed campus's (the release protects them together).
    const truth = { applied: 36, pastJury: 31, enrolled: 30, integrationConfirmed: 30, completed: 25 }
    for (const [k, v] of Object.entries(truth)) expect([null, v]).toContain(lyon[k])
    // Positive exits by start year are for network staff only: they would cross the exit-year tables.
    expect(lyon.positiveAtM6).toBeNull()
    const closed = res.data.groups.find((g: any) => g.labels.campus === 'Ancien campus')
    // 3 applications, 2 entrants: hidden; the total would give them away, so Romans' are hidden too.
    expect(closed).toMatchObject({ applied: null, enrolled: null, positiveAtM6: null, suppressed: true })
    const romans = res.data.groups.find((g: any) => g.labels.campus === 'Romans-sur-Isère')
    // Shown, or hidden with the closed campus's: the pattern depends on ties, never a wrong figure.
    expect(romans.suppressed).toBe(true)
    for (const k of ['applied', 'enrolled']) expect([null, 22]).toContain(romans[k])
    const totals = { applied: 61, enrolled: 54, integrationConfirmed: 54, completed: 49, positiveAtM6: 35 }
    for (const [k, v] of Object.entries(totals)) expect([null, v]).toContain(res.data.total[k])
  })

  it('filters by campus and year', async () => {
    const res = await get(`/stats/funnel?campusId=${id.lyon}&year=2019`)
    expect(res.data.filters).toEqual({ campusId: id.lyon, year: 2019 })
    expect(res.data.groups).toHaveLength(1)
    expect([null, 36]).toContain(res.data.total.applied)
    expect(res.data.total.positiveAtM6).toBeNull()
    const campus = await get(`/stats/funnel?campusId=${id.lyon}`)
    expect([null, 20]).toContain(campus.data.total.positiveAtM6)
    expect((await get('/stats/funnel?year=2017')).data.groups).toEqual([])
    expectProblem(await get('/stats/funnel?campusId=00000000-0000-4000-8000-000000000000'), 404, 'not_found')
    expectProblem(await get('/stats/funnel?year=twenty'), 400, 'validation_failed')
  })
})

function round(v: number) {
  return Math.round(v * 10_000) / 10_000
}
