import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { inject } from 'vitest'
import pg from 'pg'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { openDatabase, type DatabaseHandle } from '../src/db/client.js'
import { withDatabase } from './global-setup.js'

export interface TestContext {
  app: FastifyInstance
  database: DatabaseHandle
  close(): Promise<void>
}

/** A fresh, migrated database: a copy of the run's PGlite dump or PostgreSQL template. */
export async function freshDatabase(): Promise<{ database: DatabaseHandle; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL
  const template = inject('pgTemplate')
  if (serverUrl && template) {
    const name = `trajectoires_t_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`create database ${name} template ${template}`)
    await admin.end()
    const database = await openDatabase({ databaseUrl: withDatabase(serverUrl, name), dataDir: '', poolSize: 5 })
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

/** The production app on a fresh database, with a test configuration (no process.env edits). */
export async function createTestApp(
  overrides: Partial<Config> = {},
  extend?: (app: FastifyInstance) => void,
): Promise<TestContext> {
  const { database, drop } = await freshDatabase()
  const config: Config = { ...loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '' }), ...overrides }
  const app = await buildApp(config, database)
  extend?.(app)
  await app.ready()
  return {
    app,
    database,
    close: async () => {
      await app.close()
      await drop()
    },
  }
}

/** `app.inject` with JSON parsed, for terse assertions. */
export async function call(
  app: FastifyInstance,
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
