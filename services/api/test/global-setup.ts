import { writeFileSync, rmSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import pg from 'pg'
import { openDatabase } from '../src/db/client.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: a dump of a migrated database each test file starts from. */
    pgliteSnapshot: string
    /** PostgreSQL: a migrated template database each test file copies. */
    pgTemplate: string
  }
}

/**
 * Migrates once per run: each test file then starts from a copy (a PGlite dump, or a PostgreSQL
 * template database), which is much faster than migrating a database per file.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (serverUrl) {
    const template = `trajectoires_tpl_${process.pid}`
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`drop database if exists ${template}`)
    await admin.query(`create database ${template}`)
    const database = await openDatabase({ databaseUrl: withDatabase(serverUrl, template), dataDir: '' })
    await database.migrate()
    await database.close()
    project.provide('pgTemplate', template)
    project.provide('pgliteSnapshot', '')
    return async () => {
      await admin.query(`drop database if exists ${template} with (force)`)
      await admin.end()
    }
  }

  const dir = mkdtempSync(join(tmpdir(), 'trajectoires-test-'))
  const database = await openDatabase({ dataDir: 'memory://' })
  await database.migrate()
  // Uncompressed: each file's copy then skips a gunzip (PGlite also tried reading the gzip as a plain
  // tar first, and failed, before it gunzipped).
  const dump = await (database as unknown as { pglite: { dumpDataDir(c: 'none'): Promise<Blob> } }).pglite.dumpDataDir(
    'none',
  )
  const file = join(dir, 'migrated.tar')
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  await database.close()
  project.provide('pgliteSnapshot', file)
  project.provide('pgTemplate', '')
  return () => rmSync(dir, { recursive: true, force: true })
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  // `postgresql://user@/db?host=/socket` is not a WHATWG URL (empty host): replace the path by hand.
  const match = /^(postgres(?:ql)?:\/\/[^/]*)\/?([^?]*)(\?.*)?$/.exec(url)
  if (!match) throw new Error(`TEST_DATABASE_URL is not a PostgreSQL URL: ${url}`)
  return `${match[1]}/${database}${match[3] ?? ''}`
}
