import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  as,
  call,
  createStaff,
  createTestApp,
  expectProblem,
  type Injector,
  type TestContext,
} from '../../../test/helpers.js'
import { loadConfig } from '../../config.js'
import { rows } from '../../db/client.js'
import { outcomeFixtures } from '../outcomes/outcomes.fixtures.js'
import { addDays, addMonths, todayUtc } from '@trajectoires/contract/rules'
import { patience } from '../../../test/patience.js'

let t: TestContext
let fx: ReturnType<typeof outcomeFixtures>
let lyon: { id: string }
let romans: { id: string }
let cohort: { id: string; campusId: string }
let lyonStaff: Injector
let romansStaff: Injector
let networkStaff: Injector
const e: Record<string, { id: string; learner: { id: string; reference: string } }> = {}

const today = todayUtc()
/** Exited six months ago: the m6 checkpoint is due today, its window open. */
const dueNow = addMonths(today, -6)

const invite = (who: Injector, enrolmentId: string, checkpoint = 'm6', extra: object = {}) =>
  call(who, {
    method: 'POST',
    url: '/api/v1/follow-up-invitations',
    payload: { enrolmentId, checkpoint, ...extra },
  })
const lookup = (code: string) => call(t.app, { method: 'POST', url: '/api/v1/self-reports/lookup', payload: { code } })
const answer = (payload: object) => call(t.app, { method: 'POST', url: '/api/v1/self-reports', payload })

beforeAll(async () => {
  t = await createTestApp({ publicUrl: 'https://trajectoires.example' })
  fx = outcomeFixtures(t.database.db)
  lyon = await fx.campus('Plombiers du numérique Lyon')
  romans = await fx.campus('Plombiers du numérique Romans-sur-Isère')
  cohort = await fx.cohort(lyon.id, 'Lyon 2026-A')
  e.a = await fx.enrolment(cohort, { exitDate: dueNow, reference: 'LYO-A' })
  e.b = await fx.enrolment(cohort, { exitDate: dueNow, reference: 'LYO-B' })
  e.c = await fx.enrolment(cohort, { exitDate: dueNow, reference: 'LYO-C' })
  e.observed = await fx.enrolment(cohort, { exitDate: dueNow, reference: 'LYO-OBS' })
  e.unreached = await fx.enrolment(cohort, { exitDate: dueNow, reference: 'LYO-UNREACHED' })
  e.excluded = await fx.enrolment(cohort, {
    exitDate: dueNow,
    exitReason: 'excluded',
    exclusionReason: 'moved_away',
    reference: 'LYO-EXCL',
  })
  e.closed = await fx.enrolment(cohort, { exitDate: addMonths(today, -10), reference: 'LYO-OLD' })
  e.training = await fx.enrolment(cohort, { exitDate: null, reference: 'LYO-TRAIN' })
  const romansCohort = await fx.cohort(romans.id, 'Romans 2026-A')
  e.romans = await fx.enrolment(romansCohort, { exitDate: dueNow, reference: 'ROM-A' })
  await call(t.admin, {
    method: 'POST',
    url: `/api/v1/enrolments/${e.observed.id}/observations`,
    payload: { checkpoint: 'm6', observedOn: today, situation: 'job_seeking', source: 'partner_report' },
  })
  // A failed contact says nothing of the situation: that learner is still due.
  await call(t.admin, {
    method: 'POST',
    url: `/api/v1/enrolments/${e.unreached.id}/observations`,
    payload: { checkpoint: 'm6', observedOn: today, situation: 'unreachable', source: 'self_declared' },
  })
  lyonStaff = as(t.app, (await createStaff(t, { role: 'campus_staff', campusIds: [lyon.id] })).headers)
  romansStaff = as(t.app, (await createStaff(t, { role: 'campus_staff', campusIds: [romans.id] })).headers)
  networkStaff = as(t.app, (await createStaff(t, { role: 'network_staff' })).headers)
})
afterAll(() => t.close())

describe('invitations', () => {
  it('makes a one-time code of 128 bits, answers it once with the link, and stores only its hash', async () => {
    const res = await invite(lyonStaff, e.a!.id)
    expect(res.statusCode).toBe(201)
    expect(res.data).toMatchObject({
      enrolmentId: e.a!.id,
      learner: { id: e.a!.learner.id, reference: 'LYO-A' },
      checkpoint: 'm6',
    })
    expect(res.data.code).toMatch(/^[A-Z2-7]{26}$/)
    expect(res.data.link).toBe(`https://trajectoires.example/suivi#${res.data.code}`)
    const days = (Date.parse(res.data.expiresAt) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(59.9)
    expect(days).toBeLessThanOrEqual(60)

    const stored = rows<{ code_hash: string }>(
      await t.database.db.execute(sql`select code_hash from follow_up_invitations where id = ${res.data.id}`),
    )
    expect(stored[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/)
    const dump = JSON.stringify(
      rows(await t.database.db.execute(sql`select * from follow_up_invitations where id = ${res.data.id}`)),
    )
    expect(dump).not.toContain(res.data.code)

    const list = await call(lyonStaff, { method: 'GET', url: `/api/v1/follow-up-invitations?cohortId=${cohort.id}` })
    expect(list.statusCode).toBe(200)
    expect(JSON.stringify(list.data)).not.toContain(res.data.code)
  })

  it('ends the code at the close of the checkpoint window when that comes before SELF_REPORT_CODE_DAYS', async () => {
    const lateExit = addDays(addMonths(today, -8), 3)
    const late = await fx.enrolment(cohort, { exitDate: lateExit, reference: 'LYO-LATE' })
    const res = await invite(lyonStaff, late.id)
    expect(res.statusCode).toBe(201)
    // The m6 window ends at exit + 8 months (about 3 days from today), that day included.
    expect(res.data.expiresAt).toBe(`${addDays(addMonths(lateExit, 8), 1)}T00:00:00.000Z`)
  })

  it('refuses an enrolment that has not exited, is excluded, or whose window is not open (409), and an unknown one (404)', async () => {
    expectProblem(await invite(lyonStaff, e.training!.id), 409, 'conflict')
    expectProblem(await invite(lyonStaff, e.excluded!.id), 409, 'conflict')
    const closed = expectProblem(await invite(lyonStaff, e.closed!.id), 409, 'conflict')
    expect(closed.detail).toContain('window')
    expectProblem(await invite(lyonStaff, e.a!.id, 'exit'), 409, 'conflict')
    expectProblem(await invite(t.admin, '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10'), 404, 'not_found')
  })

  it('keeps staff to their campus: another campus is 403, network staff read but do not invite', async () => {
    expectProblem(await invite(romansStaff, e.a!.id), 403, 'forbidden')
    expectProblem(
      await call(romansStaff, {
        method: 'POST',
        url: `/api/v1/cohorts/${cohort.id}/follow-up-invitations`,
        payload: { checkpoint: 'm6' },
      }),
      403,
      'forbidden',
    )
    expectProblem(
      await call(romansStaff, { method: 'GET', url: `/api/v1/follow-up-invitations?cohortId=${cohort.id}` }),
      403,
      'forbidden',
    )
    const mine = await invite(lyonStaff, e.b!.id)
    expectProblem(
      await call(romansStaff, { method: 'POST', url: `/api/v1/follow-up-invitations/${mine.data.id}/revoke` }),
      403,
      'forbidden',
    )
    expectProblem(await invite(networkStaff, e.a!.id), 403, 'forbidden')
    const read = await call(networkStaff, { method: 'GET', url: `/api/v1/follow-up-invitations?cohortId=${cohort.id}` })
    expect(read.statusCode).toBe(200)
    expectProblem(
      await call(t.app, { method: 'POST', url: '/api/v1/follow-up-invitations', payload: {} }),
      401,
      'unauthorized',
    )
  })

  it('invites every learner of a cohort due at a checkpoint, replacing their pending codes', async () => {
    const first = await invite(lyonStaff, e.c!.id)
    const res = await call(lyonStaff, {
      method: 'POST',
      url: `/api/v1/cohorts/${cohort.id}/follow-up-invitations`,
      payload: { checkpoint: 'm6', contact: 'Équipe insertion, 04 72 00 00 00' },
    })
    expect(res.statusCode).toBe(201)
    // Observed, excluded, closed-window and unexited enrolments are left out (an unreachable
    // observation alone leaves the learner due); by reference.
    expect(res.data.items.map((i: any) => i.learner.reference)).toEqual([
      'LYO-A',
      'LYO-B',
      'LYO-C',
      'LYO-LATE',
      'LYO-UNREACHED',
    ])
    expect(new Set(res.data.items.map((i: any) => i.code)).size).toBe(5)

    expectProblem(await lookup(first.data.code), 410, 'code_revoked')
    const pending = await call(lyonStaff, {
      method: 'GET',
      url: `/api/v1/follow-up-invitations?cohortId=${cohort.id}&status=pending`,
    })
    expect(pending.data.items.map((i: any) => i.id).sort()).toEqual(res.data.items.map((i: any) => i.id).sort())
    const revoked = await call(lyonStaff, {
      method: 'GET',
      url: `/api/v1/follow-up-invitations?cohortId=${cohort.id}&status=revoked&checkpoint=m6`,
    })
    expect(revoked.data.items.map((i: any) => i.id)).toContain(first.data.id)

    expectProblem(
      await call(lyonStaff, {
        method: 'POST',
        url: '/api/v1/cohorts/0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10/follow-up-invitations',
        payload: { checkpoint: 'm6' },
      }),
      404,
      'not_found',
    )
  })
})

describe('the learner answers with the code', () => {
  let code: string
  let id: string
  beforeAll(async () => {
    const res = await invite(lyonStaff, e.a!.id, 'm6', { contact: 'Équipe insertion, 04 72 00 00 00' })
    code = res.data.code
    id = res.data.id
  })

  it('looks the code up: the campus, checkpoint, date and contact, nothing about the learner', async () => {
    const res = await lookup(code.toLowerCase().replace(/(.{4})/g, '$1 '))
    expect(res.statusCode).toBe(200)
    expect(res.data).toEqual({
      campusName: 'Plombiers du numérique Lyon',
      checkpoint: 'm6',
      dueOn: addMonths(dueNow, 6),
      window: { from: addMonths(dueNow, 4), to: addMonths(dueNow, 8) },
      expiresAt: expect.any(String),
      contact: 'Équipe insertion, 04 72 00 00 00',
    })
    expect(res.body).not.toContain('LYO-A')
    expect(res.body).not.toContain(e.a!.id)
  })

  it('answers 404 for a wrong code, and 400 for an empty one', async () => {
    expectProblem(await lookup('AAAAAAAAAAAAAAAAAAAAAAAAAA'), 404, 'not_found')
    expectProblem(await answer({ code: 'AAAAAAAAAAAAAAAAAAAAAAAAAA', situation: 'job_seeking' }), 404, 'not_found')
    expectProblem(await lookup(''), 400, 'validation_failed')
  })

  it('checks the answer with the rules of every observation, and leaves the code usable when refused', async () => {
    const bad = expectProblem(await answer({ code, situation: 'employed' }), 400, 'validation_failed')
    expect(bad.errors!.map((x) => x.field)).toEqual(['/contractType'])
    expectProblem(await answer({ code, situation: 'unreachable' }), 400, 'validation_failed')
    // A situation that would begin after today (the day observed) is refused too.
    const later = await answer({ code, situation: 'job_seeking', startedOn: addDays(today, 1) })
    expect(expectProblem(later, 400, 'validation_failed').errors!.map((x) => x.field)).toEqual(['/startedOn'])
    expect((await lookup(code)).statusCode).toBe(200)
  })

  it('records the answer as a self_report observation observed today, then the code is used (410)', async () => {
    const res = await answer({
      code,
      situation: 'employed',
      contractType: 'cdd',
      contractMonths: 6,
      inFibreSector: true,
      startedOn: addDays(today, -20),
    })
    expect(res.statusCode).toBe(201)
    expect(res.data).toEqual({ campusName: 'Plombiers du numérique Lyon', checkpoint: 'm6', observedOn: today })

    const history = await call(lyonStaff, { method: 'GET', url: `/api/v1/enrolments/${e.a!.id}/observations` })
    expect(history.data.current.m6).toMatchObject({
      observedOn: today,
      situation: 'employed',
      contractType: 'cdd',
      contractMonths: 6,
      inFibreSector: true,
      startedOn: addDays(today, -20),
      source: 'self_report',
      provenance: 'user',
    })

    expectProblem(await lookup(code), 410, 'code_used')
    expectProblem(await answer({ code, situation: 'job_seeking' }), 410, 'code_used')
    const list = await call(lyonStaff, {
      method: 'GET',
      url: `/api/v1/follow-up-invitations?cohortId=${cohort.id}&status=answered`,
    })
    expect(list.data.items).toEqual([
      expect.objectContaining({ id, status: 'answered', observationId: history.data.current.m6.id }),
    ])
    // The enrolment now has an m6 observation: it is no longer due.
    const follow = await call(lyonStaff, {
      method: 'GET',
      url: `/api/v1/follow-ups?cohortId=${cohort.id}&checkpoint=m6`,
    })
    expect(follow.data.items.map((i: any) => i.enrolmentId)).not.toContain(e.a!.id)
  })

  it('lets staff correct a self-report like any observation', async () => {
    const history = await call(lyonStaff, { method: 'GET', url: `/api/v1/enrolments/${e.a!.id}/observations` })
    const res = await call(lyonStaff, {
      method: 'POST',
      url: `/api/v1/enrolments/${e.a!.id}/observations`,
      payload: {
        checkpoint: 'm6',
        observedOn: today,
        situation: 'employed',
        contractType: 'cdd',
        contractMonths: 12,
        source: 'document',
        supersedes: history.data.current.m6.id,
      },
    })
    expect(res.statusCode).toBe(201)
    // Staff cannot claim a self-report themselves.
    expectProblem(
      await call(lyonStaff, {
        method: 'POST',
        url: `/api/v1/enrolments/${e.b!.id}/observations`,
        payload: { checkpoint: 'm6', observedOn: today, situation: 'inactive', source: 'self_report' },
      }),
      400,
      'validation_failed',
    )
  })

  it('answers 410 for an expired code', async () => {
    const res = await invite(lyonStaff, e.b!.id)
    await t.database.db.execute(
      sql`update follow_up_invitations set expires_at = now() - interval '1 second' where id = ${res.data.id}`,
    )
    expectProblem(await lookup(res.data.code), 410, 'code_expired')
    expectProblem(await answer({ code: res.data.code, situation: 'inactive' }), 410, 'code_expired')
    const list = await call(lyonStaff, {
      method: 'GET',
      url: `/api/v1/follow-up-invitations?cohortId=${cohort.id}&status=expired`,
    })
    expect(list.data.items.map((i: any) => i.id)).toContain(res.data.id)
  })

  it('answers 410 for a revoked code; revoking twice changes nothing, an answered invitation is 409', async () => {
    const res = await invite(lyonStaff, e.c!.id)
    const revoked = await call(lyonStaff, {
      method: 'POST',
      url: `/api/v1/follow-up-invitations/${res.data.id}/revoke`,
    })
    expect(revoked.statusCode).toBe(200)
    expect(revoked.data).toMatchObject({ id: res.data.id, status: 'revoked', revokedAt: expect.any(String) })
    expectProblem(await lookup(res.data.code), 410, 'code_revoked')
    expectProblem(await answer({ code: res.data.code, situation: 'inactive' }), 410, 'code_revoked')
    const again = await call(lyonStaff, { method: 'POST', url: `/api/v1/follow-up-invitations/${res.data.id}/revoke` })
    expect(again.data.revokedAt).toBe(revoked.data.revokedAt)
    expectProblem(
      await call(lyonStaff, { method: 'POST', url: `/api/v1/follow-up-invitations/${id}/revoke` }),
      409,
      'conflict',
    )
    expectProblem(
      await call(lyonStaff, {
        method: 'POST',
        url: '/api/v1/follow-up-invitations/0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10/revoke',
      }),
      404,
      'not_found',
    )
  })

  it('never looks at credentials: a staff session in the same browser neither blocks nor signs the answer', async () => {
    const res = await invite(lyonStaff, e.c!.id)
    const { headers } = await createStaff(t, { role: 'campus_staff', campusIds: [lyon.id] })
    // The session cookie without its CSRF token, as a browser sends it before the page loads the session.
    const cookieOnly = as(t.app, { cookie: headers.cookie! })
    const looked = await call(cookieOnly, {
      method: 'POST',
      url: '/api/v1/self-reports/lookup',
      payload: { code: res.data.code },
    })
    expect(looked.statusCode).toBe(200)
    const answered = await call(cookieOnly, {
      method: 'POST',
      url: '/api/v1/self-reports',
      payload: { code: res.data.code, situation: 'qualifying_training' },
    })
    expect(answered.statusCode).toBe(201)
    const events = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/audit-events?resourceType=follow_up_invitation&resourceId=${res.data.id}&action=answer`,
    })
    expect(events.data.items).toEqual([expect.objectContaining({ actorType: 'anonymous', actorId: null, ip: null })])
  })

  it('puts every invitation, revocation and answer in the audit trail, without codes or the learner’s address', async () => {
    const events = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/audit-events?resourceType=follow_up_invitation&resourceId=${id}`,
    })
    expect(events.data.items.map((ev: any) => ev.action).sort()).toEqual(['answer', 'create'])
    const answered = events.data.items.find((ev: any) => ev.action === 'answer')
    expect(answered).toMatchObject({ actorType: 'anonymous', ip: null, campusId: lyon.id })
    const created = events.data.items.find((ev: any) => ev.action === 'create')
    expect(created).toMatchObject({ actorType: 'user', campusId: lyon.id })

    const revokes = await call(t.admin, {
      method: 'GET',
      url: '/api/v1/audit-events?resourceType=follow_up_invitation&action=revoke&limit=100',
    })
    expect(revokes.data.items.length).toBeGreaterThanOrEqual(2)

    const observation = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/audit-events?resourceType=observation&resourceId=${answered.changes.observationId}`,
    })
    expect(observation.data.items).toEqual([
      expect.objectContaining({ action: 'create', actorType: 'anonymous', ip: null }),
    ])
    const all = JSON.stringify(
      rows(await t.database.db.execute(sql`select * from audit_events where resource_type = 'follow_up_invitation'`)),
    )
    expect(all).not.toMatch(/[A-Z2-7]{26}/)
  })
})

describe('limits on the public routes', () => {
  it(
    'answers with limits on, then refuses past the limit per address (429), wrong and right codes alike',
    { timeout: patience(120_000) },
    async () => {
      const limited = await createTestApp({
        rateLimit: { ...loadConfig({}).rateLimit, enabled: true, selfReportMax: 3 },
      })
      try {
        const lfx = outcomeFixtures(limited.database.db)
        const campus = await lfx.campus()
        const enrolment = await lfx.enrolment(await lfx.cohort(campus.id), { exitDate: dueNow })
        const issued = await invite(limited.admin, enrolment.id)
        const go = (url: string, payload: object) => call(limited.app, { method: 'POST', url, payload })
        // The limits are counted before the answer's transaction (on PGlite, its only connection).
        const answered = await go('/api/v1/self-reports', { code: issued.data.code, situation: 'job_seeking' })
        expect(answered.statusCode).toBe(201)
        expectProblem(await go('/api/v1/self-reports/lookup', { code: issued.data.code }), 410, 'code_used')
        expectProblem(await go('/api/v1/self-reports/lookup', { code: 'BBBB' }), 404, 'not_found')
        const refused = expectProblem(
          await go('/api/v1/self-reports/lookup', { code: 'CCCC' }),
          429,
          'too_many_requests',
        )
        expect(refused.detail).toContain('3 per')
      } finally {
        await limited.close()
      }
    },
  )

  it(
    'refuses one code past its own limit (429) from any address, while other codes still answer',
    { timeout: patience(120_000) },
    async () => {
      const limited = await createTestApp({
        rateLimit: { ...loadConfig({}).rateLimit, enabled: true, selfReportMax: 100, selfReportCodeMax: 2 },
      })
      try {
        const lfx = outcomeFixtures(limited.database.db)
        const campus = await lfx.campus()
        const cohort = await lfx.cohort(campus.id)
        const first = await invite(limited.admin, (await lfx.enrolment(cohort, { exitDate: dueNow })).id)
        const second = await invite(limited.admin, (await lfx.enrolment(cohort, { exitDate: dueNow })).id)
        const lookUp = (code: string, address: string) =>
          call(limited.app, {
            method: 'POST',
            url: '/api/v1/self-reports/lookup',
            payload: { code },
            remoteAddress: address,
          })
        expect((await lookUp(first.data.code, '203.0.113.1')).statusCode).toBe(200)
        // The same code in another form (case, dashes) is the same code.
        const spelled = first.data.code.toLowerCase().replace(/(.{5})/g, '$1-')
        expect((await lookUp(spelled, '203.0.113.2')).statusCode).toBe(200)
        // A third try of that code, from a third address: refused, and so is its answer.
        expectProblem(await lookUp(first.data.code, '203.0.113.3'), 429, 'too_many_requests')
        expectProblem(
          await call(limited.app, {
            method: 'POST',
            url: '/api/v1/self-reports',
            payload: { code: first.data.code, situation: 'job_seeking' },
            remoteAddress: '203.0.113.4',
          }),
          429,
          'too_many_requests',
        )
        // Guessing one wrong code over and over stops too; another learner's code still answers.
        expect((await lookUp('WRONGWRONGWRONGWRONGWRONG2', '203.0.113.5')).statusCode).toBe(404)
        expect((await lookUp('WRONGWRONGWRONGWRONGWRONG2', '203.0.113.6')).statusCode).toBe(404)
        expectProblem(await lookUp('WRONGWRONGWRONGWRONGWRONG2', '203.0.113.7'), 429, 'too_many_requests')
        expect((await lookUp(second.data.code, '203.0.113.3')).statusCode).toBe(200)
      } finally {
        await limited.close()
      }
    },
  )
})
