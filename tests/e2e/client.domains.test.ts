import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  ImportRejectedError,
  createClient,
  importReportOf,
  type TrajectoiresClient,
  type UploadProgress,
} from '@trajectoires/client'
import { loginHeaders, type RunningApi } from './support/server'
import { apiTargets } from './support/targets'
import { apiError, uniqueName, cookieJarFetch, withAdminClient } from './support/client'

describe.each(apiTargets())('typed client against the real API on $database', ({ start }) => {
  let api: RunningApi
  let client: TrajectoiresClient

  withAdminClient(start, (started) => ({ api, client } = started))

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
})
