import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { startApi, type RunningApi, type StartOptions } from './server'

/** A database the API under test can run on. */
export interface ApiTarget {
  /** `pglite` (embedded, always) or `postgresql` (when TEST_PG_URL is set). */
  database: 'pglite' | 'postgresql'
  /** Starts the API on a fresh database of this kind; `stop` also drops the database. */
  start(options?: StartOptions): Promise<RunningApi>
}

/** The same server URL pointing at another database (`postgresql://user@/db?host=/socket` is not a WHATWG URL). */
function withDatabase(url: string, database: string): string {
  const match = /^(postgres(?:ql)?:\/\/[^/]*)\/?([^?]*)(\?.*)?$/.exec(url)
  if (!match) throw new Error(`TEST_PG_URL is not a PostgreSQL URL: ${url}`)
  return `${match[1]}/${database}${match[3] ?? ''}`
}

/** Starts the API on a new database `trajectoires_e2e_<random>` of the server at `serverUrl`, dropped on stop. */
async function startOnPostgres(serverUrl: string, options: StartOptions = {}): Promise<RunningApi> {
  const name = `trajectoires_e2e_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  let dropped = false
  const drop = async () => {
    if (dropped) return
    dropped = true
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
  try {
    await admin.query(`create database ${name}`)
    const api = await startApi({ ...options, env: { ...options.env, DATABASE_URL: withDatabase(serverUrl, name) } })
    return {
      ...api,
      stop: async (graceMs) => {
        try {
          return await api.stop(graceMs)
        } finally {
          await drop()
        }
      },
    }
  } catch (err) {
    await drop()
    throw err
  }
}

/**
 * Every database the black-box tests of the client, the CLI and the examples run against:
 * embedded PGlite always, and a fresh PostgreSQL database when TEST_PG_URL names a server
 * (CI: `postgresql://root@/postgres?host=/var/run/postgresql`).
 */
export function apiTargets(): ApiTarget[] {
  const targets: ApiTarget[] = [{ database: 'pglite', start: (options) => startApi(options) }]
  const serverUrl = process.env.TEST_PG_URL
  if (serverUrl) targets.push({ database: 'postgresql', start: (options) => startOnPostgres(serverUrl, options) })
  return targets
}
