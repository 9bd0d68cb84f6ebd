import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { expect, inject } from 'vitest'
import pg from 'pg'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { openDatabase, type DatabaseHandle } from '../src/db/client.js'
import { users } from '../src/db/schema/index.js'
import { hashPassword } from '../src/modules/auth/auth.crypto.js'
import { withDatabase } from './global-setup.js'

/** Anything that answers `inject`: the app itself, or the app seen through some credentials. */
export interface Injector {
  inject(options: InjectOptions): Promise<LightMyRequestResponse>
}

export interface TestContext {
  app: FastifyInstance
  database: DatabaseHandle
  /** Headers of a logged-in network administrator (session cookie and CSRF token). */
  asAdmin: Record<string, string>
  /** The app, called as that administrator: `call(t.admin, { ... })`. */
  admin: Injector
  close(): Promise<void>
}

/** The app called with these headers added to every request (the request's own headers win). */
export function as(app: Injector, headers: Record<string, string>): Injector {
  return {
    inject: (options) =>
      app.inject({ ...options, headers: { ...headers, ...(options.headers as Record<string, string> | undefined) } }),
  }
}

/** The password of every staff account made by `createStaff`. */
export const testPassword = 'a test password, long enough'

let staffCount = 0

/**
 * Makes a staff account straight in the database and logs it in; returns the account id and the
 * headers of its session (cookie and CSRF token).
 */
export async function createStaff(
  t: { app: FastifyInstance; database: DatabaseHandle },
  init: { role: 'network_admin' | 'network_staff' | 'campus_staff'; campusIds?: string[]; email?: string },
): Promise<{ id: string; email: string; headers: Record<string, string> }> {
  const email =
    init.email ?? `${init.role.replace('_', '.')}.${++staffCount}.${randomBytes(3).toString('hex')}@test.example`
  const [row] = await t.database.db
    .insert(users)
    .values({
      email,
      displayName: email,
      role: init.role,
      campusIds: init.campusIds ?? [],
      passwordHash: await hashPassword(testPassword, 10),
    })
    .returning()
  return { id: row!.id, email, headers: await login(t.app, email, testPassword) }
}

/** Logs in through the API; returns the headers that carry the session. */
export async function login(app: FastifyInstance, email: string, password: string): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  const cookie = res.cookies.find((c) => c.name === 'trj_session')!
  return {
    cookie: `trj_session=${cookie.value}`,
    'x-csrf-token': (JSON.parse(res.body) as { csrfToken: string }).csrfToken,
  }
}

/** Issues an API key through the API (as `admin`); returns its id and the header that carries it. */
export async function createKey(
  admin: Injector,
  init: {
    scopes: string[]
    campusIds?: string[]
    organisationId?: string
    expiresAt?: string | null
    name?: string
    networkWide?: boolean
  },
): Promise<{ id: string; key: string; headers: Record<string, string> }> {
  // A key named by neither an organisation nor campuses is a network-wide one, asked for as such.
  const networkWide = init.networkWide ?? (!init.organisationId && !init.campusIds?.length)
  const res = await admin.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    payload: { name: init.name ?? 'test key', ...init, ...(networkWide ? { networkWide } : {}) },
  })
  if (res.statusCode !== 201) throw new Error(`key creation failed: ${res.statusCode} ${res.body}`)
  const { id, key } = JSON.parse(res.body) as { id: string; key: string }
  return { id, key, headers: { authorization: `Bearer ${key}` } }
}

/**
 * A fresh, migrated database: a copy of the run's PGlite dump or PostgreSQL template (with a pool of
 * `poolSize` connections).
 */
export async function freshDatabase(poolSize = 5): Promise<{ database: DatabaseHandle; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL
  const template = inject('pgTemplate')
  if (serverUrl && template) {
    const name = `trajectoires_t_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`create database ${name} template ${template}`)
    await admin.end()
    const database = await openDatabase({ databaseUrl: withDatabase(serverUrl, name), dataDir: '', poolSize })
    return {
      database,
      drop: async () => {
        await database.close()
        const a = new pg.Client({ connectionString: serverUrl })
        await a.connect()
        await a.query(`drop database if exists ${name} with (force)`)
        await a.end()
      },
    }
  }
  const snapshot = readFileSync(inject('pgliteSnapshot'))
  const database = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([snapshot]) })
  return { database, drop: () => database.close() }
}

/**
 * The production app on a fresh database, with a test configuration (no process.env edits). On
 * PostgreSQL its pool has `overrides.dbPoolSize` connections when given, 5 otherwise.
 */
export async function createTestApp(
  overrides: Partial<Config> = {},
  extend?: (app: FastifyInstance) => void,
): Promise<TestContext> {
  const { database, drop } = await freshDatabase(overrides.dbPoolSize)
  const base = loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '' })
  // Limits are tested on their own; cheap password hashes keep logins fast.
  const config: Config = {
    ...base,
    passwordHashCost: 10,
    // Public statistics right after a write: the new release, not the last one (tests read their writes).
    statsReleaseWaitMs: Number.POSITIVE_INFINITY,
    ...overrides,
    rateLimit: { ...base.rateLimit, enabled: false, ...overrides.rateLimit },
  }
  const app = await buildApp(config, database)
  extend?.(app)
  await app.ready()
  const { headers } = await createStaff({ app, database }, { role: 'network_admin' })
  return {
    app,
    database,
    asAdmin: headers,
    admin: as(app, headers),
    close: async () => {
      await app.close()
      await drop()
    },
  }
}

/** `app.inject` with JSON parsed, for terse assertions. */
export async function call(
  app: Injector,
  options: InjectOptions,
): Promise<LightMyRequestResponse & { body: string; data: any }> {
  const res = await app.inject(options)
  let data: unknown
  try {
    data = res.body ? JSON.parse(res.body) : undefined
  } catch {
    data = undefined
  }
  return Object.assign(res, { data })
}

/** PATCH `url` with `payload` and the If-Match header `ifMatch`, sent as given (`'"2"'`, `'W/"2"'`, `'abc'`). */
export function patchIfMatch(app: Injector, url: string, ifMatch: string, payload: object) {
  return call(app, { method: 'PATCH', url, payload, headers: { 'if-match': ifMatch } })
}

/** DELETE `url` with the If-Match header `ifMatch`, sent as given. */
export function deleteIfMatch(app: Injector, url: string, ifMatch: string) {
  return call(app, { method: 'DELETE', url, headers: { 'if-match': ifMatch } })
}

/** Asserts `res` created a record of `collection` (`/api/v1/tracks`): 201, ETag "1", Location its own URL. */
export function expectCreated(res: LightMyRequestResponse & { data: any }, collection: string): void {
  expect(res.statusCode).toBe(201)
  expect(res.headers.etag).toBe('"1"')
  expect(res.headers.location).toBe(`${collection}/${res.data.id}`)
}

/** Asserts the record `created` answers at its Location: 200, ETag "1", the same body as the creation. */
export async function expectReadBack(app: Injector, created: LightMyRequestResponse & { data: any }): Promise<void> {
  const read = await call(app, { method: 'GET', url: created.headers.location as string })
  expect(read.statusCode).toBe(200)
  expect(read.headers.etag).toBe('"1"')
  expect(read.data).toEqual(created.data)
}

/** Asserts the response is problem+json with the given status and code; returns the problem. */
export function expectProblem(
  res: LightMyRequestResponse & { data: any },
  status: number,
  code: string,
): { errors?: Array<{ in: string; field: string; message: string; code: string }> } & Record<string, any> {
  if (res.statusCode !== status || res.data?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.statusCode} ${res.body}`)
  }
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected application/problem+json, got ${res.headers['content-type']}`)
  }
  for (const key of ['type', 'title', 'status', 'detail', 'code', 'requestId']) {
    if (!(key in res.data)) throw new Error(`problem lacks ${key}: ${res.body}`)
  }
  return res.data
}

/**
 * Deletes the record at `url` as a client must: refused without If-Match (428) and with the stale
 * version `stale` (412), done with its `current` version (204); then the record is gone (404 to GET
 * and to a second DELETE). Returns the 204 answer.
 */
export async function expectDeletedWithIfMatch(
  app: Injector,
  url: string,
  stale: string,
  current = '"1"',
): Promise<LightMyRequestResponse & { data: any }> {
  expectProblem(await call(app, { method: 'DELETE', url }), 428, 'precondition_required')
  expectProblem(await deleteIfMatch(app, url, stale), 412, 'precondition_failed')
  const del = await deleteIfMatch(app, url, current)
  expect(del.statusCode).toBe(204)
  expectProblem(await call(app, { method: 'GET', url }), 404, 'not_found')
  expectProblem(await deleteIfMatch(app, url, current), 404, 'not_found')
  return del
}
