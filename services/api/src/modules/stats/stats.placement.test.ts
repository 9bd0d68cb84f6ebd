import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { buildApp } from '../../app.js'
import { loadConfig } from '../../config.js'
import { call, expectProblem } from '../../../test/helpers.js'
import { t, f, id, get, useStatsScenario } from './stats.scenario.js'

useStatsScenario()

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
