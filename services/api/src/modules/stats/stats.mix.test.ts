import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, expectProblem, type TestContext } from '../../../test/helpers.js'
import { createStatsFixtures, type ObservationInit } from './stats.fixtures.js'

let t: TestContext
const id: Record<string, string> = {}
const get = (url: string, headers: Record<string, string> = {}) =>
  call(t.app, { method: 'GET', url: `/api/v1${url}`, headers })

const parts = ['lasting', 'otherEmployment', 'workStudyTraining', 'notPlaced', 'unknown'] as const

/** Six months after a 2019-06-30 or 2020-06-30 exit. */
const at = (year: number, situation: ObservationInit['situation'], more: Partial<ObservationInit> = {}) => [
  { observedOn: `${year}-12-30`, situation, ...more },
]

/** 60 people: 16 lasting, 8 other employment, 12 work-study, 6 training, 8 job seeking, 2 inactive, 8 unknown. */
function situationOf(i: number, year: number): ObservationInit[] {
  if (i < 16) return at(year, 'employed', { contractType: 'cdi' })
  if (i < 24) return at(year, 'employed', { contractType: 'cdd', contractMonths: 3 })
  if (i < 36) return at(year, 'work_study', { contractType: 'apprenticeship', contractMonths: 12 })
  if (i < 42) return at(year, 'qualifying_training')
  if (i < 50) return at(year, 'job_seeking')
  if (i < 52) return at(year, 'inactive')
  return []
}
const truth = { lasting: 16, otherEmployment: 8, workStudyTraining: 18, notPlaced: 10, unknown: 8, total: 60 }
const years = [2018, 2019, 2020]

beforeAll(async () => {
  t = await createTestApp()
  const f = createStatsFixtures(t.database.db)
  id.lyon = await f.campus('Lyon', { status: 'open' })
  id.romans = await f.campus('Romans-sur-Isère', { status: 'open' })
  // Lyon: 60 leavers a year from 2018 to 2020, the same mix; plus 2 in 2021 (a small cell, hidden).
  for (const year of years) {
    const cohort = await f.cohort(id.lyon, { start: `${year}-03-01`, end: `${year}-06-30` })
    await f.crowd(id.lyon, cohort, 60, (i) => ({
      person: { exit: `${year}-06-30`, integration: `${year}-03-15` },
      observations: situationOf(i, year),
    }))
  }
  const small = await f.cohort(id.lyon, { start: '2021-03-01', end: '2021-06-30' })
  await f.crowd(id.lyon, small, 2, (i) => ({
    person: { exit: '2021-06-30', integration: '2021-03-15' },
    observations: at(2021, i === 0 ? 'employed' : 'job_seeking', { contractType: i === 0 ? 'cdi' : null }),
  }))
  // Bordeaux: 200 leavers in 2019 (more than Lyon, so that Lyon, not Bordeaux, hides Romans in the
  // table by campus), of whom 2 in other employment and 3 unknown (remainders of 1–4, withheld on
  // their own): the bar merges them with their neighbours instead of vanishing.
  id.bordeaux = await f.campus('Bordeaux', { status: 'open' })
  const bordeaux = await f.cohort(id.bordeaux, { start: '2019-03-01', end: '2019-06-30' })
  await f.crowd(id.bordeaux, bordeaux, 200, (i) => ({
    person: { exit: '2019-06-30', integration: '2019-03-15' },
    observations:
      i < 100
        ? at(2019, 'employed', { contractType: 'cdi' })
        : i < 102
          ? at(2019, 'employed', { contractType: 'cdd', contractMonths: 3 })
          : i < 162
            ? at(2019, 'work_study', { contractType: 'apprenticeship', contractMonths: 12 })
            : i < 197
              ? at(2019, 'job_seeking')
              : [],
  }))
  // Romans: 3 leavers in 2020 (hidden, and what hides it hides more).
  const romans = await f.cohort(id.romans, { start: '2020-03-01', end: '2020-06-30' })
  await f.crowd(id.romans, romans, 3, (i) => ({
    person: { exit: '2020-06-30', integration: '2020-03-15' },
    observations: situationOf(i * 20, 2020),
  }))
})
afterAll(() => t.close())

describe('GET /stats/outcome-mix', () => {
  it('gives network staff the counts of every situation, adding up to the members counted', async () => {
    const res = await call(t.app, {
      method: 'GET',
      url: `/api/v1/stats/outcome-mix?campusId=${id.lyon}&groupBy=exitYear`,
      headers: t.asAdmin,
    })
    expect(res.statusCode).toBe(200)
    expect(res.data.release).toBeUndefined()
    expect(res.data.groups.map((g: any) => g.key.exitYear)).toEqual([...years, 2021])
    for (const group of res.data.groups.slice(0, 3)) expect(group).toMatchObject({ ...truth, suppressed: false })
    expect(res.data.groups[3]).toMatchObject({ lasting: 1, notPlaced: 1, total: 2, suppressed: false })
    expect(res.data.total).toMatchObject({ lasting: 49, otherEmployment: 24, total: 182 })
    for (const cell of [res.data.total, ...res.data.groups]) {
      expect(parts.reduce((sum, part) => sum + cell[part], 0)).toBe(cell.total)
    }
  })

  it('reads the public counts from the release: each one shown is true, null where an item it needs is hidden', async () => {
    const mix = await get(`/stats/outcome-mix?campusId=${id.lyon}&groupBy=exitYear`)
    expect(mix.statusCode).toBe(200)
    expect(mix.data.release.id).toMatch(/^r-/)
    const metric = async (name: string) =>
      (await get(`/stats/placement?campusId=${id.lyon}&groupBy=exitYear&metric=${name}`)).data
    const [positive, employment, lasting] = [
      await metric('r_positive'),
      await metric('r_employment'),
      await metric('r_lasting'),
    ]
    expect(positive.release.id).toBe(mix.data.release.id)
    const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b)
    const cells = [
      [mix.data.total, positive.total, employment.total, lasting.total],
      ...mix.data.groups.map((g: any, i: number) => [g, positive.groups[i], employment.groups[i], lasting.groups[i]]),
    ]
    expect(mix.data.groups.map((g: any) => g.key)).toEqual(positive.groups.map((g: any) => g.key))
    for (const [m, p, e, l] of cells) {
      // Exactly what the published figures of the same release give, never a figure they hide.
      expect(m.total).toBe(p.denominator)
      expect(m.lasting).toBe(l.numerator)
      expect(m.unknown).toBe(p.unknown)
      expect(m.otherEmployment).toBe(minus(e.numerator, l.numerator))
      expect(m.notPlaced).toBe(minus(minus(p.denominator, p.numerator), p.unknown))
      if (m.workStudyTraining !== null && p.numerator !== null && e.numerator !== null)
        expect(m.workStudyTraining).toBe(p.numerator - e.numerator)
      expect(m.suppressed).toBe(parts.some((part) => m[part] === null) || m.total === null)
      if (!m.suppressed) expect(parts.reduce((sum, part) => sum + m[part], 0)).toBe(m.total)
    }
    // The small 2021 cell is hidden; the large years are shown whole (or hidden to protect it).
    expect(mix.data.groups[3]).toMatchObject({ lasting: null, suppressed: true })
    for (const group of mix.data.groups.slice(0, 3)) {
      for (const part of parts) expect([null, truth[part]]).toContain(group[part])
    }
  })

  it('gives the public bands that reach the total, merging a withheld category with its neighbour', async () => {
    const answers = [
      await get(`/stats/outcome-mix?campusId=${id.bordeaux}&groupBy=exitYear`),
      await get(`/stats/outcome-mix?campusId=${id.lyon}&groupBy=exitYear`),
      await get('/stats/outcome-mix?groupBy=campus'),
    ]
    const metric = async (query: string, name: string) => (await get(`/stats/placement?${query}&metric=${name}`)).data
    let merged = 0
    for (const [query, answer] of [
      [`campusId=${id.bordeaux}&groupBy=exitYear`, answers[0]!],
      [`campusId=${id.lyon}&groupBy=exitYear`, answers[1]!],
      ['groupBy=campus', answers[2]!],
    ] as const) {
      const [positive, employment, lasting] = [
        await metric(query, 'r_positive'),
        await metric(query, 'r_employment'),
        await metric(query, 'r_lasting'),
      ]
      const cells = [
        [answer.data.total, positive.total, employment.total, lasting.total],
        ...answer.data.groups.map((g: any, i: number) => [
          g,
          positive.groups[i],
          employment.groups[i],
          lasting.groups[i],
        ]),
      ]
      for (const [m, p, e, l] of cells) {
        if (m.total === null || m.total === 0) {
          expect(m.bands).toEqual([])
          continue
        }
        // In order, each category once, adding up to the members counted.
        expect(m.bands.flatMap((b: any) => b.parts)).toEqual([...parts])
        expect(m.bands.reduce((sum: number, b: any) => sum + b.count, 0)).toBe(m.total)
        // Each band's count is a published figure or the difference of two: running totals that
        // the public can read from the placement answers of the same release.
        const upTo = [
          0,
          l.numerator,
          e.numerator,
          p.numerator,
          p.unknown === null ? null : p.denominator - p.unknown,
          p.denominator,
        ]
        let from = 0
        for (const band of m.bands) {
          const to = from + band.parts.length
          expect(upTo[from], `${band.parts} starts on a published total`).not.toBeNull()
          expect(upTo[to], `${band.parts} ends on a published total`).not.toBeNull()
          expect(band.count).toBe(upTo[to] - upTo[from])
          if (band.parts.length === 1) expect(m[band.parts[0]]).toBe(band.count)
          else merged++
          from = to
        }
      }
    }
    // Bordeaux 2019: its 2 in other employment and its 3 unknown are withheld, the bar is not.
    const year = answers[0]!.data.groups.find((g: any) => g.key.exitYear === 2019)
    expect(year).toMatchObject({ total: 200, suppressed: true })
    expect(year.bands.some((b: any) => b.parts.length > 1)).toBe(true)
    expect(merged).toBeGreaterThan(0)
  })

  it('answers the public only what the release publishes', async () => {
    expectProblem(await get(`/stats/outcome-mix?exitFrom=2019-01-01&exitTo=2019-06-30`), 403, 'not_published')
    expectProblem(await get(`/stats/outcome-mix?basis=completers`), 403, 'not_published')
    expectProblem(await get(`/stats/outcome-mix?campusId=${id.lyon}&groupBy=sex`), 403, 'not_published')
    expectProblem(await get('/stats/outcome-mix?campusId=00000000-0000-4000-8000-000000000000'), 404, 'not_found')
    expectProblem(await get('/stats/outcome-mix?metric=r_lasting'), 400, 'validation_failed')
    const network = await get('/stats/outcome-mix?groupBy=campus')
    expect(network.statusCode).toBe(200)
    const romans = network.data.groups.find((g: any) => g.key.campus === id.romans)
    expect(romans).toMatchObject({ labels: { campus: 'Romans-sur-Isère' }, lasting: null, suppressed: true })
    const again = await get('/stats/outcome-mix?groupBy=campus', { 'if-none-match': network.headers.etag as string })
    expect(again.statusCode).toBe(304)
  })
})
