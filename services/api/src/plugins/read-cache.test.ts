import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.js'
import { loadConfig } from '../config.js'
import { rows } from '../db/client.js'
import { seed } from '../db/seed.js'
import { call, createStaff, createTestApp, patchIfMatch, type TestContext } from '../../test/helpers.js'
import { patience } from '../../test/patience.js'

let t: TestContext
let other: FastifyInstance
let lyon: string

/** Waits (bounded) until `condition` holds: notifications arrive asynchronously. */
async function until(condition: () => boolean, what: string, ms = 10_000) {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** The data version in the database now. */
async function databaseVersion(): Promise<number> {
  const res = await t.database.db.execute(sql`select version from data_version where id = 1`)
  return Number(rows<{ version: string }>(res)[0]!.version)
}

/** Until every app has heard of the database's current data version. */
async function heard(...apps: FastifyInstance[]) {
  const version = await databaseVersion()
  await until(() => apps.every((a) => a.dataVersion.version >= version), `data version ${version}`)
}

const getCampus = (app: FastifyInstance, id: string) => call(app, { method: 'GET', url: `/api/v1/campuses/${id}` })

beforeAll(async () => {
  t = await createTestApp()
  await seed(t.database.db)
  const base = loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '' })
  // A second API instance on the same database.
  other = await buildApp(
    { ...base, rateLimit: { ...base.rateLimit, enabled: false }, statsReleaseWaitMs: Number.POSITIVE_INFINITY },
    t.database,
  )
  await other.ready()
  await until(() => t.app.dataVersion.listening && other.dataVersion.listening, 'both listeners')
  const list = await call(t.app, { method: 'GET', url: '/api/v1/campuses?q=lyon' })
  lyon = list.data.items[0].id
  // Two app builds and the seed: slow on a busy machine.
}, patience(180_000))
afterAll(async () => {
  await other.close()
  await t.close()
})

describe('read cache', () => {
  it('answers a repeated read from memory, without asking the database', async () => {
    await getCampus(t.app, lyon)
    const checks = t.app.dataVersion.stats.checks
    const again = await getCampus(t.app, lyon)
    const list = await call(t.app, { method: 'GET', url: '/api/v1/campuses?q=lyon' })
    const listAgain = await call(t.app, { method: 'GET', url: '/api/v1/campuses?q=lyon' })
    expect(again.statusCode).toBe(200)
    expect(again.headers.etag).toBe(`"${again.data.version}"`)
    expect(listAgain.body).toBe(list.body)
    expect(t.app.dataVersion.stats.checks).toBe(checks)
  })

  it('shows a write through the API to the writer at once, and to another instance once notified', async () => {
    const before = await getCampus(t.app, lyon)
    await getCampus(other, lyon)
    const patched = await patchIfMatch(t.admin, `/api/v1/campuses/${lyon}`, before.headers.etag as string, {
      yearlyCapacity: 46,
    })
    expect(patched.statusCode).toBe(200)
    // The writer's next read does not wait for the notification.
    const mine = await getCampus(t.app, lyon)
    expect(mine.data.yearlyCapacity).toBe(46)
    expect(mine.headers.etag).toBe(patched.headers.etag)
    await heard(other)
    const theirs = await getCampus(other, lyon)
    expect(theirs.data.yearlyCapacity).toBe(46)
    const theirList = await call(other, { method: 'GET', url: '/api/v1/campuses?q=lyon' })
    expect(theirList.data.items[0].yearlyCapacity).toBe(46)
  })

  it('shows a write made directly in SQL (as another instance would) once its notification arrives', async () => {
    await getCampus(t.app, lyon)
    await getCampus(other, lyon)
    await t.database.db.execute(sql`update campuses set yearly_capacity = 47, version = version + 1 where id = ${lyon}`)
    await heard(t.app, other)
    expect((await getCampus(t.app, lyon)).data.yearlyCapacity).toBe(47)
    expect((await getCampus(other, lyon)).data.yearlyCapacity).toBe(47)
  })

  it('keeps statistics views apart: network staff and the public never share a cached answer', async () => {
    const staff = await createStaff(t, { role: 'network_staff' })
    const url = '/api/v1/stats/overview'
    const asStaff = await call(t.app, { method: 'GET', url, headers: staff.headers })
    const asPublic = await call(t.app, { method: 'GET', url })
    const asStaffAgain = await call(t.app, { method: 'GET', url, headers: staff.headers })
    expect(asStaff.statusCode).toBe(200)
    expect(asPublic.statusCode).toBe(200)
    expect(asPublic.headers.etag).not.toBe(asStaff.headers.etag)
    expect(asStaffAgain.headers.etag).toBe(asStaff.headers.etag)
    expect(asStaffAgain.body).toBe(asStaff.body)
  })

  it.runIf(process.env.TEST_DATABASE_URL)(
    'asks the database on every read while its listener is lost, and trusts it again once back',
    async () => {
      const watch = t.app.dataVersion
      const pid = watch.listenerBackendPid
      expect(pid).toBeTypeOf('number')
      await t.database.db.execute(sql`select pg_terminate_backend(${pid}::int)`)
      await until(() => !watch.listening, 'the listener to be seen lost')
      await getCampus(t.app, lyon)
      // Written while nobody listens on this instance: no notification will ever tell it.
      await t.database.db.execute(
        sql`update campuses set yearly_capacity = 48, version = version + 1 where id = ${lyon}`,
      )
      const checks = watch.stats.checks
      const read = await getCampus(t.app, lyon)
      expect(read.data.yearlyCapacity).toBe(48)
      expect(watch.stats.checks).toBeGreaterThan(checks)
      await until(() => watch.listening, 'the listener to reconnect')
      expect(watch.listenerBackendPid).not.toBe(pid)
      await getCampus(t.app, lyon)
      const settled = watch.stats.checks
      expect((await getCampus(t.app, lyon)).data.yearlyCapacity).toBe(48)
      expect(watch.stats.checks).toBe(settled)
    },
  )

  it('asks the database on every read once its listener is closed', async () => {
    // Last: the other instance stops listening for good.
    await getCampus(other, lyon)
    await other.dataVersion.close()
    expect(other.dataVersion.listening).toBe(false)
    await t.database.db.execute(sql`update campuses set yearly_capacity = 49, version = version + 1 where id = ${lyon}`)
    const checks = other.dataVersion.stats.checks
    expect((await getCampus(other, lyon)).data.yearlyCapacity).toBe(49)
    expect(other.dataVersion.stats.checks).toBe(checks + 1)
  })
})
