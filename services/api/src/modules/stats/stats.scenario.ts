import { afterAll, beforeAll } from 'vitest'
import { call, createTestApp, type TestContext } from '../../../test/helpers.js'
import { createStatsFixtures, type StatsFixtures } from './stats.fixtures.js'
import { createStatsRepository } from './stats.repository.js'
import { createStatsService } from './stats.service.js'

export let t: TestContext
export let f: StatsFixtures
export const id: Record<string, string> = {}
/** The service as network staff see it (no suppression): hand-computed scenarios use few people. */
export let staff: (query: Record<string, unknown>, now?: string) => Promise<any>

export const get = (url: string, headers: Record<string, string> = {}) =>
  call(t.app, { method: 'GET', url: `/api/v1${url}`, headers })
const at = (iso: string) => new Date(iso)

/** A to C: the choice among several observations, corrections over time, exclusions, dropouts and bases. */
async function recordsScenario(campus: string) {
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
}

async function sourcesScenario() {
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
  await f.observe(corrected, {
    observedOn: m6,
    situation: 'job_seeking',
    source: 'self_declared',
    supersedes: answer,
  })
}

async function maturityAndThresholds(campus: string) {
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
}

async function suppressionScenario() {
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
    await f.crowd(id[name]!, cohort, women, (i) => ({
      person: exit2021('female'),
      observations: obs(i < womenPlaced),
    }))
    await f.crowd(id[name]!, cohort, men, (i) => ({ person: exit2021('male'), observations: obs(i < menPlaced) }))
  }
}

/** Before the file's tests: the hand-computed cohorts (A to F), the sources campus (S) and the campuses of the suppression cases (H, Q); after them, the app closed. */
export function useStatsScenario(): void {
  beforeAll(async () => {
    t = await createTestApp()
    f = createStatsFixtures(t.database.db)
    staff = (query, now) =>
      createStatsService({
        repository: createStatsRepository(t.database.db),
        ...(now ? { now: () => new Date(now) } : {}),
      }).compute(query as never, 'network_staff')

    const campus = (id.campus = await f.campus('Plombiers Lyon'))

    await recordsScenario(campus)
    await sourcesScenario()
    await maturityAndThresholds(campus)
    await suppressionScenario()
  })
  afterAll(() => t.close())
}
