import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  call,
  deleteIfMatch,
  expectCreated,
  expectDeletedWithIfMatch,
  expectProblem,
  expectReadBack,
  patchIfMatch,
  type TestContext,
} from '../../../test/helpers.js'
import { auditEvents, learners } from '../../db/schema/index.js'
import { insertCohort, newLearner, seededApp } from '../enrolments/enrolments.fixtures.js'

let t: TestContext
let lyonId: string
let romansId: string
const year = new Date().getUTCFullYear()

beforeAll(async () => {
  ;({ t, lyonId, romansId } = await seededApp())
})
afterAll(() => t.close())

const post = (payload: Record<string, unknown>) => call(t.admin, { method: 'POST', url: '/api/v1/learners', payload })
const valid = (fields: Record<string, unknown> = {}) => ({
  campusId: lyonId,
  reference: 'LYO-2019-001',
  birthYear: 2000,
  sex: 'male',
  diplomaAtEntry: 'none',
  referrer: 'mission_locale',
  ...fields,
})
const references = (res: { data: { items: Array<{ reference: string }> } }) => res.data.items.map((l) => l.reference)

describe('learners', () => {
  it('creates a pseudonymous learner with every fact, and reads it back', async () => {
    const res = await post(
      valid({
        reference: 'LYO-2019-014',
        qpvResident: true,
        qpvListVersion: '2015',
        diplomaAtEntry: 'cap_bep',
        monthsOutOfSchool: 14,
        neetAtEntry: true,
        referrer: 'e2c',
        drivingLicenceAtEntry: false,
      }),
    )
    expectCreated(res, '/api/v1/learners')
    expect(res.data).toMatchObject({
      campusId: lyonId,
      reference: 'LYO-2019-014',
      birthYear: 2000,
      sex: 'male',
      qpvResident: true,
      qpvListVersion: '2015',
      diplomaAtEntry: 'cap_bep',
      monthsOutOfSchool: 14,
      neetAtEntry: true,
      referrer: 'e2c',
      drivingLicenceAtEntry: false,
      provenance: 'user',
      version: 1,
    })
    await expectReadBack(t.admin, res)

    const minimal = await post(valid({ reference: 'LYO-2019-015' }))
    expect(minimal.data).toMatchObject({
      qpvResident: null,
      qpvListVersion: null,
      monthsOutOfSchool: null,
      neetAtEntry: null,
      drivingLicenceAtEntry: null,
    })
  })

  it('refuses names, e-mails, phone numbers and social security numbers, listing each field', async () => {
    const res = await post(
      valid({
        reference: 'LYO-PII-1',
        firstName: 'Camille',
        email: 'camille@example.org',
        phone: '+33 6 12 34 56 78',
        nir: '2 00 01 69 123 456 78',
      }),
    )
    const problem = expectProblem(res, 400, 'validation_failed')
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(['/email', '/firstName', '/nir', '/phone'])
    expect(problem.errors!.every((e) => e.code === 'additionalProperties' && e.in === 'body')).toBe(true)
    const list = await call(t.admin, { method: 'GET', url: '/api/v1/learners?q=LYO-PII' })
    expect(list.data.items).toEqual([])

    const learner = await newLearner(t.admin, lyonId)
    const patch = await patchIfMatch(t.admin, `/api/v1/learners/${learner.id}`, '"1"', {
      lastName: 'Martin',
      address: '1 rue de la Paix',
    })
    expect(
      expectProblem(patch, 400, 'validation_failed')
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['/address', '/lastName'])
  })

  it('keeps references unique per campus (409 duplicate) and well formed', async () => {
    expect((await post(valid({ reference: 'DUP-1' }))).statusCode).toBe(201)
    const again = await post(valid({ reference: 'DUP-1', birthYear: 1999 }))
    expect(expectProblem(again, 409, 'duplicate').detail).toMatch(/DUP-1/)
    const elsewhere = await post(valid({ reference: 'DUP-1', campusId: romansId }))
    expect(elsewhere.statusCode).toBe(201)
    for (const reference of ['', '-starts-with-dash', 'has space', 'x'.repeat(41), 'accentué']) {
      const bad = await post(valid({ reference }))
      expect(expectProblem(bad, 400, 'validation_failed').errors).toEqual([
        expect.objectContaining({ field: '/reference', code: 'pattern' }),
      ])
    }
    expect((await post(valid({ reference: 'A1._/-z' }))).statusCode).toBe(201)
  })

  it(`accepts birth years from ${year - 80} to ${year - 14} at creation`, async () => {
    expect((await post(valid({ reference: 'BY-YOUNGEST', birthYear: year - 14 }))).data.birthYear).toBe(year - 14)
    expect((await post(valid({ reference: 'BY-OLDEST', birthYear: year - 80 }))).data.birthYear).toBe(year - 80)
    for (const birthYear of [year - 13, year - 81]) {
      const res = await post(valid({ reference: `BY-${birthYear}`, birthYear }))
      const problem = expectProblem(res, 400, 'validation_failed')
      expect(problem.errors).toEqual([
        expect.objectContaining({
          field: '/birthYear',
          code: 'birth_year',
          message: expect.stringContaining(`${year - 80}`),
        }),
      ])
    }
    const ancient = await post(valid({ reference: 'BY-1940', birthYear: 1940 }))
    expect(expectProblem(ancient, 400, 'validation_failed').errors![0]).toMatchObject({
      field: '/birthYear',
      code: 'minimum',
    })
    const decimal = await post(valid({ reference: 'BY-DEC', birthYear: 2000.5 }))
    expect(expectProblem(decimal, 400, 'validation_failed').errors![0]!.field).toBe('/birthYear')
  })

  it('requires the QPV list version with QPV residence, and only then', async () => {
    const without = await post(valid({ reference: 'QPV-1', qpvResident: false }))
    expect(expectProblem(without, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/qpvListVersion', code: 'qpv_list_version' }),
    ])
    const orphan = await post(valid({ reference: 'QPV-2', qpvListVersion: '2024' }))
    expect(expectProblem(orphan, 400, 'validation_failed').errors![0]!.field).toBe('/qpvListVersion')
    const badVersion = await post(valid({ reference: 'QPV-3', qpvResident: true, qpvListVersion: '2020' }))
    expect(expectProblem(badVersion, 400, 'validation_failed').errors![0]).toMatchObject({
      field: '/qpvListVersion',
      code: 'enum',
    })
    const ok = await post(valid({ reference: 'QPV-4', qpvResident: false, qpvListVersion: '2024' }))
    expect(ok.data).toMatchObject({ qpvResident: false, qpvListVersion: '2024' })
  })

  it('refuses out-of-range and unknown values, every field at once', async () => {
    const res = await post(
      valid({
        reference: 'RANGE-1',
        monthsOutOfSchool: 241,
        sex: 'other',
        diplomaAtEntry: 'master',
        referrer: 'friend',
        neetAtEntry: 'yes',
      }),
    )
    expect(
      expectProblem(res, 400, 'validation_failed')
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['/diplomaAtEntry', '/monthsOutOfSchool', '/neetAtEntry', '/referrer', '/sex'])
    const negative = await post(valid({ reference: 'RANGE-2', monthsOutOfSchool: -1 }))
    expect(expectProblem(negative, 400, 'validation_failed').errors![0]!.field).toBe('/monthsOutOfSchool')
    expect((await post(valid({ reference: 'RANGE-3', monthsOutOfSchool: 240 }))).data.monthsOutOfSchool).toBe(240)
    const missing = await post({ campusId: lyonId })
    expect(
      expectProblem(missing, 400, 'validation_failed')
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['/birthYear', '/diplomaAtEntry', '/reference', '/referrer', '/sex'])
  })

  it('refuses a campus that does not exist', async () => {
    const res = await post(valid({ reference: 'NOWHERE-1', campusId: '3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10' }))
    expect(expectProblem(res, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/campusId', code: 'exists' }),
    ])
  })

  it('lists by campus, searches references ignoring case, sorts and walks pages', async () => {
    for (const reference of ['ROM-B', 'ROM-A', 'ROM-C']) await post(valid({ reference, campusId: romansId }))
    const romans = await call(t.admin, { method: 'GET', url: `/api/v1/learners?campusId=${romansId}&q=rom-` })
    expect(references(romans)).toEqual(['ROM-A', 'ROM-B', 'ROM-C'])
    const desc = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/learners?campusId=${romansId}&q=ROM&sort=-reference&limit=2`,
    })
    expect(references(desc)).toEqual(['ROM-C', 'ROM-B'])
    const next = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/learners?campusId=${romansId}&q=ROM&sort=-reference&limit=2&cursor=${desc.data.nextCursor}`,
    })
    expect(references(next)).toEqual(['ROM-A'])
    expect(next.data.nextCursor).toBeNull()
    const percent = await call(t.admin, { method: 'GET', url: '/api/v1/learners?q=%25' })
    expect(percent.data.items).toEqual([])

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await call(t.admin, {
        method: 'GET',
        url: `/api/v1/learners?campusId=${romansId}&sort=createdAt&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      })
      seen.push(...references(res))
      cursor = res.data.nextCursor
    } while (cursor)
    expect(seen.filter((r) => r.startsWith('ROM-'))).toEqual(['ROM-B', 'ROM-A', 'ROM-C'])
    expect(new Set(seen).size).toBe(seen.length)

    const badCursor = await call(t.admin, { method: 'GET', url: '/api/v1/learners?cursor=nope' })
    expect(expectProblem(badCursor, 400, 'validation_failed').errors![0]!.field).toBe('/cursor')
    const badSort = await call(t.admin, { method: 'GET', url: '/api/v1/learners?sort=birthYear' })
    expectProblem(badSort, 400, 'validation_failed')
  })

  it('updates with If-Match, clears optional facts, and never moves a learner to another campus', async () => {
    const learner = await newLearner(t.admin, lyonId, { qpvResident: true, qpvListVersion: '2015', neetAtEntry: true })
    const url = `/api/v1/learners/${learner.id}`
    expectProblem(await call(t.admin, { method: 'PATCH', url, payload: { sex: 'male' } }), 428, 'precondition_required')
    const updated = await patchIfMatch(t.admin, url, '"1"', {
      qpvListVersion: '2024',
      neetAtEntry: null,
      referrer: 'france_travail',
    })
    expect(updated.statusCode).toBe(200)
    expect(updated.headers.etag).toBe('"2"')
    expect(updated.data).toMatchObject({
      qpvResident: true,
      qpvListVersion: '2024',
      neetAtEntry: null,
      referrer: 'france_travail',
      version: 2,
    })
    const stale = await patchIfMatch(t.admin, url, '"1"', { sex: 'male' })
    expect(expectProblem(stale, 412, 'precondition_failed')).toBeTruthy()
    expect(stale.headers.etag).toBe('"2"')
    const move = await patchIfMatch(t.admin, url, '"2"', { campusId: romansId })
    expect(expectProblem(move, 400, 'validation_failed').errors).toEqual([
      expect.objectContaining({ field: '/campusId', code: 'additionalProperties' }),
    ])
    const halfClear = await patchIfMatch(t.admin, url, '"2"', { qpvResident: null })
    expect(expectProblem(halfClear, 400, 'validation_failed').errors![0]!.field).toBe('/qpvListVersion')
    const cleared = await patchIfMatch(t.admin, url, '"2"', { qpvResident: null, qpvListVersion: null })
    expect(cleared.data).toMatchObject({ qpvResident: null, qpvListVersion: null, campusId: lyonId, version: 3 })
    const empty = await patchIfMatch(t.admin, url, '"3"', {})
    expectProblem(empty, 400, 'validation_failed')
    const tooYoung = await patchIfMatch(t.admin, url, '"3"', { birthYear: year - 5 })
    expect(expectProblem(tooYoung, 400, 'validation_failed').errors![0]!.code).toBe('birth_year')
    expectProblem(
      await patchIfMatch(t.admin, '/api/v1/learners/3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10', '"1"', { sex: 'male' }),
      404,
      'not_found',
    )
  })

  it('refuses to take another learner’s reference on update', async () => {
    const a = await newLearner(t.admin, lyonId, { reference: 'SWAP-A' })
    await newLearner(t.admin, lyonId, { reference: 'SWAP-B' })
    const res = await patchIfMatch(t.admin, `/api/v1/learners/${a.id}`, '"1"', { reference: 'SWAP-B' })
    expectProblem(res, 409, 'duplicate')
    const renamed = await patchIfMatch(t.admin, `/api/v1/learners/${a.id}`, '"1"', { reference: 'SWAP-C' })
    expect(renamed.data.reference).toBe('SWAP-C')
  })

  it('keeps a historical birth year outside today’s bounds when other facts change', async () => {
    const [row] = await t.database.db
      .insert(learners)
      .values({
        campusId: lyonId,
        reference: 'HIST-1',
        birthYear: 1944,
        sex: 'female',
        diplomaAtEntry: 'none',
        referrer: 'other',
        provenance: 'demo',
      })
      .returning()
    const res = await patchIfMatch(t.admin, `/api/v1/learners/${row!.id}`, '"1"', { drivingLicenceAtEntry: true })
    expect(res.statusCode).toBe(200)
    expect(res.data).toMatchObject({ birthYear: 1944, drivingLicenceAtEntry: true, provenance: 'demo' })
  })

  it('checks a new birth year against the cohorts the learner is enrolled in', async () => {
    const cohort = await insertCohort(t.database.db, {
      campusId: lyonId,
      name: 'Lyon 2019 – session 1',
      startDate: '2019-01-14',
      endDate: '2019-04-12',
    })
    const learner = await newLearner(t.admin, lyonId, { birthYear: 1995 })
    const enrolled = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/enrolments',
      payload: { learnerId: learner.id, cohortId: cohort.id, appliedOn: '2018-12-01' },
    })
    expect(enrolled.statusCode).toBe(201)
    const url = `/api/v1/learners/${learner.id}`
    // 2019 − 1988 = 31: too old for that cohort, though a plausible birth year today.
    const tooOld = await patchIfMatch(t.admin, url, '"1"', { birthYear: 1988 })
    const issue = expectProblem(tooOld, 400, 'validation_failed').errors![0]!
    expect(issue).toMatchObject({ field: '/birthYear', code: 'age_at_entry' })
    expect(issue.message).toMatch(/31.*Lyon 2019 – session 1/)
    const ok = await patchIfMatch(t.admin, url, '"1"', { birthYear: 1989 })
    expect(ok.data.birthYear).toBe(1989)

    const del = await deleteIfMatch(t.admin, url, '"2"')
    expect(expectProblem(del, 409, 'in_use').detail).toMatch(/1 enrolment/)
    expect((await call(t.admin, { method: 'GET', url })).statusCode).toBe(200)
  })

  it('deletes a learner without enrolments, with If-Match', async () => {
    const learner = await newLearner(t.admin, romansId)
    const url = `/api/v1/learners/${learner.id}`
    await expectDeletedWithIfMatch(t.admin, url, '"4"')
  })
})

describe('audit trail', () => {
  const auditOf = (resourceId: string) =>
    t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, resourceId)).orderBy(asc(auditEvents.id))
  const learnerEvents = async () =>
    (await t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceType, 'learner'))).length

  it('records each write of a learner once, with its campus, and nothing for a refused one', async () => {
    const learner = await newLearner(t.admin, lyonId)
    expect(await auditOf(learner.id)).toEqual([
      expect.objectContaining({ action: 'create', resourceType: 'learner', resourceId: learner.id, campusId: lyonId }),
    ])
    const url = `/api/v1/learners/${learner.id}`
    const patch = (payload: object, version: number) => patchIfMatch(t.admin, url, `"${version}"`, payload)
    const before = await learnerEvents()
    expectProblem(await post(valid({ reference: learner.reference })), 409, 'duplicate')
    expectProblem(await patch({ sex: 'male' }, 7), 412, 'precondition_failed')
    expectProblem(await patch({ qpvResident: true }, 1), 400, 'validation_failed')
    expectProblem(await deleteIfMatch(t.admin, url, '"7"'), 412, 'precondition_failed')
    expect(await learnerEvents()).toBe(before)

    expect((await patch({ sex: 'male' }, 1)).statusCode).toBe(200)
    expect((await deleteIfMatch(t.admin, url, '"2"')).statusCode).toBe(204)
    const events = await auditOf(learner.id)
    expect(events.map((e) => [e.action, e.resourceType, e.campusId])).toEqual([
      ['create', 'learner', lyonId],
      ['update', 'learner', lyonId],
      ['delete', 'learner', lyonId],
    ])
    expect(events[1]!.changes).toEqual({ before: { sex: 'female' }, after: { sex: 'male' } })
  })
})
