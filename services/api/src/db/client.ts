import { mkdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import * as schema from './schema/index.js'

export type Schema = typeof schema
/** The drizzle database, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** Repositories accept the database or a transaction opened by a service. */
export type Executor = Database | Transaction

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

export interface DatabaseHandle {
  db: Database
  kind: 'postgres' | 'pglite'
  /** Applies pending migrations (idempotent). */
  migrate(): Promise<void>
  /** Number of applied migrations versus shipped ones. */
  migrationStatus(): Promise<{ applied: number; shipped: number }>
  ping(): Promise<void>
  close(): Promise<void>
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
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
    })
    // An idle client losing its server (restart, network) must not crash the process.
    pool.on('error', () => {})
    const db = drizzle(pool, { schema }) as unknown as Database
    return {
      db,
      kind: 'postgres',
      migrate: async () => {
        // Several API processes may start at once on one server: one migrates, the others wait.
        const lock = await pool.connect()
        try {
          await lock.query('select pg_advisory_lock($1)', [migrationLockKey])
          await migrate(db as never, { migrationsFolder })
        } finally {
          await lock.query('select pg_advisory_unlock($1)', [migrationLockKey]).catch(() => {})
          lock.release()
        }
      },
      migrationStatus: async () => ({ applied: await appliedMigrations(db), shipped: shippedMigrations() }),
      ping: async () => {
        await db.execute(sql`select 1`)
      },
      close: () => pool.end(),
    }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = await import('drizzle-orm/pglite')
  const { migrate } = await import('drizzle-orm/pglite/migrator')
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true })
  const client = await PGlite.create(options.dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {})
  const db = drizzle(client, { schema }) as unknown as Database
  return {
    db,
    kind: 'pglite',
    migrate: () => migrate(db as never, { migrationsFolder }),
    migrationStatus: async () => ({ applied: await appliedMigrations(db), shipped: shippedMigrations() }),
    ping: async () => {
      await db.execute(sql`select 1`)
    },
    close: () => client.close(),
    // exposed for tests that snapshot a migrated database
    ...({ pglite: client } as object),
  }
}
