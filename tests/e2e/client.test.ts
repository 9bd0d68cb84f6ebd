import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ApiError, createClient, paginate, paginatePages, routes, type TrajectoiresClient } from '@trajectoires/client'
import type { Campus, OrganisationCreate } from '@trajectoires/contract'
import { loginHeaders, repoRoot, type RunningApi } from './support/server'
import { apiTargets } from './support/targets'
import { seededCommunes, apiError, uniqueName, withAdminClient } from './support/client'

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

  it('builds its requests from a route table that is the committed contract’s, and notices when it is not', () => {
    const script = join(repoRoot, 'scripts/client-routes.mjs')
    const check = (...args: string[]) =>
      spawnSync(process.execPath, [script, '--check', ...args], { cwd: repoRoot, encoding: 'utf8' })
    const current = check()
    expect(current.status, current.stderr).toBe(0)

    // A contract whose campus path changed: the committed table no longer matches it.
    const dir = mkdtempSync(join(tmpdir(), 'client-routes-'))
    try {
      const contract = JSON.parse(readFileSync(join(repoRoot, 'packages/contract/openapi.json'), 'utf8')) as {
        paths: Record<string, unknown>
      }
      contract.paths['/api/v1/sites/{id}'] = contract.paths['/api/v1/campuses/{id}']
      delete contract.paths['/api/v1/campuses/{id}']
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(contract))
      const drifted = check('--contract', join(dir, 'openapi.json'))
      expect(drifted.status).toBe(1)
      expect(drifted.stderr).toMatch(/pnpm client:routes/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('sends each operation’s method and path from the route table, path parameters escaped', async () => {
    const sent: string[] = []
    const recording: typeof fetch = async (input, init) => {
      const url = new URL(String(input))
      sent.push(`${init?.method} ${url.pathname}${url.search} if-match=${new Headers(init?.headers).get('if-match')}`)
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
    }
    const client = createClient({ baseUrl: 'http://api.test', fetch: recording })
    await client.getCampus('a/b c')
    await client.listCampusMemberships('c1', '2026-01-01')
    await client.transitionEnrolment('e1', { to: 'withdrawn', on: '2026-01-02' }, 3)
    await client.revokeFollowUpInvitation('i1')
    await client.deleteTrack('t1', '"2"')
    await client.getPlacement({ exitYear: 2019, groupBy: 'campus' })
    expect(sent).toEqual([
      `GET ${routes.getCampus.path.replace('{id}', 'a%2Fb%20c')} if-match=null`,
      'GET /api/v1/campuses/c1/memberships?asOf=2026-01-01 if-match=null',
      `${routes.transitionEnrolment.method} /api/v1/enrolments/e1/transitions if-match="3"`,
      'POST /api/v1/follow-up-invitations/i1/revoke if-match=null',
      'DELETE /api/v1/tracks/t1 if-match="2"',
      'GET /api/v1/stats/placement?exitYear=2019&groupBy=campus if-match=null',
    ])
  })
})

describe.each(apiTargets())('typed client against the real API on $database', ({ database, start }) => {
  let api: RunningApi
  let client: TrajectoiresClient

  withAdminClient(start, (started) => ({ api, client } = started))

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

  it('shuts the API down cleanly on SIGTERM', async () => {
    const { code, signal } = await api.stop()
    expect(signal).toBeNull()
    expect(code).toBe(0)
    expect(api.output()).toMatch(/closing: finishing in-flight requests/)
  })
})
