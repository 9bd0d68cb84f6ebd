import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SQL } from 'drizzle-orm'
import { call, createTestApp, type TestContext } from '../../../test/helpers.js'
import { createStatsFixtures } from './stats.fixtures.js'
import { patience } from '../../../test/patience.js'

/**
 * Statistics while an import's refresh runs (migration 0008): nobody waits for it longer than the
 * wait set (`STATS_RELEASE_WAIT_MS`, here 0). The drain waits at a gate the test opens, so nothing
 * here depends on how fast a drain is.
 */
describe('statistics while an import is being added to them', () => {
  let t: TestContext
  let open: () => void = () => undefined
  let gate: Promise<void> = Promise.resolve()

  beforeAll(async () => {
    t = await createTestApp({ statsReleaseWaitMs: 0 })
    // `select stats_drain()` waits at the gate, whoever sends it (the import's background drain, a build).
    const db = t.database.db
    const execute = db.execute.bind(db)
    db.execute = (async (query: SQL) => {
      const text = query.queryChunks
        .map((c) => (c && typeof c === 'object' && 'value' in c ? [c.value].flat().join('') : ''))
        .join('')
      if (text.includes('stats_drain()')) await gate
      return execute(query)
    }) as typeof db.execute
  }, patience(120_000))
  afterAll(async () => {
    open()
    await t?.close()
  })

  it(
    'answers network staff at once with the last figures and their data version, saying they are being updated',
    async () => {
      const f = createStatsFixtures(t.database.db)
      const campus = await f.campus('Plombiers Lyon')
      const cohort = await f.cohort(campus, { name: 'L-2019' })
      await f.crowd(campus, cohort, 25, () => ({}))
      const atExit = `/api/v1/stats/placement?cohortId=${cohort}&checkpoint=exit`
      const publicTotal = '/api/v1/stats/placement?groupBy=campus'

      const before = await call(t.admin, { method: 'GET', url: atExit })
      expect(before.statusCode, before.body).toBe(200)
      expect(before.data.total).toMatchObject({ denominator: 25, numerator: 0 })
      expect(before.headers['stats-updating']).toBeUndefined()
      const version = Number(before.headers['data-version'])
      expect(version).toBeGreaterThan(0)
      const publicBefore = await call(t.app, { method: 'GET', url: publicTotal })
      expect(publicBefore.statusCode, publicBefore.body).toBe(200)
      expect(publicBefore.headers['stats-updating']).toBeUndefined()

      gate = new Promise((resolve) => (open = resolve))
      const lines = Array.from({ length: 10 }, (_, i) =>
        JSON.stringify({
          campus: 'Plombiers Lyon',
          cohort: 'L-2019',
          learnerReference: `L-${i + 1}`,
          checkpoint: 'exit',
          observedOn: '2019-07-05',
          situation: 'employed',
          contractType: 'cdi',
          source: 'self_declared',
        }),
      )
      const imported = await call(t.admin, {
        method: 'POST',
        url: '/api/v1/imports/outcomes',
        payload: lines.join('\n'),
        headers: { 'content-type': 'application/x-ndjson' },
      })
      expect(imported.statusCode, imported.body).toBe(200)
      expect(imported.data.written.observations).toBe(10)

      // The refresh is held: the same question gets the last answer, with its version and ETag.
      const during = await call(t.admin, { method: 'GET', url: atExit })
      expect(during.statusCode, during.body).toBe(200)
      expect(during.headers['stats-updating']).toBe('true')
      expect(Number(during.headers['data-version'])).toBe(version)
      expect(during.headers.etag).toBe(before.headers.etag)
      expect(during.data.total).toMatchObject({ denominator: 25, numerator: 0 })
      const notModified = await call(t.admin, {
        method: 'GET',
        url: atExit,
        headers: { 'if-none-match': String(before.headers.etag) },
      })
      expect(notModified.statusCode).toBe(304)
      expect(notModified.headers['stats-updating']).toBe('true')

      // A question never asked: the facts as they stand, the import's rows not in them yet.
      const campusWide = await call(t.admin, {
        method: 'GET',
        url: `/api/v1/stats/placement?campusId=${campus}&checkpoint=exit`,
      })
      expect(campusWide.statusCode, campusWide.body).toBe(200)
      expect(campusWide.headers['stats-updating']).toBe('true')
      expect(campusWide.data.total).toMatchObject({ denominator: 25, numerator: 0 })

      // The public reads the last release meanwhile, and is told a newer one is coming.
      const publicDuring = await call(t.app, { method: 'GET', url: publicTotal })
      expect(publicDuring.statusCode, publicDuring.body).toBe(200)
      expect(publicDuring.data.release.id).toBe(publicBefore.data.release.id)
      expect(publicDuring.headers['stats-updating']).toBe('true')
      expect(publicDuring.headers['data-version']).toBe(publicBefore.headers['data-version'])
      // A published question never asked: read from that release at once, not after the drain.
      const publicNew = await call(t.app, { method: 'GET', url: '/api/v1/stats/placement?groupBy=exitYear' })
      expect(publicNew.statusCode, publicNew.body).toBe(200)
      expect(publicNew.data.release.id).toBe(publicBefore.data.release.id)
      expect(publicNew.headers['stats-updating']).toBe('true')

      // `asOf` resolves observations from the records, not the facts: the import's rows are there.
      const exact = await call(t.admin, { method: 'GET', url: `${atExit}&asOf=${new Date().toISOString()}` })
      expect(exact.statusCode, exact.body).toBe(200)
      expect(exact.headers['stats-updating']).toBeUndefined()
      expect(exact.data.total).toMatchObject({ denominator: 25, numerator: 10 })

      open()
      await t.app.statsDrainer.idle()
      const after = await call(t.admin, { method: 'GET', url: atExit })
      expect(after.statusCode, after.body).toBe(200)
      expect(after.headers['stats-updating']).toBeUndefined()
      expect(Number(after.headers['data-version'])).toBeGreaterThan(version)
      expect(after.headers.etag).not.toBe(before.headers.etag)
      expect(after.data.total).toMatchObject({ denominator: 25, numerator: 10 })
      const campusAfter = await call(t.admin, {
        method: 'GET',
        url: `/api/v1/stats/placement?campusId=${campus}&checkpoint=exit`,
      })
      expect(campusAfter.headers['stats-updating']).toBeUndefined()
      expect(campusAfter.data.total).toMatchObject({ denominator: 25, numerator: 10 })
    },
    patience(120_000),
  )
})
