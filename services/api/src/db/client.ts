import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { apiRoot } from '../paths.js'
import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import * as schema from './schema/index.js'
import { listenPglite, listenPostgres, type ChannelListener, type ListenHandlers } from './listener.js'
import { applyRepeatable } from './repeatable.js'
import type { QueryResult } from 'pg'

type Schema = typeof schema
/** The drizzle database, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** Repositories accept the database or a transaction opened by a service. */
export type Executor = Database | Transaction

export const migrationsFolder = join(apiRoot, 'src/db/migrations')

export interface DatabaseHandle {
  db: Database
  /**
   * Reads outside any transaction, on connections of their own: a pool of `readerPoolSize` beside the
   * main one on PostgreSQL, so that a long transaction (an import) can read what it needs without
   * queueing behind its own writes, and without waiting for a main-pool connection that other
   * imports may all hold. Undefined on PGlite, whose one connection a transaction holds until it ends.
   */
  reader: Database | undefined
  kind: 'postgres' | 'pglite'
  /**
   * Applies pending migrations, then the current source of the SQL functions and views (db/sql) if
   * it changed (idempotent).
   */
  migrate(): Promise<void>
  /** Number of applied migrations versus shipped ones. */
  migrationStatus(): Promise<{ applied: number; shipped: number }>
  ping(): Promise<void>
  /** Connections of the PostgreSQL pool; undefined on PGlite (one in-process connection, no pool). */
  poolStats(): PoolStats | undefined
  /** LISTENs on a channel (a dedicated connection on PostgreSQL, reconnected when lost). */
  listen(channel: string, handlers: ListenHandlers): Promise<ChannelListener>
  close(): Promise<void>
}

interface PoolStats {
  /** Connections open (idle and in use). */
  total: number
  idle: number
  /** Queries waiting for a connection because all `max` are in use. */
  waiting: number
  max: number
}

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
])
const unreachableMessage =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed|terminating connection/i

/**
 * Whether an error means the database server cannot be reached right now (down, restarting,
 * shutting down, refusing connections), as opposed to a bad query: the request may succeed later.
 * Looks through drizzle's wrapper (`cause`). SQLSTATE class 08 is connection exceptions; 57P01-57P03
 * are admin shutdown, crash shutdown and "cannot connect now" (starting up or shutting down).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; syscall?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : ''
    if (unreachableCodes.has(code)) return true
    // A unix socket that is gone while the server is down.
    if (code === 'ENOENT' && e.syscall === 'connect') return true
    if (/^08...$/.test(code) || ['57P01', '57P02', '57P03'].includes(code)) return true
    if (typeof e.message === 'string' && unreachableMessage.test(e.message)) return true
  }
  return false
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite is used. */
  databaseUrl?: string | undefined
  /** PGlite data folder, or `memory://` for a throwaway database. */
  dataDir: string
  poolSize?: number
  /** A PGlite data dump (`dumpDataDir`) to start from, for fast test databases. */
  loadDataDir?: Blob | File | undefined
}

/** Arbitrary constant naming this application's migration lock. */
const migrationLockKey = 7_262_018

/**
 * PGlite's shared buffers. Its default, PostgreSQL's 128 MB, is resident from the start (PGlite
 * touches them as it opens): with it the API on PGlite sat at 420–600 MB at rest on the demo data.
 * 16 MB holds the demo's hot pages; what does not fit is read again from the data folder, which the
 * system caches (outside the process). docs/benchmarks.md has the figures.
 */
const pgliteSharedBuffers = '16MB'

/** Connections of the reader pool (`DatabaseHandle.reader`): each is held for one query at a time. */
const readerPoolSize = 2

function shippedMigrations(): number {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[]
  }
  return journal.entries.length
}

async function appliedMigrations(db: Database): Promise<number> {
  const exists = await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') as t`)
  if (!rows<{ t: string | null }>(exists)[0]?.t) return 0
  const res = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
  return Number(rows<{ n: number }>(res)[0]?.n ?? 0)
}

/** Rows of a raw `db.execute` result, whichever driver produced it. */
export function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const { default: pg } = await import('pg')
    const { drizzle } = await import('drizzle-orm/node-postgres')
    const { migrate } = await import('drizzle-orm/node-postgres/migrator')
    const openPool = (max: number) => {
      const pool = new pg.Pool({
        connectionString: options.databaseUrl,
        max,
        connectionTimeoutMillis: 5000,
        // Dead TCP peers are found by the kernel instead of hanging a connection forever.
        keepAlive: true,
      })
      // An idle client losing its server (restart, network) must not crash the process: pg drops that
      // client from the pool, and the next query opens a new connection once the server is back.
      pool.on('error', () => {})
      // Nor may a client that is checked out (a transaction between two statements) when the server
      // ends its session: without a listener its 'error' event would be an uncaught exception. Its
      // next query fails instead (answered 503), and the pool discards it on release.
      pool.on('connect', (client) => {
        client.on('error', () => {})
      })
      return pool
    }
    const pool = openPool(options.poolSize ?? 10)
    const readerPool = openPool(readerPoolSize)
    const db = drizzle(pool, { schema }) as unknown as Database
    return {
      db,
      reader: drizzle(readerPool, { schema }) as unknown as Database,
      kind: 'postgres',
      migrate: async () => {
        // Several API processes may start at once on one server: one migrates, the others wait.
        const lock = await pool.connect()
        try {
          await lock.query('select pg_advisory_lock($1)', [migrationLockKey])
          await migrate(db as never, { migrationsFolder })
          await applyRepeatable(async (text) => {
            const result = (await lock.query(text)) as unknown as QueryResult | QueryResult[]
            return (Array.isArray(result) ? result.at(-1)?.rows : result.rows) ?? []
          })
        } finally {
          await lock.query('select pg_advisory_unlock($1)', [migrationLockKey]).catch(() => {})
          lock.release()
        }
      },
      migrationStatus: async () => ({ applied: await appliedMigrations(db), shipped: shippedMigrations() }),
      ping: async () => {
        await db.execute(sql`select 1`)
      },
      poolStats: () => ({
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        max: options.poolSize ?? 10,
      }),
      listen: async (channel, handlers) => listenPostgres(options.databaseUrl!, channel, handlers),
      close: async () => {
        await Promise.all([pool.end(), readerPool.end()])
      },
    }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = await import('drizzle-orm/pglite')
  const { migrate } = await import('drizzle-orm/pglite/migrator')
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true })
  const client = await PGlite.create(options.dataDir, {
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${pgliteSharedBuffers}`],
  })
  const db = drizzle(client, { schema }) as unknown as Database
  return {
    db,
    reader: undefined,
    kind: 'pglite',
    migrate: async () => {
      await migrate(db as never, { migrationsFolder })
      await applyRepeatable(async (text) => (await client.exec(text)).at(-1)?.rows ?? [])
    },
    migrationStatus: async () => ({ applied: await appliedMigrations(db), shipped: shippedMigrations() }),
    ping: async () => {
      await db.execute(sql`select 1`)
    },
    poolStats: () => undefined,
    listen: (channel, handlers) => listenPglite(client, channel, handlers),
    close: () => client.close(),
    // exposed for tests that snapshot a migrated database
    ...({ pglite: client } as object),
  }
}
