import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, expectProblem, type TestContext } from '../../../test/helpers.js'
import { rows } from '../../db/client.js'
import { outcomeFixtures } from './outcomes.fixtures.js'
import { addMonths, todayUtc } from '@trajectoires/contract/rules'

let t: TestContext
let fx: ReturnType<typeof outcomeFixtures>
let lyon: { id: string; name: string }
let romans: { id: string; name: string }
let cohort: { id: string; campusId: string; name: string }
const e: Record<string, { id: string; learner: { id: string; reference: string } }> = {}

/** Days from `day` to today (UTC), computed independently of the code under test. */
const daysSince = (day: string) => Math.round((Date.parse(todayUtc()) - Date.parse(day)) / 86_400_000)

const list = (query: string) => call(t.admin, { method: 'GET', url: `/api/v1/follow-ups?${query}` })
const keys = (res: { data: { items: Array<{ enrolmentId: string; checkpoint: string }> } }) =>
  res.data.items.map((i) => `${Object.keys(e).find((k) => e[k]!.id === i.enrolmentId) ?? '?'}:${i.checkpoint}`)

/** Enrolment ids sorted as the list sorts them (uuid order is the text order of their lower-case form). */
const byId = (...names: string[]) => [...names].sort((a, b) => (e[a]!.id < e[b]!.id ? -1 : 1))

beforeAll(async () => {
  t = await createTestApp()
  fx = outcomeFixtures(t.database.db)
  lyon = await fx.campus('Plombiers du numérique Lyon')
  romans = await fx.campus('Plombiers du numérique Romans-sur-Isère')
  cohort = await fx.cohort(lyon.id, 'Lyon 2019-A')
  const romansCohort = await fx.cohort(romans.id, 'Romans 2019-A')
  e.aug31 = await fx.enrolment(cohort, { exitDate: '2019-08-31', reference: 'LYO-2019-001' }) // m6 2020-02-29, m12 2020-08-31
  e.aug30 = await fx.enrolment(cohort, { exitDate: '2019-08-30' }) // m6 2020-02-29, m12 2020-08-30
  e.mar15 = await fx.enrolment(cohort, { exitDate: '2019-03-15' }) // m6 2019-09-15, m12 2020-03-15
  e.observed = await fx.enrolment(cohort, { exitDate: '2019-03-15' }) // has an (even superseded) m6 observation
  e.excluded = await fx.enrolment(cohort, {
    exitDate: '2019-03-15',
    exitReason: 'excluded',
    exclusionReason: 'deceased',
  })
  e.training = await fx.enrolment(cohort, { exitDate: null })
  e.romans = await fx.enrolment(romansCohort, { exitDate: '2019-03-15' })

  const first = await call(t.admin, {
    method: 'POST',
    url: `/api/v1/enrolments/${e.observed.id}/observations`,
    payload: { checkpoint: 'm6', observedOn: '2019-09-15', situation: 'unreachable', source: 'partner_report' },
  })
  await call(t.admin, {
    method: 'POST',
    url: `/api/v1/enrolments/${e.observed.id}/observations`,
    payload: {
      checkpoint: 'm6',
      observedOn: '2019-09-20',
      situation: 'job_seeking',
      source: 'self_declared',
      supersedes: first.data.id,
    },
  })
})
afterAll(() => t.close())

describe('follow-ups due', () => {
  it('lists due and overdue checkpoints without an observation, oldest first, excluded and unexited ones left out', async () => {
    const res = await list(`campusId=${lyon.id}`)
    expect(res.statusCode).toBe(200)
    expect(keys(res)).toEqual([
      'mar15:m6',
      ...byId('aug30', 'aug31').map((k) => `${k}:m6`),
      ...byId('mar15', 'observed').map((k) => `${k}:m12`),
      'aug30:m12',
      'aug31:m12',
    ])
    expect(res.data.nextCursor).toBeNull()
  })

  it('describes each follow-up: learner, campus, cohort, dates, window and days overdue (to today)', async () => {
    const res = await list(`campusId=${lyon.id}&checkpoint=m6`)
    const item = res.data.items.find((i: any) => i.enrolmentId === e.aug31!.id)
    expect(item).toEqual({
      enrolmentId: e.aug31!.id,
      learner: { id: e.aug31!.learner.id, reference: 'LYO-2019-001' },
      campus: { id: lyon.id, name: 'Plombiers du numérique Lyon' },
      cohort: { id: cohort.id, name: 'Lyon 2019-A' },
      checkpoint: 'm6',
      exitDate: '2019-08-31',
      dueOn: '2020-02-29',
      daysOverdue: daysSince('2020-02-29'),
      window: { from: '2019-12-31', to: '2020-04-30' },
      windowClosed: true,
    })
    const m12 = await list(`campusId=${lyon.id}&checkpoint=m12`)
    expect(m12.data.items.find((i: any) => i.enrolmentId === e.aug31!.id)).toMatchObject({
      dueOn: '2020-08-31',
      window: { from: '2020-06-30', to: '2020-10-31' },
      daysOverdue: daysSince('2020-08-31'),
    })
  })

  it('takes dueBefore inclusively, month ends clamped', async () => {
    expect(keys(await list(`campusId=${lyon.id}&dueBefore=2019-09-14`))).toEqual([])
    expect(keys(await list(`campusId=${lyon.id}&dueBefore=2019-09-15`))).toEqual(['mar15:m6'])
    expect(keys(await list(`campusId=${lyon.id}&dueBefore=2020-02-28`))).toEqual(['mar15:m6'])
    expect(keys(await list(`campusId=${lyon.id}&dueBefore=2020-02-29`))).toEqual([
      'mar15:m6',
      ...byId('aug30', 'aug31').map((k) => `${k}:m6`),
    ])
    expect(keys(await list(`campusId=${lyon.id}&dueBefore=2020-08-30&checkpoint=m12`))).toEqual([
      ...byId('mar15', 'observed').map((k) => `${k}:m12`),
      'aug30:m12',
    ])
  })

  it('filters by campus and cohort', async () => {
    expect(keys(await list(`campusId=${romans.id}`))).toEqual(['romans:m6', 'romans:m12'])
    expect(keys(await list(`cohortId=${cohort.id}&checkpoint=m12&dueBefore=2020-03-15`))).toEqual(
      byId('mar15', 'observed').map((k) => `${k}:m12`),
    )
    const everywhere = keys(await list('dueBefore=2019-09-15&limit=100'))
    expect(everywhere).toEqual(expect.arrayContaining(['mar15:m6', 'romans:m6']))
    expect(everywhere).not.toContain('observed:m6')
    expect(everywhere).not.toContain('excluded:m6')
    expect(keys(await list('campusId=0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10'))).toEqual([])
  })

  it('walks every page with the cursor, without repeats or gaps', async () => {
    const all = keys(await list(`campusId=${lyon.id}`))
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res = await list(`campusId=${lyon.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.data.items.length).toBeLessThanOrEqual(2)
      seen.push(...keys(res))
      cursor = res.data.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(4)
    expect(seen).toEqual(all)
  })

  it('drops a follow-up once an observation is recorded for it', async () => {
    const extra = await fx.enrolment(cohort, { exitDate: '2019-08-31' })
    e.extra = extra
    expect(keys(await list(`cohortId=${cohort.id}&dueBefore=2020-02-29`))).toContain('extra:m6')
    const res = await call(t.admin, {
      method: 'POST',
      url: `/api/v1/enrolments/${extra.id}/observations`,
      payload: {
        checkpoint: 'm6',
        observedOn: '2020-03-02',
        situation: 'employed',
        contractType: 'cdi',
        source: 'document',
      },
    })
    expect(res.statusCode).toBe(201)
    const after = keys(await list(`cohortId=${cohort.id}`))
    expect(after).not.toContain('extra:m6')
    expect(after).toContain('extra:m12')
  })

  it('says whether the window is still open, filters on it, and lists checkpoints not due yet with dueBefore ahead', async () => {
    const campus = await fx.campus()
    const recentCohort = await fx.cohort(campus.id)
    const exitDate = addMonths(todayUtc(), -7)
    e.recent = await fx.enrolment(recentCohort, { exitDate })
    e.old = await fx.enrolment(recentCohort, { exitDate: '2019-03-15' })

    const open = await list(`campusId=${campus.id}&window=open`)
    expect(keys(open)).toEqual(['recent:m6'])
    expect(open.data.items[0]).toMatchObject({
      dueOn: addMonths(exitDate, 6),
      daysOverdue: daysSince(addMonths(exitDate, 6)),
      windowClosed: false,
      window: { from: addMonths(exitDate, 4), to: addMonths(exitDate, 8) },
    })
    expect(open.data.items[0].daysOverdue).toBeGreaterThan(0)
    expect(keys(await list(`campusId=${campus.id}&window=closed`))).toEqual(['old:m6', 'old:m12'])

    const ahead = await list(`campusId=${campus.id}&dueBefore=${addMonths(todayUtc(), 6)}&window=open`)
    expect(keys(ahead)).toEqual(['recent:m6', 'recent:m12'])
    expect(ahead.data.items[1].daysOverdue).toBe(daysSince(addMonths(exitDate, 12)))
    expect(ahead.data.items[1].daysOverdue).toBeLessThan(0)
  })

  it('refuses bad filters and a forged cursor (400)', async () => {
    expectProblem(await list('dueBefore=2020-02-30'), 400, 'validation_failed')
    expectProblem(await list('checkpoint=exit'), 400, 'validation_failed')
    expectProblem(await list('campusId=lyon'), 400, 'validation_failed')
    expectProblem(await list('limit=101'), 400, 'validation_failed')
    expectProblem(await list('window=ajar'), 400, 'validation_failed')
    const forged = Buffer.from(JSON.stringify({ v: 'yesterday', id: e.aug31!.id })).toString('base64url')
    expect(expectProblem(await list(`cursor=${forged}`), 400, 'validation_failed').errors![0]).toMatchObject({
      in: 'query',
      field: '/cursor',
    })
    expectProblem(await list('cursor=garbage'), 400, 'validation_failed')
  })

  it('adds months as PostgreSQL does, so the list and the rules agree on every date', async () => {
    const days = ['2019-08-31', '2019-08-29', '2020-02-29', '2019-01-31', '2019-12-31', '2019-03-15', '2019-10-31']
    for (const months of [-6, 4, 6, 8, 10, 12, 14]) {
      const result = rows<{ d: string; shifted: string }>(
        await t.database.db.execute(
          sql`select d::text as d, to_char((d + make_interval(months => ${months}))::date, 'YYYY-MM-DD') as shifted
              from unnest(cast(${`{${days.join(',')}}`} as date[])) as d`,
        ),
      )
      for (const r of result) expect(`${r.d}+${months}=${addMonths(r.d, months)}`).toBe(`${r.d}+${months}=${r.shifted}`)
    }
  })
})
