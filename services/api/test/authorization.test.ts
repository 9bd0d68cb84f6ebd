import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enrolments, internships, learners, outcomeObservations } from '../src/db/schema/index.js'
import { insertCohort, seededApp } from '../src/modules/enrolments/enrolments.fixtures.js'
import {
  as,
  call,
  createKey,
  createStaff,
  deleteIfMatch,
  expectProblem,
  patchIfMatch,
  type Injector,
  type TestContext,
} from './helpers.js'

/**
 * The authorization matrix: every operation of the published contract, called by every kind of
 * caller, allowed or refused as the table below says. A new operation without a row fails here.
 */
const actors = [
  'public',
  'key:records:read',
  'key:enrolments:write',
  'key:outcomes:write',
  'key:stats:read',
  'campus_staff',
  'network_staff',
  'admin',
] as const
type Actor = (typeof actors)[number]

const everyone: Actor[] = [...actors]
const anyCredential = actors.filter((a) => a !== 'public')
const admin: Actor[] = ['admin']
const staff: Actor[] = ['admin', 'network_staff', 'campus_staff']
const readers: Actor[] = ['admin', 'network_staff', 'campus_staff', 'key:records:read']
const writers = (scope?: 'enrolments:write' | 'outcomes:write'): Actor[] => [
  'admin',
  'campus_staff',
  ...(scope ? [`key:${scope}` as Actor] : []),
]

/** operationId → who may call it. Keys and campus staff belong to campus A; ids name nothing unless a campus. */
const matrix: Record<string, Actor[]> = {
  getHealth: everyone,
  getReadiness: everyone,
  login: everyone,
  logout: everyone,
  getSession: everyone,
  getPrincipal: anyCredential,
  changePassword: staff,
  listUsers: admin,
  createUser: admin,
  getUser: admin,
  updateUser: admin,
  listApiKeys: admin,
  createApiKey: admin,
  getApiKey: admin,
  revokeApiKey: admin,
  listAuditEvents: admin,
  listOrganisations: everyone,
  getOrganisation: everyone,
  createOrganisation: admin,
  updateOrganisation: admin,
  deleteOrganisation: admin,
  listCampuses: everyone,
  getCampus: everyone,
  createCampus: admin,
  updateCampus: admin,
  deleteCampus: admin,
  getCampusConsortium: everyone,
  listCampusMemberships: everyone,
  createMembership: admin,
  listOrganisationMemberships: everyone,
  getMembership: everyone,
  updateMembership: admin,
  deleteMembership: admin,
  listTracks: everyone,
  getTrack: everyone,
  createTrack: admin,
  updateTrack: admin,
  deleteTrack: admin,
  listCohorts: readers,
  getCohort: readers,
  createCohort: writers(),
  updateCohort: writers(),
  deleteCohort: writers(),
  listLearners: readers,
  getLearner: readers,
  createLearner: writers('enrolments:write'),
  updateLearner: writers('enrolments:write'),
  deleteLearner: writers('enrolments:write'),
  listEnrolments: readers,
  getEnrolment: readers,
  createEnrolment: writers('enrolments:write'),
  updateEnrolment: writers('enrolments:write'),
  deleteEnrolment: writers('enrolments:write'),
  transitionEnrolment: writers('enrolments:write'),
  listEnrolmentStages: readers,
  listEnrolmentInternships: readers,
  createInternship: writers('enrolments:write'),
  getInternship: readers,
  updateInternship: writers('enrolments:write'),
  deleteInternship: writers('enrolments:write'),
  createOutcomeObservation: writers('outcomes:write'),
  listOutcomeObservations: readers,
  getOutcomeObservation: readers,
  listFollowUps: readers,
  // Follow-up invitations: campus staff make and revoke them; a learner answers with a code alone.
  createFollowUpInvitation: writers(),
  createCohortFollowUpInvitations: writers(),
  listFollowUpInvitations: readers,
  revokeFollowUpInvitation: writers(),
  lookupSelfReport: everyone,
  createSelfReport: everyone,
  // Called with kind=enrolments: an `outcomes:write` key may import outcomes only.
  importRecords: writers('enrolments:write'),
  listMetrics: everyone,
  getMetric: everyone,
  getPlacement: everyone,
  getStatsOverview: everyone,
  getStatsFunnel: everyone,
  getOutcomeMix: everyone,
  // Freezing a published figure: network staff (the statistics module's choice).
  createSnapshot: ['admin', 'network_staff'],
  listSnapshots: everyone,
  getSnapshot: everyone,
  // Open data: always the public view, whoever asks.
  getOpenData: everyone,
  getOpenDataResource: everyone,
}

interface Operation {
  method: string
  path: string
  operationId: string
}

let t: TestContext
let campusA: string
let campusB: string
const callers = {} as Record<Actor, Injector>
const responses: string[] = []
/** Records of campus B, which campus A's staff and keys must never reach. */
const b = {} as { cohort: string; learner: string; enrolment: string; internship: string; observation: string }
const a = {} as { cohort: string; learner: string; enrolment: string }

async function recordsOf(campusId: string, organisationId: string) {
  const db = t.database.db
  const cohort = await insertCohort(db, {
    campusId,
    name: `Cohort ${randomUUID().slice(0, 6)}`,
    startDate: '2019-01-07',
    endDate: '2019-04-05',
  })
  const [learner] = await db
    .insert(learners)
    .values({
      campusId,
      reference: `REF-${randomUUID().slice(0, 6)}`,
      birthYear: 2000,
      sex: 'female',
      diplomaAtEntry: 'none',
      referrer: 'self',
    })
    .returning()
  const [enrolment] = await db
    .insert(enrolments)
    .values({
      learnerId: learner!.id,
      cohortId: cohort.id,
      appliedOn: '2018-12-01',
      stage: 'completed',
      stageChangedOn: '2019-04-05',
      integrationConfirmedOn: '2019-01-21',
      exitDate: '2019-04-05',
      exitReason: 'completed',
    })
    .returning()
  const [internship] = await db
    .insert(internships)
    .values({
      enrolmentId: enrolment!.id,
      hostOrganisationId: organisationId,
      startDate: '2019-03-01',
      endDate: '2019-03-29',
    })
    .returning()
  const [observation] = await db
    .insert(outcomeObservations)
    .values({
      enrolmentId: enrolment!.id,
      checkpoint: 'exit',
      observedOn: '2019-04-05',
      situation: 'job_seeking',
      source: 'self_declared',
    })
    .returning()
  return {
    cohort: cohort.id,
    learner: learner!.id,
    enrolment: enrolment!.id,
    internship: internship!.id,
    observation: observation!.id,
  }
}

beforeAll(async () => {
  ;({ t, lyonId: campusA, romansId: campusB } = await seededApp())
  const organisation = (await call(t.app, { method: 'GET', url: '/api/v1/organisations?q=telenco' })).data.items[0].id
  Object.assign(a, await recordsOf(campusA, organisation))
  Object.assign(b, await recordsOf(campusB, organisation))

  callers.public = t.app
  callers.admin = t.admin
  callers.network_staff = as(t.app, (await createStaff(t, { role: 'network_staff' })).headers)
  callers.campus_staff = as(t.app, (await createStaff(t, { role: 'campus_staff', campusIds: [campusA] })).headers)
  for (const scope of ['records:read', 'enrolments:write', 'outcomes:write', 'stats:read']) {
    callers[`key:${scope}` as Actor] = as(
      t.app,
      (await createKey(t.admin, { scopes: [scope], campusIds: [campusA] })).headers,
    )
  }
})
afterAll(() => t.close())

const staffActors: Actor[] = ['campus_staff', 'network_staff', 'admin']
const roleOf = { campus_staff: 'campus_staff', network_staff: 'network_staff', admin: 'network_admin' } as const

async function newSession(actor: Actor): Promise<Injector> {
  const role = roleOf[actor as keyof typeof roleOf]
  const { headers } = await createStaff(t, { role, ...(role === 'campus_staff' ? { campusIds: [campusA] } : {}) })
  return as(t.app, headers)
}

async function operations(): Promise<Operation[]> {
  const doc = (await call(t.app, { method: 'GET', url: '/api/openapi.json' })).data
  const ops: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>)) {
    for (const [method, op] of Object.entries(item))
      ops.push({ method: method.toUpperCase(), path, operationId: op.operationId })
  }
  return ops
}

/** A concrete URL: campus parameters name campus A, other ids name nothing (404 when allowed). */
function urlOf(op: Operation): string {
  return op.path
    .replace('{campusId}', campusA)
    .replace('{kind}', 'enrolments')
    .replace(/\{[^}]+\}/g, () => randomUUID())
}

describe('authorization matrix', () => {
  it('has a row for every operation of the contract, and none for operations that do not exist', async () => {
    const ids = (await operations()).map((o) => o.operationId)
    expect(
      ids.filter((id) => !(id in matrix)),
      'operations without a row in the matrix',
    ).toEqual([])
    expect(
      Object.keys(matrix).filter((id) => !ids.includes(id)),
      'rows for operations that do not exist',
    ).toEqual([])
  })

  it('allows and refuses every operation for every caller as the matrix says', async () => {
    const wrong: string[] = []
    for (const op of await operations()) {
      const allowed = matrix[op.operationId]
      if (!allowed) continue
      for (const actor of actors) {
        // Logging out ends a session: staff log out from a session of their own.
        const caller =
          op.operationId === 'logout' && staffActors.includes(actor) ? await newSession(actor) : callers[actor]
        const res = await call(caller, {
          method: op.method as 'GET',
          url: urlOf(op),
          ...(['POST', 'PATCH', 'PUT'].includes(op.method) ? { payload: {} } : {}),
        })
        responses.push(res.body)
        const refused = res.statusCode === 401 || res.statusCode === 403
        if (allowed.includes(actor) === refused) {
          wrong.push(
            `${op.operationId} as ${actor}: ${allowed.includes(actor) ? 'allowed' : 'refused'} expected, got ${res.statusCode} ${res.body.slice(0, 160)}`,
          )
        } else if (refused) {
          // The public is asked for credentials; a caller with credentials is told they do not suffice.
          const expected = actor === 'public' ? 'unauthorized' : 'forbidden'
          if (res.data?.code !== expected)
            wrong.push(`${op.operationId} as ${actor}: ${expected} expected, got ${res.body}`)
        }
      }
    }
    expect(wrong).toEqual([])
  })
})

describe('object level: campus A’s staff and keys never reach campus B', () => {
  const campusStaff = () => callers.campus_staff
  const readKey = () => callers['key:records:read']

  it('by id: reads of B’s records are refused, A’s are served', async () => {
    for (const caller of [campusStaff(), readKey()]) {
      for (const url of [
        `/api/v1/cohorts/${b.cohort}`,
        `/api/v1/learners/${b.learner}`,
        `/api/v1/enrolments/${b.enrolment}`,
        `/api/v1/enrolments/${b.enrolment}/stages`,
        `/api/v1/enrolments/${b.enrolment}/internships`,
        `/api/v1/internships/${b.internship}`,
        `/api/v1/enrolments/${b.enrolment}/observations`,
        `/api/v1/observations/${b.observation}`,
      ]) {
        expectProblem(await call(caller, { method: 'GET', url }), 403, 'forbidden')
      }
      expect((await call(caller, { method: 'GET', url: `/api/v1/cohorts/${a.cohort}` })).statusCode).toBe(200)
      expect((await call(caller, { method: 'GET', url: `/api/v1/learners/${a.learner}` })).statusCode).toBe(200)
      expect((await call(caller, { method: 'GET', url: `/api/v1/enrolments/${a.enrolment}` })).statusCode).toBe(200)
    }
    // Network staff read every campus.
    expect(
      (await call(callers.network_staff, { method: 'GET', url: `/api/v1/learners/${b.learner}` })).statusCode,
    ).toBe(200)
  })

  it('by filter: naming B is refused; without a filter, only A’s records come back', async () => {
    for (const caller of [campusStaff(), readKey()]) {
      for (const url of [
        `/api/v1/cohorts?campusId=${campusB}`,
        `/api/v1/learners?campusId=${campusB}`,
        `/api/v1/enrolments?campusId=${campusB}`,
        `/api/v1/enrolments?cohortId=${b.cohort}`,
        `/api/v1/enrolments?learnerId=${b.learner}`,
        `/api/v1/follow-ups?campusId=${campusB}`,
        `/api/v1/follow-ups?cohortId=${b.cohort}`,
      ]) {
        expectProblem(await call(caller, { method: 'GET', url }), 403, 'forbidden')
      }
      for (const [url, id] of [
        ['/api/v1/cohorts?limit=100', a.cohort],
        ['/api/v1/learners?limit=100', a.learner],
        ['/api/v1/enrolments?limit=100', a.enrolment],
      ] as const) {
        const items = (await call(caller, { method: 'GET', url })).data.items as Array<{
          id: string
          campusId?: string
        }>
        expect(items.map((i) => i.id)).toContain(id)
        expect(items.map((i) => i.id)).not.toContain(b.cohort)
        expect(items.map((i) => i.id)).not.toContain(b.learner)
        expect(items.map((i) => i.id)).not.toContain(b.enrolment)
      }
    }
    // Follow-ups due: B's completed enrolment (no m6 observation) is listed for network staff only.
    const dueFor = async (caller: Injector) =>
      (
        (await call(caller, { method: 'GET', url: '/api/v1/follow-ups?limit=100' })).data.items as Array<{
          enrolmentId?: string
          enrolment?: { id: string }
        }>
      ).map((f) => f.enrolmentId ?? f.enrolment?.id)
    expect(await dueFor(campusStaff())).not.toContain(b.enrolment)
    expect(await dueFor(readKey())).not.toContain(b.enrolment)
    expect(await dueFor(campusStaff())).toContain(a.enrolment)
    expect(await dueFor(callers.network_staff)).toEqual(expect.arrayContaining([a.enrolment, b.enrolment]))
    const all = (await call(callers.network_staff, { method: 'GET', url: '/api/v1/learners?limit=100' })).data.items
    expect(all.map((l: { id: string }) => l.id)).toEqual(expect.arrayContaining([a.learner, b.learner]))
  })

  it('writes: editing, deleting or creating in B is refused and changes nothing', async () => {
    const caller = campusStaff()
    const refusals = [
      await patchIfMatch(caller, `/api/v1/cohorts/${b.cohort}`, '"1"', { name: 'Taken over' }),
      await deleteIfMatch(caller, `/api/v1/cohorts/${b.cohort}`, '"1"'),
      await patchIfMatch(caller, `/api/v1/learners/${b.learner}`, '"1"', { birthYear: 1999 }),
      await deleteIfMatch(caller, `/api/v1/learners/${b.learner}`, '"1"'),
      await call(caller, {
        method: 'POST',
        url: '/api/v1/learners',
        payload: {
          campusId: campusB,
          reference: 'INTRUDER',
          birthYear: 2000,
          sex: 'male',
          diplomaAtEntry: 'none',
          referrer: 'self',
        },
      }),
      await call(caller, {
        method: 'POST',
        url: '/api/v1/cohorts',
        payload: {
          campusId: campusB,
          trackId: randomUUID(),
          name: 'Intruder cohort',
          startDate: '2020-01-06',
          endDate: '2020-04-03',
          plannedSeats: 12,
        },
      }),
      await call(caller, {
        method: 'POST',
        url: '/api/v1/enrolments',
        payload: { learnerId: a.learner, cohortId: b.cohort, appliedOn: '2019-01-02' },
      }),
      await patchIfMatch(caller, `/api/v1/enrolments/${b.enrolment}`, '"1"', { certificationObtained: true }),
      await patchIfMatch(caller, `/api/v1/internships/${b.internship}`, '"1"', { ledToHire: true }),
      await call(callers['key:outcomes:write'], {
        method: 'POST',
        url: `/api/v1/enrolments/${b.enrolment}/observations`,
        payload: { checkpoint: 'm6', observedOn: '2019-10-05', situation: 'inactive', source: 'partner_report' },
      }),
      await deleteIfMatch(callers['key:enrolments:write'], `/api/v1/learners/${b.learner}`, '"1"'),
    ]
    for (const res of refusals) expectProblem(res, 403, 'forbidden')
    const learner = await call(t.admin, { method: 'GET', url: `/api/v1/learners/${b.learner}` })
    expect(learner.data).toMatchObject({ birthYear: 2000, version: 1 })
    const cohort = await call(t.admin, { method: 'GET', url: `/api/v1/cohorts/${b.cohort}` })
    expect(cohort.data.version).toBe(1)
    const intruders = await call(t.admin, { method: 'GET', url: `/api/v1/learners?campusId=${campusB}&q=INTRUDER` })
    expect(intruders.data.items).toEqual([])
  })

  it('bulk import: a line naming campus B fails the whole file; nothing is written', async () => {
    const csv = [
      'campus;cohort;learnerReference;birthYear;sex;diplomaAtEntry;referrer;appliedOn;stage',
      'Plombiers du numérique Romans-sur-Isère;Whatever;BULK-1;2000;female;none;self;2019-01-02;applied',
    ].join('\n')
    for (const caller of [campusStaff(), callers['key:enrolments:write']]) {
      const res = await call(caller, {
        method: 'POST',
        url: '/api/v1/imports/enrolments',
        headers: { 'content-type': 'text/csv' },
        payload: csv,
      })
      const problem = expectProblem(res, 422, 'import_rejected')
      expect(problem.report.errors[0]).toMatchObject({ line: 2, field: 'campus', code: 'forbidden' })
    }
    const outcomes = [
      'campus;cohort;learnerReference;checkpoint;observedOn;situation;source',
      'Plombiers du numérique Romans-sur-Isère;Whatever;REF;m6;2019-10-05;inactive;partner_report',
    ].join('\n')
    const res = await call(callers['key:outcomes:write'], {
      method: 'POST',
      url: '/api/v1/imports/outcomes',
      headers: { 'content-type': 'text/csv' },
      payload: outcomes,
    })
    expect(expectProblem(res, 422, 'import_rejected').report.errors[0]).toMatchObject({
      field: 'campus',
      code: 'forbidden',
    })
    const bulk = await call(t.admin, { method: 'GET', url: '/api/v1/learners?q=BULK' })
    expect(bulk.data.items).toEqual([])
  })
})

describe('property level', () => {
  it('no answer ever holds a password hash, a key hash or a session token hash', async () => {
    // The matrix run above kept every answer; add the listings that show accounts and keys.
    for (const url of ['/api/v1/users?limit=100', '/api/v1/api-keys?limit=100', '/api/v1/audit-events?limit=100']) {
      responses.push((await call(t.admin, { method: 'GET', url })).body)
    }
    responses.push((await call(callers.campus_staff, { method: 'GET', url: '/api/v1/auth/me' })).body)
    responses.push((await call(callers['key:records:read'], { method: 'GET', url: '/api/v1/auth/me' })).body)
    expect(responses.length).toBeGreaterThan(500)
    for (const body of responses) {
      expect(body).not.toMatch(/scrypt\$/)
      expect(body).not.toMatch(/passwordHash|password_hash|keyHash|key_hash|tokenHash|csrfTokenHash/)
      expect(body).not.toMatch(/\b[0-9a-f]{64}\b/)
    }
  })
})
