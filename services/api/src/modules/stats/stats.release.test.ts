import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createStaff, createTestApp, expectProblem, type TestContext } from '../../../test/helpers.js'
import { seed } from '../../db/seed.js'
import { seedDemo } from '../../db/seed-demo.js'
import { audit, type AuditReport } from './stats.audit.js'
import { createStatsFixtures } from './stats.fixtures.js'
import { createStatsRepository } from './stats.repository.js'
import { createStatsService, type StatsService } from './stats.service.js'
import { labelled } from './stats.labels.js'
import { placementFromRelease, type Release } from './stats.publication.js'
import { itemOf } from './stats.release.js'
import { patience } from '../../../test/patience.js'

/**
 * The attacker of the public statistics: every published item of a release as a linear equation
 * over the hidden ones, and an LP solver for the tightest interval of each. The test fails on any
 * sensitive item it can narrow below its protection, and prints it.
 */
const show = (report: AuditReport) =>
  report.disclosures.map((d) => `${d.cell} ${d.kind}=${d.value} known in [${d.min}, ${d.max}] (need ${d.need})`)

async function attack(release: Release): Promise<AuditReport> {
  return audit(release.model, release.protection.hidden, release.protection.sensitive)
}

describe('the release on the demonstration data', () => {
  let t: TestContext
  let stats: StatsService

  beforeAll(async () => {
    t = await createTestApp()
    await seed(t.database.db)
    await seedDemo(t.database.db, '2026-11-28')
    stats = createStatsService({ repository: createStatsRepository(t.database.db) })
  }, patience(240_000))
  afterAll(() => t?.close())

  it(
    'keeps every hidden cell protected against an LP attacker over all its tables at once',
    async () => {
      const release = await stats.release()
      const report = await attack(release)
      expect(report.checked).toBeGreaterThan(50)
      expect(show(report)).toEqual([])
    },
    patience(240_000),
  )

  it(
    'publishes the headline figure: the network total',
    async () => {
      const release = await stats.release()
      const network = itemOf(release.model, 'N', 'Np')!
      expect(network.value).toBeGreaterThan(100)
      expect(release.protection.hidden[network.index]).toBe(0)
    },
    patience(240_000),
  )

  it(
    'hides the outcome of one network exit year at most beyond those too small to publish',
    async () => {
      // A small first year (2017: one cohort) is pinned through the network total by year; one other
      // year's outcome frees it. Fixing each of its counts on its own used to hide four years.
      const release = await stats.release()
      const { model, protection } = release
      const years = model.cells.map((cell, c) => ({ cell, c })).filter(({ cell }) => cell.table === 'exitYear')
      const hiddenOutcome = years.filter(
        ({ cell, c }) =>
          protection.hidden[itemOf(model, cell.id, 'Np')!.index] === 1 &&
          !protection.smallDenominator.has(c) &&
          protection.hidden[itemOf(model, cell.id, 'D')!.index] === 0,
      )
      expect(years.length).toBeGreaterThan(5)
      expect(hiddenOutcome.map(({ cell }) => cell.year).length).toBeLessThanOrEqual(1)
    },
    patience(240_000),
  )

  it(
    'is caught leaking by the same attacker when the secondary suppression is removed',
    async () => {
      const report = await attack(await stats.buildRelease({ secondary: false }))
      expect(report.disclosures.length).toBeGreaterThan(0)
    },
    patience(240_000),
  )

  it(
    'answers the public with release cells only, and agrees across overview, funnel and placement',
    async () => {
      const release = await stats.release()
      const overview = (await call(t.app, { method: 'GET', url: '/api/v1/stats/overview' })).data
      const byCampus = (await call(t.app, { method: 'GET', url: '/api/v1/stats/placement?groupBy=campus' })).data
      expect(byCampus.release.id).toBe(release.id)
      expect(overview.release.id).toBe(release.id)
      for (const campus of overview.campuses) {
        const group = byCampus.groups.find((g: { key: { campus: string } }) => g.key.campus === campus.campus.id)
        if (group) expect(campus.placement.numerator).toBe(group.numerator)
      }
      expect(overview.network.placement).toEqual(byCampus.total)
      const q = {
        metric: 'r_positive',
        metricVersion: 1,
        basis: 'entrants' as const,
        checkpoint: 'm6' as const,
        asOf: null,
      }
      const byYear = placementFromRelease(
        release,
        { ...q, campusId: null, cohortId: null, exitYear: null, exitFrom: null, exitTo: null, groupBy: ['exitYear'] },
        'public',
      )
      const http = (await call(t.app, { method: 'GET', url: '/api/v1/stats/placement?groupBy=exitYear' })).data
      // HTTP answers label every group key (stats.labels.ts); the figures are the release's.
      expect(http.groups).toEqual(labelled(byYear).groups)
    },
    patience(120_000),
  )
})

describe('hand-made scenarios', () => {
  let t: TestContext
  let stats: StatsService
  const id: Record<string, string> = {}

  beforeAll(async () => {
    t = await createTestApp()
    const f = createStatsFixtures(t.database.db)
    stats = createStatsService({
      repository: createStatsRepository(t.database.db),
      now: () => new Date('2026-11-28T12:00:00Z'),
    })
    const placed = (i: number, share: number) =>
      i < share ? [{ observedOn: '2019-12-30', situation: 'employed' as const }] : []
    // One campus: cohorts of 19 (12 placed), 20, 22, 23 and 3 people (1 placed, 1 unknown).
    const lyon = (id.lyon = await f.campus('Plombiers Lyon'))
    for (const [name, n, k] of [
      ['L19', 19, 12],
      ['L20', 20, 15],
      ['L22', 22, 16],
      ['L23', 23, 14],
      ['L3', 3, 1],
    ] as const) {
      const cohort = (id[name] = await f.cohort(lyon, { name }))
      await f.crowd(lyon, cohort, n, (i) => ({ observations: placed(i, k) }))
    }
    // Another campus: one exit per day (each person alone on a day), some excluded.
    const romans = (id.romans = await f.campus('Plombiers Romans'))
    const daily = await f.cohort(romans, { name: 'R-daily' })
    await f.crowd(romans, daily, 30, (i) => ({
      person: {
        exit: `2019-07-${String(1 + (i % 30)).padStart(2, '0')}`,
        reason: i < 2 ? 'excluded' : 'completed',
        sex: i % 3 === 0 ? 'female' : 'male',
      },
      observations: i % 4 === 0 ? [] : [{ observedOn: '2020-01-15', situation: 'employed' }],
    }))
    // A campus split over two years, with a small year.
    const chelles = (id.chelles = await f.campus('Plombiers Chelles'))
    const big = await f.cohort(chelles, { name: 'C-2019' })
    await f.crowd(chelles, big, 25, (i) => ({ observations: placed(i, 18) }))
    const tiny = await f.cohort(chelles, { name: 'C-2020', start: '2020-01-06', end: '2020-04-30' })
    await f.crowd(chelles, tiny, 2, (i) => ({
      person: { exit: '2020-05-15', integration: '2020-02-01' },
      observations: i === 0 ? [{ observedOn: '2020-11-15', situation: 'employed' }] : [],
    }))
  }, patience(120_000))
  afterAll(() => t?.close())

  it(
    'protects withheld rates of 19, cells of 1–4, small excluded counts and a small year',
    async () => {
      const release = await stats.release()
      const hidden = (cell: string, kind: 'P' | 'Np' | 'X') =>
        release.protection.hidden[itemOf(release.model, cell, kind)!.index] === 1
      expect(hidden(`K:${id.L19}:2019`, 'Np')).toBe(true)
      expect(hidden(`K:${id.L3}:2019`, 'P')).toBe(true)
      expect(hidden(`C:${id.romans}`, 'X')).toBe(true)
      expect(hidden(`CY:${id.chelles}:2020`, 'P')).toBe(true)
      expect(show(await attack(release))).toEqual([])
      expect((await attack(await stats.buildRelease({ secondary: false }))).disclosures.length).toBeGreaterThan(0)
    },
    patience(120_000),
  )

  it('refuses what is not a release cell: exit periods day by day, asOf, other bases and breakdowns', async () => {
    const refused = [
      `/stats/placement?campusId=${id.romans}&exitFrom=2019-01-01&exitTo=2019-07-01`,
      `/stats/placement?campusId=${id.romans}&exitFrom=2019-01-01&exitTo=2019-07-02`,
      `/stats/placement?asOf=2025-01-01T00:00:00Z`,
      `/stats/placement?basis=completers`,
      `/stats/placement?checkpoint=m12`,
      `/stats/placement?groupBy=campus,sex`,
      `/stats/placement?campusId=${id.lyon}&groupBy=cohort`,
      `/stats/placement?metricVersion=1&metric=r_positive&groupBy=sex&exitYear=2019`,
    ]
    for (const url of refused) {
      const res = await call(t.app, { method: 'GET', url: `/api/v1${url}` })
      expectProblem(res, 403, 'not_published')
      expect(res.data.detail).toContain('groupBy=exitYear')
    }
    // Whole years, by their dates, are the year's cell.
    const byDates = await call(t.app, {
      method: 'GET',
      url: `/api/v1/stats/placement?campusId=${id.chelles}&exitFrom=2019-01-01&exitTo=2019-12-31`,
    })
    expect(byDates.statusCode).toBe(200)
    // Network staff keep every filter.
    const staff = await call(t.app, {
      method: 'GET',
      url: `/api/v1/stats/placement?campusId=${id.romans}&exitFrom=2019-01-01&exitTo=2019-07-01`,
      headers: t.asAdmin,
    })
    expect(staff.statusCode).toBe(200)
    expect(staff.data.total.population).toBe(1)
  })

  it('shows campus staff their own campus whole, and other campuses as the public sees them', async () => {
    const { headers } = await createStaff(t, { role: 'campus_staff', campusIds: [id.romans!] })
    const own = await call(t.app, {
      method: 'GET',
      url: `/api/v1/stats/placement?campusId=${id.romans}&groupBy=exitYear`,
      headers,
    })
    expect(own.data.total.population).toBe(30)
    expect(own.data.total.excluded).toBe(2)
    expect(own.data.release).toBeUndefined()
    const other = await call(t.app, { method: 'GET', url: `/api/v1/stats/placement?campusId=${id.lyon}`, headers })
    expect(other.data.total.population).toBeNull()
    expect(other.data.release).toBeDefined()
    const network = await call(t.app, { method: 'GET', url: '/api/v1/stats/placement?groupBy=campus', headers })
    expect(network.data.release).toBeDefined()
  })

  it('gives nothing away by subtraction across campus × year', async () => {
    const year = (
      await call(t.app, { method: 'GET', url: `/api/v1/stats/placement?campusId=${id.chelles}&groupBy=exitYear` })
    ).data
    const campuses = (await call(t.app, { method: 'GET', url: '/api/v1/stats/placement?exitYear=2020&groupBy=campus' }))
      .data
    const small = year.groups.find((g: { key: { exitYear: number } }) => g.key.exitYear === 2020)
    expect(small.population).toBeNull()
    // The campus total minus its other year does not give the small year: they are hidden together.
    const other = year.groups.find((g: { key: { exitYear: number } }) => g.key.exitYear === 2019)
    expect(year.total.population === null || other.population === null).toBe(true)
    expect(
      campuses.total.population === null ||
        campuses.groups.every((g: { population: number | null }) => g.population === null),
    ).toBe(true)
  })
})

describe('remainders of 1–4 people inside published cells', () => {
  let t: TestContext
  let stats: StatsService
  const id: Record<string, string> = {}

  beforeAll(async () => {
    t = await createTestApp()
    const f = createStatsFixtures(t.database.db)
    stats = createStatsService({
      repository: createStatsRepository(t.database.db),
      now: () => new Date('2026-11-28T12:00:00Z'),
    })
    const employed = (contractType: 'cdi' | 'cdd', months: number | null = null) => [
      { observedOn: '2019-12-30', situation: 'employed' as const, contractType, contractMonths: months },
    ]
    const seeking = [{ observedOn: '2019-12-30', situation: 'job_seeking' as const }]
    // Lyon, 40: 25 lasting, 5 short contracts, 10 job seeking. Bordeaux, 25: 16 lasting, 2 on a
    // three-month contract (other employment 2), 2 job seeking (not placed 2), 5 unknown.
    const plans = {
      lyon: [40, (i: number) => (i < 25 ? employed('cdi') : i < 30 ? employed('cdd', 3) : seeking)],
      bordeaux: [25, (i: number) => (i < 16 ? employed('cdi') : i < 18 ? employed('cdd', 3) : i < 20 ? seeking : [])],
    } as const
    for (const [name, [n, observations]] of Object.entries(plans)) {
      const campus = (id[name] = await f.campus(`Plombiers ${name}`))
      await f.crowd(campus, await f.cohort(campus, { name }), n, (i) => ({ observations: observations(i) }))
    }
  }, patience(120_000))
  afterAll(() => t?.close())

  it(
    'publishes no "other employment" or "job seeking or inactive" count of 1–4, by any subtraction',
    async () => {
      const release = await stats.release()
      const remainders: string[] = []
      const look = (where: string, count: number | null) => {
        if (count !== null && count >= 1 && count <= 4) remainders.push(`${where}: ${count}`)
      }
      const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b)
      for (const groupBy of ['campus', 'exitYear']) {
        const metric = async (name: string) =>
          (await call(t.app, { method: 'GET', url: `/api/v1/stats/placement?groupBy=${groupBy}&metric=${name}` })).data
        const [positive, employment, lasting] = [
          await metric('r_positive'),
          await metric('r_employment'),
          await metric('r_lasting'),
        ]
        const mix = (await call(t.app, { method: 'GET', url: `/api/v1/stats/outcome-mix?groupBy=${groupBy}` })).data
        expect(mix.release.id).toBe(positive.release.id)
        const rows = [
          ['total', positive.total, employment.total, lasting.total, mix.total],
          ...positive.groups.map((g: any, i: number) => [
            JSON.stringify(g.key),
            g,
            employment.groups[i],
            lasting.groups[i],
            mix.groups[i],
          ]),
        ]
        for (const [where, p, e, l, m] of rows) {
          look(`${groupBy} ${where} employed − lasting`, minus(e.numerator, l.numerator))
          look(`${groupBy} ${where} members − positive − unknown`, minus(minus(p.denominator, p.numerator), p.unknown))
          look(`${groupBy} ${where} mix other employment`, m.otherEmployment)
          look(`${groupBy} ${where} mix job seeking or inactive`, m.notPlaced)
        }
      }
      expect(remainders).toEqual([])
      // The rest of Bordeaux's figures are still published (what protects the remainders is an
      // outcome count, not the campus).
      const bordeaux = itemOf(release.model, `C:${id.bordeaux}`, 'D')!
      expect(release.protection.hidden[bordeaux.index]).toBe(0)
    },
    patience(120_000),
  )

  it(
    'keeps the remainders protected against the LP attacker',
    async () => {
      const release = await stats.release()
      const { model } = release
      const remainders = model.items
        .filter((it) => (it.kind === 'Eo' || it.kind === 'R') && it.value >= 1 && it.value <= 4)
        .filter((it) => (model.cells[it.cell]!.values.D ?? 0) >= 20)
      expect(remainders.length).toBeGreaterThan(0)
      const report = await audit(model, release.protection.hidden, [
        ...release.protection.sensitive,
        ...remainders.map((it) => ({ item: it.index, need: 1 })),
      ])
      expect(show(report)).toEqual([])
    },
    patience(120_000),
  )
})

describe('a new release after a write', () => {
  let t: TestContext
  beforeAll(async () => {
    t = await createTestApp()
  }, patience(120_000))
  afterAll(() => t?.close())

  it(
    'is built in the background while the last release answers, then replaces it',
    async () => {
      const f = createStatsFixtures(t.database.db)
      const lyon = await f.campus('Plombiers Lyon')
      const cohort = await f.cohort(lyon, { name: 'L-2019' })
      await f.crowd(lyon, cohort, 25, () => ({ observations: [{ observedOn: '2020-01-15', situation: 'employed' }] }))
      // Builds wait at a gate the test opens: nothing here depends on how fast a build is.
      const repository = createStatsRepository(t.database.db)
      let open: () => void = () => undefined
      let gate: Promise<void> = Promise.resolve()
      const gated: typeof repository = { ...repository, read: async (work) => (await gate, repository.read(work)) }
      const stats = createStatsService({ repository: gated, releaseWaitMs: 0 })
      const first = await stats.release()
      expect(first.model.cells.find((c) => c.id === 'N')!.values.P).toBe(25)

      gate = new Promise((resolve) => (open = resolve))
      await f.crowd(lyon, cohort, 1, () => ({ observations: [] }))
      // The data version moved: the last release answers at once, the new one is being built.
      const stale = await stats.release()
      expect(stale.id).toBe(first.id)
      expect((await stats.release()).id).toBe(first.id)
      open()
      await expect
        .poll(async () => (await stats.release()).dataVersion, { timeout: patience(60_000), interval: 20 })
        .toBeGreaterThan(first.dataVersion)
      const next = await stats.release()
      expect(next.id).not.toBe(first.id)
      expect(next.model.cells.find((c) => c.id === 'N')!.values.P).toBe(26)
      await stats.close()
    },
    patience(120_000),
  )

  it(
    'waits for the new release when no wait is set (what tests and the first build do)',
    async () => {
      const f = createStatsFixtures(t.database.db)
      const stats = createStatsService({ repository: createStatsRepository(t.database.db) })
      const before = await stats.release()
      const campus = await f.campus('Plombiers Bordeaux')
      await f.crowd(campus, await f.cohort(campus, { name: 'B-2019' }), 1, () => ({ observations: [] }))
      const after = await stats.release()
      expect(after.dataVersion).toBeGreaterThan(before.dataVersion)
    },
    patience(120_000),
  )
})
