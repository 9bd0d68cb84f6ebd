import { asc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { call, expectProblem, patchIfMatch } from '../../../test/helpers.js'
import { rows } from '../../db/client.js'
import { auditEvents } from '../../db/schema/index.js'
import { addDays, todayUtc } from '@trajectoires/contract/rules'
import { t, fx, cohort, exited, post, employedAtM6, refusal, useOutcomeScenario } from './outcomes.scenario.js'

useOutcomeScenario()

describe('corrections and history as of a moment', () => {
  it('supersedes an observation, keeps it in the history, and answers as of before and after the correction', async () => {
    const e = await exited()
    const first = (await post(e.id, { ...employedAtM6, contractMonths: 3 })).data
    await new Promise((resolve) => setTimeout(resolve, 20))
    const between = new Date().toISOString()
    await new Promise((resolve) => setTimeout(resolve, 20))
    const fix = await post(e.id, { ...employedAtM6, contractMonths: 9, source: 'document', supersedes: first.id })
    expect(fix.statusCode).toBe(201)
    expect(fix.data).toMatchObject({ supersedes: first.id, supersededBy: null, current: true, contractMonths: 9 })

    const original = await call(t.admin, { method: 'GET', url: `/api/v1/observations/${first.id}` })
    expect(original.data).toMatchObject({ contractMonths: 3, supersededBy: fix.data.id, current: false })

    const url = `/api/v1/enrolments/${e.id}/observations`
    const before = await call(t.admin, { method: 'GET', url: `${url}?asOf=${encodeURIComponent(between)}` })
    expect(before.statusCode).toBe(200)
    expect(before.data.asOf).toBe(between)
    expect(before.data.items).toEqual([{ ...first, supersededBy: null, current: true }])
    expect(before.data.current).toEqual({ exit: null, m6: { ...first, supersededBy: null, current: true }, m12: null })

    const now = await call(t.admin, { method: 'GET', url })
    expect(now.data.items.map((o: any) => [o.id, o.supersededBy, o.current])).toEqual([
      [first.id, fix.data.id, false],
      [fix.data.id, null, true],
    ])
    expect(now.data.current.m6.id).toBe(fix.data.id)
    expect(now.data.exitDate).toBe('2019-03-15')
    expect(now.data.windows).toEqual({
      exit: { from: '2019-03-15', to: '2019-04-29' },
      m6: { from: '2019-07-15', to: '2019-11-15' },
      m12: { from: '2020-01-15', to: '2020-05-15' },
    })

    const beforeAll = await call(t.admin, { method: 'GET', url: `${url}?asOf=2019-01-01T00:00:00Z` })
    expect(beforeAll.data).toMatchObject({ items: [], current: { exit: null, m6: null, m12: null } })
  })

  it('takes a date alone as the end of that day (UTC), and refuses anything else', async () => {
    const e = await exited()
    await post(e.id, employedAtM6)
    const url = `/api/v1/enrolments/${e.id}/observations`
    const yesterday = await call(t.admin, { method: 'GET', url: `${url}?asOf=${addDays(todayUtc(), -1)}` })
    expect(yesterday.data.items).toEqual([])
    expect(yesterday.data.asOf).toBe(`${addDays(todayUtc(), -1)}T23:59:59.999Z`)
    const today = await call(t.admin, { method: 'GET', url: `${url}?asOf=${todayUtc()}` })
    expect(today.data.items).toHaveLength(1)
    const bad = await call(t.admin, { method: 'GET', url: `${url}?asOf=last+week` })
    expect(expectProblem(bad, 400, 'validation_failed').errors![0]).toMatchObject({ in: 'query', field: '/asOf' })
  })

  it('filters by checkpoint, listing checkpoints in order, and still gives every observation in force', async () => {
    const e = await exited()
    const m12 = (await post(e.id, { ...employedAtM6, checkpoint: 'm12', observedOn: '2020-03-15' })).data
    const exit = (await post(e.id, { ...employedAtM6, checkpoint: 'exit', observedOn: '2019-03-20' })).data
    const m6 = (await post(e.id, employedAtM6)).data
    const url = `/api/v1/enrolments/${e.id}/observations`
    const all = await call(t.admin, { method: 'GET', url })
    expect(all.data.items.map((o: any) => o.id)).toEqual([exit.id, m6.id, m12.id])
    const only = await call(t.admin, { method: 'GET', url: `${url}?checkpoint=m12` })
    expect(only.data.items.map((o: any) => o.id)).toEqual([m12.id])
    expect([only.data.current.exit.id, only.data.current.m6.id, only.data.current.m12.id]).toEqual([
      exit.id,
      m6.id,
      m12.id,
    ])
  })

  it('picks the observation in force: nearest the checkpoint date, then an open-ended contract, then the longest', async () => {
    const e = await exited() // m6 date: 2019-09-15
    const url = `/api/v1/enrolments/${e.id}/observations`
    const inForce = async () => (await call(t.admin, { method: 'GET', url })).data.current.m6?.id
    const far = (
      await post(e.id, { ...employedAtM6, contractType: 'cdi', contractMonths: undefined, observedOn: '2019-08-01' })
    ).data
    expect(await inForce()).toBe(far.id)
    const near = (await post(e.id, { ...employedAtM6, observedOn: '2019-09-20', contractMonths: 6 })).data
    expect(await inForce()).toBe(near.id)
    const longer = (await post(e.id, { ...employedAtM6, observedOn: '2019-09-20', contractMonths: 18 })).data
    expect(await inForce()).toBe(longer.id)
    const cdi = (
      await post(e.id, {
        ...employedAtM6,
        observedOn: '2019-09-10',
        contractType: 'cdi_interim',
        contractMonths: undefined,
      })
    ).data
    expect(await inForce()).toBe(cdi.id)
    // Superseded, the winner drops out: its correction (no job, same distance) ranks after the 18-month contract...
    const fix = (
      await post(e.id, {
        checkpoint: 'm6',
        observedOn: '2019-09-10',
        situation: 'job_seeking',
        source: 'document',
        supersedes: cdi.id,
      })
    ).data
    expect(await inForce()).toBe(longer.id)
    // ...and a correction observed nearer the checkpoint date wins.
    const nearest = (
      await post(e.id, { ...employedAtM6, observedOn: '2019-09-14', contractMonths: 2, supersedes: fix.id })
    ).data
    expect(await inForce()).toBe(nearest.id)
  })

  it('counts the observation the statistics count: a failed contact only when nothing else was observed', async () => {
    const e = await exited() // m6 date: 2019-09-15
    const url = `/api/v1/enrolments/${e.id}/observations`
    const counted = async (asOf?: string) =>
      (await call(t.admin, { method: 'GET', url: asOf ? `${url}?asOf=${asOf}` : url })).data.current.m6?.id ?? null
    const facts = async () => {
      const result = await t.database.db.execute(
        sql`select m6_observation_id as id from stats_facts where enrolment_id = ${e.id}`,
      )
      return rows<{ id: string | null }>(result)[0]?.id ?? null
    }
    const unreachable = { checkpoint: 'm6', observedOn: '2019-09-15', situation: 'unreachable', source: 'document' }
    const failed = (await post(e.id, unreachable)).data
    expect([await counted(), await facts()]).toEqual([failed.id, failed.id])
    // Observed farther from the checkpoint date, a situation still beats the failed contact.
    const seeking = (
      await post(e.id, { ...unreachable, observedOn: '2019-07-20', situation: 'job_seeking', source: 'self_declared' })
    ).data
    expect([await counted(), await facts()]).toEqual([seeking.id, seeking.id])
    // As of before it was recorded, the failed contact counted.
    expect(await counted(new Date(new Date(seeking.recordedAt).getTime() - 1).toISOString())).toBe(failed.id)
    // A correction of the situation into a failed contact leaves the first failed contact nearest.
    const fix = (await post(e.id, { ...unreachable, observedOn: '2019-07-20', supersedes: seeking.id })).data
    expect(fix.current).toBe(true)
    expect([await counted(), await facts()]).toEqual([failed.id, failed.id])
  })

  it('refuses a correction of another enrolment, of another checkpoint, of a missing or an already corrected observation', async () => {
    const e = await exited()
    const other = await exited()
    const first = (await post(e.id, employedAtM6)).data
    const foreign = await post(other.id, { ...employedAtM6, supersedes: first.id })
    expect(expectProblem(foreign, 409, 'conflict').detail).toMatch(/another enrolment/)
    const wrongCheckpoint = await post(e.id, {
      ...employedAtM6,
      checkpoint: 'm12',
      observedOn: '2020-03-15',
      supersedes: first.id,
    })
    expect(expectProblem(wrongCheckpoint, 409, 'conflict').detail).toMatch(/same checkpoint \(m12\)/)
    const missing = await post(e.id, { ...employedAtM6, supersedes: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10' })
    expect(expectProblem(missing, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/supersedes', code: 'exists' }),
    ])
    const fix = (await post(e.id, { ...employedAtM6, contractMonths: 24, supersedes: first.id })).data
    const again = await post(e.id, { ...employedAtM6, contractMonths: 36, supersedes: first.id })
    expect(expectProblem(again, 409, 'conflict').detail).toContain(`already superseded by observation ${fix.id}`)
    // A correction of the correction is the way to go.
    expect((await post(e.id, { ...employedAtM6, contractMonths: 36, supersedes: fix.id })).statusCode).toBe(201)
    const history = await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${e.id}/observations` })
    expect(history.data.items.map((o: any) => o.contractMonths)).toEqual([12, 24, 36])
    expect(history.data.items.map((o: any) => o.current)).toEqual([false, false, true])
  })

  it('lets only one of two simultaneous corrections of an observation through', async () => {
    const e = await exited()
    const first = (await post(e.id, employedAtM6)).data
    const results = await Promise.all(
      [24, 36].map((contractMonths) => post(e.id, { ...employedAtM6, contractMonths, supersedes: first.id })),
    )
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409])
    const history = await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${e.id}/observations` })
    expect(history.data.items).toHaveLength(2)
    expect(history.data.items[1].recordedAt > history.data.items[0].recordedAt).toBe(true)
  })

  it('answers a retried POST with Idempotency-Key once', async () => {
    const e = await exited()
    const first = await post(e.id, employedAtM6, { 'idempotency-key': `obs-${e.id}` })
    const retry = await post(e.id, employedAtM6, { 'idempotency-key': `obs-${e.id}` })
    expect(retry.data.id).toBe(first.data.id)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    const history = await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${e.id}/observations` })
    expect(history.data.items).toHaveLength(1)
  })
})

describe('append-only', () => {
  it('has no route to change or delete an observation', async () => {
    const e = await exited()
    const obs = (await post(e.id, employedAtM6)).data
    const url = `/api/v1/observations/${obs.id}`
    // The observation can be read, never changed: 405, with only the reading methods allowed.
    const patched = await patchIfMatch(t.admin, url, '"1"', { situation: 'inactive' })
    expectProblem(patched, 405, 'method_not_allowed')
    expect(patched.headers.allow).toBe('GET, HEAD')
    expectProblem(await call(t.admin, { method: 'DELETE', url }), 405, 'method_not_allowed')
    expect((await call(t.admin, { method: 'GET', url })).data).toEqual(obs)

    const spec = (await call(t.admin, { method: 'GET', url: '/api/openapi.json' })).data
    expect(Object.keys(spec.paths['/api/v1/observations/{id}'])).toEqual(['get'])
    expect(Object.keys(spec.paths['/api/v1/enrolments/{enrolmentId}/observations']).sort()).toEqual(['get', 'post'])
    for (const path of [
      '/api/v1/observations/{id}',
      '/api/v1/enrolments/{enrolmentId}/observations',
      '/api/v1/follow-ups',
    ]) {
      for (const op of Object.values(spec.paths[path]) as any[]) expect(op.tags).toEqual(['Outcomes'])
    }
  })

  it('is enforced by the database: UPDATE, DELETE and TRUNCATE are refused in SQL, and the row stays', async () => {
    const e = await exited()
    const obs = (await post(e.id, employedAtM6)).data
    const db = t.database.db
    expect(
      await refusal(db.execute(sql`update outcome_observations set situation = 'inactive' where id = ${obs.id}`)),
    ).toMatch(/append-only/)
    expect(await refusal(db.execute(sql`delete from outcome_observations where id = ${obs.id}`))).toMatch(/append-only/)
    expect(await refusal(db.execute(sql`truncate outcome_observations`))).toMatch(/TRUNCATE is refused/)
    expect(await refusal(db.execute(sql`truncate enrolments cascade`))).toMatch(/TRUNCATE is refused/)
    expect((await call(t.admin, { method: 'GET', url: `/api/v1/observations/${obs.id}` })).data).toEqual(obs)
    const count = rows<{ n: number }>(await db.execute(sql`select count(*)::int as n from outcome_observations`))
    expect(count[0]!.n).toBeGreaterThan(0)
    const still = rows<{ situation: string }>(
      await db.execute(sql`select situation from outcome_observations where id = ${obs.id}`),
    )
    expect(still).toEqual([{ situation: 'employed' }])
  })
})

describe('audit trail', () => {
  const auditOf = (resourceId: string) =>
    t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, resourceId)).orderBy(asc(auditEvents.id))
  const observationEvents = async () =>
    (await t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceType, 'observation'))).length

  it('records each observation and correction once, with its campus, and nothing for a refused one', async () => {
    const e = await exited()
    const first = await post(e.id, employedAtM6)
    expect(first.statusCode).toBe(201)
    expect(await auditOf(first.data.id)).toEqual([
      expect.objectContaining({
        action: 'create',
        resourceType: 'observation',
        resourceId: first.data.id,
        campusId: cohort.campusId,
      }),
    ])
    const correction = await post(e.id, { ...employedAtM6, contractMonths: 6, supersedes: first.data.id })
    expect(correction.statusCode).toBe(201)
    const [corrected] = await auditOf(correction.data.id)
    expect(corrected).toMatchObject({ action: 'create', resourceType: 'observation', campusId: cohort.campusId })
    expect(corrected!.changes).toMatchObject({ after: { supersedes: first.data.id, contractMonths: 6 } })
    expect(await auditOf(correction.data.id)).toHaveLength(1)
    expect(await auditOf(first.data.id)).toHaveLength(1)

    const before = await observationEvents()
    const again = await post(e.id, { ...employedAtM6, supersedes: first.data.id })
    expectProblem(again, 409, 'conflict')
    expectProblem(await post(e.id, { ...employedAtM6, situation: 'job_seeking' }), 400, 'validation_failed')
    const inTraining = await fx.enrolment(cohort, { exitDate: null })
    expectProblem(await post(inTraining.id, employedAtM6), 409, 'conflict')
    expect(await observationEvents()).toBe(before)
  })
})
