import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ApiError,
  ImportRejectedError,
  createClient,
  importReportOf,
  paginate,
  paginatePages,
  type TrajectoiresClient,
  type UploadProgress,
} from '@trajectoires/client'
import type { Campus, OrganisationCreate } from '@trajectoires/contract'
import { loginHeaders, repoRoot, type RunningApi } from './support/server'
import { apiTargets } from './support/targets'

const seededCommunes = ['Bordeaux', 'Chelles', 'Châlons-en-Champagne', 'Lyon', 'Marseille', 'Romans-sur-Isère']

/** Runs `fn` and returns the ApiError it throws; fails when it does not throw one. */
async function apiError(fn: () => Promise<unknown>): Promise<ApiError> {
  try {
    await fn()
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected an ApiError, got a success')
}

const uniqueName = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`

/**
 * A `fetch` that keeps the session cookie between calls, as a browser does: the client itself
 * never touches cookies.
 */
function cookieJarFetch(): typeof fetch {
  let cookie = ''
  return async (input, init) => {
    const headers = new Headers(init?.headers)
    if (cookie) headers.set('cookie', cookie)
    const response = await fetch(input, { ...init, headers })
    const set = /trj_session=[^;]*/.exec(response.headers.get('set-cookie') ?? '')
    if (set) cookie = set[0] === 'trj_session=' ? '' : set[0]
    return response
  }
}

describe('typed client coverage', () => {
  it('has a method named after every operationId of the committed contract', () => {
    const contract = JSON.parse(readFileSync(join(repoRoot, 'packages/contract/openapi.json'), 'utf8')) as {
      paths: Record<string, Record<string, { operationId: string }>>
    }
    const operations = Object.values(contract.paths).flatMap((path) => Object.values(path).map((op) => op.operationId))
    expect(operations.length).toBeGreaterThan(70)
    const client = createClient({ baseUrl: 'http://127.0.0.1:9' }) as unknown as Record<string, unknown>
    expect(operations.filter((operation) => typeof client[operation] !== 'function')).toEqual([])
  })
})

describe.each(apiTargets())('typed client against the real API on $database', ({ database, start }) => {
  let api: RunningApi
  let client: TrajectoiresClient

  beforeAll(async () => {
    // A shared machine can be slow to start the API (seed, password hash): wait longer than usual.
    api = await start({ timeoutMs: 240_000 })
    // Writes to organisations and campuses are for network administrators: the demo one.
    client = createClient({ baseUrl: api.url, headers: await loginHeaders(api.url) })
  }, 300_000)

  afterAll(async () => {
    await api?.stop()
  })

  it('lists the six seeded campuses', async () => {
    const page = await client.listCampuses({ limit: 100 })
    expect(page.items).toHaveLength(6)
    expect(page.nextCursor).toBeNull()
    expect(page.items.map((c) => c.commune).sort()).toEqual(seededCommunes)
    const lyon = page.items.find((c) => c.commune === 'Lyon')
    expect(lyon).toMatchObject({ inseeCode: '69123', regionName: 'Auvergne-Rhône-Alpes', yearlyCapacity: 45 })
  })

  it('paginates through every campus two at a time', async () => {
    const pages = []
    for await (const page of paginatePages(client.listCampuses, { limit: 2, sort: 'name' })) pages.push(page)
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 2])
    expect(pages.at(-1)!.nextCursor).toBeNull()

    const campuses: Campus[] = []
    for await (const campus of paginate(client.listCampuses, { limit: 2, sort: 'name' })) campuses.push(campus)
    expect(campuses).toHaveLength(6)
    expect(new Set(campuses.map((c) => c.id)).size).toBe(6)
    expect(campuses.map((c) => c.commune).sort()).toEqual(seededCommunes)
    const names = campuses.map((c) => c.name)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr')))
  })

  it('keeps filters across pages and serialises no undefined parameter', async () => {
    const seen: string[] = []
    const spying = createClient({
      baseUrl: api.url,
      fetch: (input, init) => {
        seen.push(String(input))
        return fetch(input, init)
      },
    })
    const found: Campus[] = []
    const query = { limit: 2, q: 'numerique', status: 'open', region: undefined } as const
    for await (const c of paginate(spying.listCampuses, query)) found.push(c)
    expect(found.map((c) => c.commune).sort()).toEqual(seededCommunes)
    expect(seen).toHaveLength(3)
    expect(seen[0]).toBe(`${api.url}/api/v1/campuses?limit=2&q=numerique&status=open`)
    for (const url of seen.slice(1))
      expect(url).toMatch(/\/api\/v1\/campuses\?limit=2&q=numerique&status=open&cursor=[^&]+$/)
    expect(seen.join(' ')).not.toContain('undefined')

    const chalons = await spying.listCampuses({ q: 'chalons' })
    expect(chalons.items.map((c) => c.commune)).toEqual(['Châlons-en-Champagne'])
  })

  it('creates an organisation once for two requests with the same Idempotency-Key', async () => {
    const body: OrganisationCreate = { name: uniqueName('Fibre Formation'), kind: 'training_provider' }
    const key = randomUUID()
    const first = await client.createOrganisation(body, { idempotencyKey: key })
    const second = await client.createOrganisation(body, { idempotencyKey: key })
    expect(first.data.name).toBe(body.name)
    expect(first.data.provenance).toBe('user')
    expect(first.replayed).toBe(false)
    expect(second.replayed).toBe(true)
    expect(second.data.id).toBe(first.data.id)
    expect(second.etag).toBe('"1"')

    const listed = await client.listOrganisations({ q: body.name })
    expect(listed.items.map((o) => o.id)).toEqual([first.data.id])

    const reused = await apiError(() =>
      client.createOrganisation({ ...body, name: uniqueName('Other') }, { idempotencyKey: key }),
    )
    expect(reused.status).toBe(422)
    expect(reused.code).toBe('idempotency_key_reused')
  })

  it('refuses an update with a stale ETag (412 precondition_failed)', async () => {
    const created = await client.createOrganisation({ name: uniqueName('Relais Fibre'), kind: 'association' })
    const read = await client.getOrganisation(created.data.id)
    expect(read.etag).toBe('"1"')

    const updated = await client.updateOrganisation(read.data.id, { website: 'https://relais.example.org' }, read.etag)
    expect(updated.etag).toBe('"2"')
    expect(updated.data.version).toBe(2)
    expect(updated.data.website).toBe('https://relais.example.org')

    const stale = await apiError(() => client.updateOrganisation(read.data.id, { name: 'Lost update' }, read.etag))
    expect(stale).toBeInstanceOf(ApiError)
    expect(stale.status).toBe(412)
    expect(stale.code).toBe('precondition_failed')
    expect(stale.requestId).toMatch(/\S+/)
    expect(stale.problem?.type).toBe('urn:trajectoires:problem:precondition_failed')
    expect((await client.getOrganisation(read.data.id)).data.name).toBe(created.data.name)

    // A version number works as well as the ETag string
    const again = await client.updateOrganisation(read.data.id, { website: null }, updated.data.version)
    expect(again.data.website).toBeNull()
  })

  it('reports every failing field of an invalid body', async () => {
    const invalid = await apiError(() =>
      client.createOrganisation({ name: 'Plombier inconnu', kind: 'plumber' } as unknown as OrganisationCreate),
    )
    expect(invalid.status).toBe(400)
    expect(invalid.code).toBe('validation_failed')
    expect(invalid.errors).toContainEqual(expect.objectContaining({ in: 'body', field: '/kind', code: 'enum' }))
    expect(invalid.problem?.status).toBe(400)

    const twoFields = await apiError(() =>
      client.createOrganisation({ name: '', kind: 'plumber' } as unknown as OrganisationCreate),
    )
    expect(twoFields.errors.map((e) => e.field).sort()).toEqual(['/kind', '/name'])
  })

  it('throws not_found and precondition_required problems', async () => {
    const missing = await apiError(() => client.getCampus(randomUUID()))
    expect(missing.status).toBe(404)
    expect(missing.code).toBe('not_found')

    const [campus] = (await client.listCampuses({ limit: 1 })).items
    const noIfMatch = await apiError(() => client.updateCampus(campus!.id, { status: 'closed' }, ''))
    expect(noIfMatch.status).toBe(428)
    expect(noIfMatch.code).toBe('precondition_required')
    expect((await client.getCampus(campus!.id)).data.status).toBe(campus!.status)
  })

  it('creates, reads, updates and deletes a campus', async () => {
    const name = uniqueName('Plombiers du numérique Grenoble')
    const created = await client.createCampus({ name, inseeCode: '38185', status: 'planned', yearlyCapacity: 24 })
    expect(created.data).toMatchObject({ name, commune: 'Grenoble', status: 'planned', yearlyCapacity: 24 })
    const read = await client.getCampus(created.data.id)
    expect(read.data.id).toBe(created.data.id)
    expect(read.etag).toBe(created.etag)
    const opened = await client.updateCampus(created.data.id, { status: 'open' }, read.etag)
    expect(opened.data.status).toBe('open')
    await client.deleteCampus(created.data.id, opened.etag)
    expect((await apiError(() => client.getCampus(created.data.id))).status).toBe(404)
  })

  it('manages a consortium membership over its life', async () => {
    const { items } = await client.listCampuses({ q: 'bordeaux' })
    const bordeaux = items[0]!
    const org = await client.createOrganisation({ name: uniqueName('Fibre Aquitaine'), kind: 'fibre_contractor' })

    const membership = await client.createMembership(bordeaux.id, {
      organisationId: org.data.id,
      roles: ['internship_host'],
      validFrom: '2019-01-01',
    })
    expect(membership.data.campus).toMatchObject({ id: bordeaux.id, commune: 'Bordeaux' })
    expect(membership.data.organisation).toMatchObject({ id: org.data.id, kind: 'fibre_contractor' })

    const consortium = await client.getCampusConsortium(bordeaux.id, '2019-06-01')
    expect(consortium.asOf).toBe('2019-06-01')
    expect(consortium.members.map((m) => m.id)).toContain(membership.data.id)
    const before = await client.getCampusConsortium(bordeaux.id, '2018-06-01')
    expect(before.members.map((m) => m.id)).not.toContain(membership.data.id)

    expect((await client.listCampusMemberships(bordeaux.id)).items.map((m) => m.id)).toContain(membership.data.id)
    expect((await client.listOrganisationMemberships(org.data.id)).items.map((m) => m.campus.id)).toEqual([bordeaux.id])

    const read = await client.getMembership(membership.data.id)
    const closed = await client.updateMembership(membership.data.id, { validTo: '2020-12-31' }, read.etag)
    expect(closed.data.validTo).toBe('2020-12-31')
    expect((await client.listOrganisationMemberships(org.data.id, '2021-06-01')).items).toEqual([])

    const stale = await apiError(() => client.deleteMembership(membership.data.id, read.etag))
    expect(stale.status).toBe(412)
    await client.deleteMembership(membership.data.id, closed.etag)
    expect((await apiError(() => client.getMembership(membership.data.id))).code).toBe('not_found')
  })

  it('answers health and readiness', async () => {
    expect((await client.health()).status).toBe('ok')
    expect(await client.readiness()).toMatchObject({
      status: 'ready',
      databaseKind: database === 'pglite' ? 'pglite' : 'postgres',
    })
    expect(await client.getHealth()).toMatchObject({ status: 'ok' })
  })

  it('retries GETs on 503, honouring Retry-After, but not plain POSTs', async () => {
    let failuresLeft = 0
    let retryAfter = '1'
    const calls: string[] = []
    const flaky = createClient({
      baseUrl: api.url,
      headers: await loginHeaders(api.url),
      retries: 2,
      fetch: async (input, init) => {
        calls.push(`${init?.method ?? 'GET'} ${String(input)}`)
        if (failuresLeft > 0) {
          failuresLeft--
          return new Response(
            JSON.stringify({
              type: 'about:blank',
              title: 'Service Unavailable',
              status: 503,
              code: 'service_unavailable',
              requestId: 'fake',
            }),
            { status: 503, headers: { 'content-type': 'application/problem+json', 'retry-after': retryAfter } },
          )
        }
        return fetch(input, init)
      },
    })

    failuresLeft = 2
    const started = Date.now()
    const page = await flaky.listCampuses()
    expect(page.items).toHaveLength(6)
    expect(calls).toHaveLength(3)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900) // two waits of Retry-After: 1

    retryAfter = '0'
    calls.length = 0
    failuresLeft = 3
    const exhausted = await apiError(() => flaky.health())
    expect(exhausted.status).toBe(503)
    expect(exhausted.code).toBe('service_unavailable')
    expect(calls).toHaveLength(3)

    calls.length = 0
    failuresLeft = 1
    const notRetried = await apiError(() => flaky.createOrganisation({ name: uniqueName('Once'), kind: 'other' }))
    expect(notRetried.status).toBe(503)
    expect(calls).toHaveLength(1)

    calls.length = 0
    failuresLeft = 1
    const body: OrganisationCreate = { name: uniqueName('Twice'), kind: 'other' }
    const retried = await flaky.createOrganisation(body, { idempotencyKey: randomUUID() })
    expect(retried.data.name).toBe(body.name)
    expect(calls).toHaveLength(2)
  })

  it('throws network_error with status 0 when the API cannot be reached', async () => {
    const nowhere = createClient({ baseUrl: 'http://127.0.0.1:9', retries: 1, retryDelayMs: 10 })
    const error = await apiError(() => nowhere.listCampuses())
    expect(error.status).toBe(0)
    expect(error.code).toBe('network_error')
    expect(error.cause).toBeDefined()
  })

  it('records a learner from application to a six-month outcome (records domain)', async () => {
    const lyon = (await client.listCampuses({ q: 'lyon' })).items[0]!
    const track = await client.createTrack({
      name: uniqueName('Parcours e2e'),
      hours: 250,
      components: ['technical_platform', 'internship'],
    })
    expect((await client.getTrack(track.data.id)).data.hours).toBe(250)
    const renamed = await client.updateTrack(track.data.id, { hours: 300 }, track.etag)
    expect(renamed.data.hours).toBe(300)
    expect(renamed.etag).toBe('"2"')

    const cohort = await client.createCohort({
      campusId: lyon.id,
      trackId: track.data.id,
      name: uniqueName('LYO e2e'),
      startDate: '2024-01-08',
      endDate: '2024-04-05',
      plannedSeats: 12,
    })
    expect(cohort.data).toMatchObject({ campusId: lyon.id, trackId: track.data.id, status: 'planned' })
    expect((await client.listCohorts({ campusId: lyon.id, q: cohort.data.name })).items.map((c) => c.id)).toEqual([
      cohort.data.id,
    ])

    const reference = `E2E-${randomUUID().slice(0, 8)}`
    const learner = await client.createLearner({
      campusId: lyon.id,
      reference,
      birthYear: 2000,
      sex: 'female',
      diplomaAtEntry: 'none',
      referrer: 'mission_locale',
    })
    const withLicence = await client.updateLearner(learner.data.id, { drivingLicenceAtEntry: true }, learner.etag)
    expect(withLicence.data.drivingLicenceAtEntry).toBe(true)
    expect((await client.getLearner(learner.data.id)).etag).toBe('"2"')
    expect((await client.listLearners({ campusId: lyon.id, q: reference })).items.map((l) => l.reference)).toEqual([
      reference,
    ])

    const enrolment = await client.createEnrolment({
      learnerId: learner.data.id,
      cohortId: cohort.data.id,
      appliedOn: '2023-12-01',
      stage: 'enrolled',
      stageOn: '2023-12-20',
    })
    expect(enrolment.data.nextStages).toEqual(['in_training', 'withdrawn'])
    const training = await client.transitionEnrolment(enrolment.data.id, { to: 'in_training', on: '2024-01-08' }, '"1"')
    expect(training.data.stage).toBe('in_training')
    const stale = await apiError(() =>
      client.transitionEnrolment(enrolment.data.id, { to: 'withdrawn', on: '2024-02-01', exitReason: 'dropout' }, 1),
    )
    expect(stale.code).toBe('precondition_failed')

    const host = await client.createOrganisation({ name: uniqueName('Fibre Rhône'), kind: 'fibre_contractor' })
    const internship = await client.createInternship(enrolment.data.id, {
      hostOrganisationId: host.data.id,
      startDate: '2024-03-04',
      endDate: '2024-03-29',
    })
    expect(internship.data.hostOrganisation).toMatchObject({ id: host.data.id, kind: 'fibre_contractor' })
    const hired = await client.updateInternship(internship.data.id, { ledToHire: true }, internship.etag)
    expect(hired.data.ledToHire).toBe(true)
    expect((await client.listEnrolmentInternships(enrolment.data.id)).items.map((i) => i.ledToHire)).toEqual([true])
    expect((await client.getInternship(internship.data.id)).etag).toBe(hired.etag)

    const completed = await client.transitionEnrolment(
      enrolment.data.id,
      { to: 'completed', on: '2024-04-05', exitReason: 'completed' },
      training.etag,
    )
    expect(completed.data).toMatchObject({ stage: 'completed', exitDate: '2024-04-05', exitReason: 'completed' })
    const stages = await client.listEnrolmentStages(enrolment.data.id)
    expect(stages.items.map((s) => s.toStage)).toEqual(['applied', 'enrolled', 'in_training', 'completed'])

    const due = await client.listFollowUps({ cohortId: cohort.data.id })
    expect(due.items.map((f) => [f.learner.reference, f.checkpoint])).toEqual([
      [reference, 'm6'],
      [reference, 'm12'],
    ])
    const observation = await client.createOutcomeObservation(enrolment.data.id, {
      checkpoint: 'm6',
      observedOn: '2024-10-07',
      situation: 'employed',
      contractType: 'cdi',
      source: 'employer_confirmed',
    })
    expect(observation.data).toMatchObject({ checkpoint: 'm6', situation: 'employed', current: true })
    expect((await client.getOutcomeObservation(observation.data.id)).data.id).toBe(observation.data.id)
    const history = await client.listOutcomeObservations(enrolment.data.id)
    expect(history.current.m6?.id).toBe(observation.data.id)
    expect(history.current.m12).toBeNull()
    expect((await client.listFollowUps({ cohortId: cohort.data.id })).items.map((f) => f.checkpoint)).toEqual(['m12'])

    const licensed = await client.updateEnrolment(enrolment.data.id, { drivingLicenceObtained: true }, completed.etag)
    expect(licensed.data.drivingLicenceObtained).toBe(true)
    expect((await client.getEnrolment(enrolment.data.id)).etag).toBe(licensed.etag)

    const listed = await client.listEnrolments({ cohortId: cohort.data.id })
    expect(listed.items.map((e) => [e.learner.reference, e.stage])).toEqual([[reference, 'completed']])

    // A second enrolment, deleted again
    const other = await client.createLearner({
      campusId: lyon.id,
      reference: `${reference}-B`,
      birthYear: 2001,
      sex: 'male',
      diplomaAtEntry: 'bac',
      referrer: 'self',
    })
    const applied = await client.createEnrolment({
      learnerId: other.data.id,
      cohortId: cohort.data.id,
      appliedOn: '2023-12-02',
    })
    const read = await client.getEnrolment(applied.data.id)
    expect(read.data.stage).toBe('applied')
    await client.deleteEnrolment(applied.data.id, read.etag)
    expect((await apiError(() => client.getEnrolment(applied.data.id))).code).toBe('not_found')
    await client.deleteLearner(other.data.id, other.etag)
    expect((await client.listEnrolments({ cohortId: cohort.data.id })).items).toHaveLength(1)
  })

  it('reads the same placement figure as JSON and as CSV, with metrics, overview, funnel and snapshots', async () => {
    const json = await client.getPlacement({ groupBy: 'campus' })
    const csv = await client.getPlacementCsv({ groupBy: 'campus' })
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    const columns = header!.split(';')
    const total = Object.fromEntries(rows[0]!.split(';').map((v, i) => [columns[i], v]))
    expect(total.scope).toBe('total')
    expect(Number(total.denominator)).toBe(json.total.denominator)
    expect(Number(total.numerator)).toBe(json.total.numerator)
    expect(Number(total.rate!.replace(',', '.'))).toBe(json.total.rate)
    expect(rows).toHaveLength(1 + json.groups.length)
    expect(json.groups).toHaveLength(6)
    expect(json.groups.reduce((sum, g) => sum + (g.population ?? 0), 0)).toBe(json.total.population)

    const byYear = await client.getPlacement({ exitYear: 2019, checkpoint: 'm6', basis: 'completers' })
    expect(byYear.filters).toMatchObject({ exitYear: 2019, exitFrom: '2019-01-01', exitTo: '2019-12-31' })
    expect(byYear.basis).toBe('completers')
    expect(byYear.total.population!).toBeLessThan(json.total.population!)

    const metrics = await client.listMetrics()
    const positive = metrics.items.find((m) => m.id === 'r_positive')!
    expect(positive.latest).toBe(true)
    expect((await client.getMetric('r_positive', { version: positive.version })).version).toBe(positive.version)
    expect(json.metric).toEqual({ id: 'r_positive', version: positive.version })

    const overview = await client.getStatsOverview()
    expect(overview.network.campuses.open).toBe(6)
    const funnel = await client.getStatsFunnel({ year: 2019 })
    expect(funnel.filters.year).toBe(2019)
    expect(funnel.total.applied!).toBeGreaterThanOrEqual(funnel.total.completed!)

    const snapshot = await client.createSnapshot({
      label: uniqueName('Sortants 2018'),
      query: { metric: 'r_positive', exitYear: 2018 },
    })
    // A snapshot freezes the public release's cell: compare with what the public reads.
    const frozen = await createClient({ baseUrl: api.url }).getPlacement({ exitYear: 2018 })
    expect(snapshot.data.result.total.rate).toBe(frozen.total.rate)
    const check = await client.getSnapshot(snapshot.data.id)
    expect(check.id).toBe(snapshot.data.id)
    expect((await client.listSnapshots({ metric: 'r_positive' })).items.map((s) => s.id)).toContain(snapshot.data.id)
  })

  it('imports outcomes: dry run, a rejected file with its line report, then once for two identical requests', async () => {
    const lyon = (await client.listCampuses({ q: 'lyon' })).items[0]!
    const track = (await client.listTracks({ limit: 1 })).items[0]!
    const cohort = await client.createCohort({
      campusId: lyon.id,
      trackId: track.id,
      name: uniqueName('LYO import'),
      startDate: '2024-01-08',
      endDate: '2024-04-05',
      plannedSeats: 12,
    })
    const reference = `IMP-${randomUUID().slice(0, 8)}`
    const enrolments = [
      'campus;cohort;learnerReference;birthYear;sex;diplomaAtEntry;referrer;appliedOn;stage;integrationConfirmedOn;exitDate;exitReason',
      `${lyon.name};${cohort.data.name};${reference};2001;male;none;mission_locale;01/12/2023;completed;15/01/2024;05/04/2024;completed`,
    ].join('\r\n')
    const enrolled = await client.importRecords('enrolments', enrolments, { format: 'csv' })
    expect(enrolled).toMatchObject({ committed: true, rows: 1, written: { learners: 1, enrolments: 1 } })

    const header = 'Campus;Cohort;Learner reference;Checkpoint;Observed on;Situation;Contract type;Source'
    const good = `${header}\n${lyon.name};${cohort.data.name};${reference};m6;07/10/2024;employed;cdi;self_declared\n`
    const progress: UploadProgress[] = []
    const dry = await client.importRecords('outcomes', good, {
      format: 'csv',
      dryRun: true,
      onUploadProgress: (p) => progress.push(p),
    })
    expect(dry).toMatchObject({
      dryRun: true,
      committed: false,
      rows: 1,
      validRows: 1,
      written: { observations: 0 },
      wouldWrite: { observations: 1 },
    })
    expect(progress.at(-1)).toEqual({
      loaded: new TextEncoder().encode(good).byteLength,
      total: progress.at(-1)!.total,
    })
    expect(progress.at(-1)!.total).toBe(progress.at(-1)!.loaded)
    expect((await client.listFollowUps({ cohortId: cohort.data.id })).items.map((f) => f.checkpoint)).toEqual([
      'm6',
      'm12',
    ])

    const bad = `${good}${lyon.name};${cohort.data.name};${reference};m12;31/02/2025;employed;cdi;self_declared\n${lyon.name};${cohort.data.name};NOBODY;m12;05/04/2025;retired;;self_declared\n`
    const rejected = await apiError(() => client.importRecords('outcomes', bad, { format: 'csv' }))
    expect(rejected).toBeInstanceOf(ImportRejectedError)
    expect(rejected.status).toBe(422)
    expect(rejected.code).toBe('import_rejected')
    const report = importReportOf(rejected)!
    expect(report).toMatchObject({ committed: false, rows: 3, validRows: 1, invalidRows: 2 })
    expect([...new Set(report.errors.map((e) => e.line))]).toEqual([3, 4])
    expect(report.errors.find((e) => e.line === 3)?.field).toMatch(/observed/i)
    expect(report.errors.filter((e) => e.line === 4).map((e) => e.field)).toEqual(
      expect.arrayContaining([expect.stringMatching(/situation/i)]),
    )

    const key = randomUUID()
    const ndjson = new TextEncoder().encode(
      `${JSON.stringify({ campus: lyon.id, cohort: cohort.data.name, learnerReference: reference, checkpoint: 'm6', observedOn: '2024-10-07', situation: 'employed', contractType: 'cdi', source: 'self_declared' })}\n`,
    )
    const first = await client.importRecords('outcomes', ndjson, { format: 'ndjson', idempotencyKey: key })
    const second = await client.importRecords('outcomes', new Blob([ndjson]), { format: 'ndjson', idempotencyKey: key })
    expect(first).toMatchObject({ committed: true, format: 'ndjson', written: { observations: 1 } })
    expect(second).toEqual(first)
    const enrolment = (await client.listEnrolments({ cohortId: cohort.data.id })).items[0]!
    expect((await client.listOutcomeObservations(enrolment.id)).items).toHaveLength(1)
  })

  it('keeps a cookie session: login remembers the CSRF token, getSession restores it, logout forgets it', async () => {
    const sent: { method: string; csrf: string | null }[] = []
    const jar = cookieJarFetch()
    const browser = createClient({
      baseUrl: api.url,
      fetch: (input, init) => {
        sent.push({ method: init?.method ?? 'GET', csrf: new Headers(init?.headers).get('x-csrf-token') })
        return jar(input, init)
      },
    })
    const anonymous = await browser.getSession()
    expect(anonymous).toMatchObject({ authenticated: false, user: null, csrfToken: null })
    expect((await apiError(() => browser.getPrincipal())).status).toBe(401)

    const session = await browser.login({
      email: 'admin@demo.trajectoires.local',
      password: 'e2e demo password, not a secret',
    })
    expect(session.authenticated).toBe(true)
    expect(session.user?.role).toBe('network_admin')
    expect(browser.csrfToken()).toBe(session.csrfToken)
    const principal = await browser.getPrincipal()
    expect(principal.kind).toBe('user')
    expect(principal.user?.email).toBe('admin@demo.trajectoires.local')

    const created = await browser.createOrganisation({ name: uniqueName('Session'), kind: 'other' })
    expect(created.data.provenance).toBe('user')
    expect(sent.at(-1)).toEqual({ method: 'POST', csrf: session.csrfToken })
    expect(sent.filter((s) => s.method === 'GET').every((s) => s.csrf === null)).toBe(true)

    // The same cookie in a client that has not read the token: writes are refused until getSession
    const cookie = (await loginHeaders(api.url)).cookie!
    const reloaded = createClient({ baseUrl: api.url, headers: { cookie } })
    const refused = await apiError(() => reloaded.createOrganisation({ name: uniqueName('No CSRF'), kind: 'other' }))
    expect(refused.status).toBe(403)
    expect(refused.detail).toMatch(/x-csrf-token/)
    const restored = await reloaded.getSession()
    expect(restored.authenticated).toBe(true)
    expect(reloaded.csrfToken()).toBe(restored.csrfToken)
    expect((await reloaded.createOrganisation({ name: uniqueName('With CSRF'), kind: 'other' })).data.kind).toBe(
      'other',
    )

    await browser.logout()
    expect(browser.csrfToken()).toBeNull()
    expect((await browser.getSession()).authenticated).toBe(false)
    expect((await apiError(() => browser.createOrganisation({ name: uniqueName('Out'), kind: 'other' }))).status).toBe(
      401,
    )
  })

  it('creates an API key, calls the API with it within its scopes, and revokes it (keys, users, audit)', async () => {
    const created = await client.createApiKey({
      name: uniqueName('Partenaire'),
      scopes: ['records:read', 'stats:read'],
      networkWide: true,
    })
    expect(created.data.key).toMatch(/^trj_/)
    expect(created.data.status).toBe('active')

    const partner = createClient({ baseUrl: api.url, apiKey: created.data.key })
    const principal = await partner.getPrincipal()
    expect(principal).toMatchObject({ kind: 'api_key', user: null })
    expect(principal.apiKey?.id).toBe(created.data.id)
    expect((await partner.listCampuses()).items).toHaveLength(6)
    const rate = await partner.getPlacement()
    expect(rate.total.rate).toBe((await client.getPlacement()).total.rate)
    const forbidden = await apiError(() => partner.createOrganisation({ name: uniqueName('Nope'), kind: 'other' }))
    expect(forbidden.status).toBe(403)
    expect(forbidden.code).toBe('forbidden')

    expect((await client.getApiKey(created.data.id)).data.lastUsedAt).not.toBeNull()
    const active = await client.listApiKeys({ status: 'active' })
    expect(active.items.map((k) => k.id)).toContain(created.data.id)
    const revoked = await client.revokeApiKey(created.data.id)
    expect(revoked.status).toBe('revoked')
    const refused = await apiError(() => partner.listCampuses())
    expect(refused.status).toBe(401)
    expect(refused.code).toBe('unauthorized')

    const audit = await client.listAuditEvents({ resourceType: 'api_key', resourceId: created.data.id })
    expect(audit.items.map((e) => e.action).sort()).toEqual(['create', 'revoke'])

    const email = `e2e-${randomUUID().slice(0, 8)}@example.org`
    const user = await client.createUser({ email, displayName: 'Camille E2E', role: 'network_staff' })
    expect(user.data.initialPassword).toEqual(expect.any(String))
    const disabled = await client.updateUser(user.data.id, { disabled: true }, user.etag)
    expect(disabled.data.disabled).toBe(true)
    expect((await client.getUser(user.data.id)).data.disabled).toBe(true)
    expect((await client.listUsers({ q: email })).items.map((u) => u.email)).toEqual([email])
  })

  it('shuts the API down cleanly on SIGTERM', async () => {
    const { code, signal } = await api.stop()
    expect(signal).toBeNull()
    expect(code).toBe(0)
    expect(api.output()).toMatch(/closing: finishing in-flight requests/)
  })
})
