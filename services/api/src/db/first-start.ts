import { fork } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import type { Config } from '../config.js'
import { createAdministrator, demoAdminEmail, hasUsers, prepareDemoPassword } from '../modules/users/users.admin.js'
import { openDatabase, type Database } from './client.js'
import { seedIfEmpty } from './seed.js'

/** What loading the demo on an empty database did: the records it wrote, and the demo administrator made. */
interface FirstStart {
  seeded: Awaited<ReturnType<typeof seedIfEmpty>>
  demoAdmin: { email: string; password: string } | undefined
}

/** The argument that makes the server's own script load the demo and exit (`seedInChild`). */
const seedOnlyFlag = '--seed-only'

/**
 * Loads the network from the source article and the demo records into an empty database, with the
 * demo's administrator (its password is DEMO_ADMIN_PASSWORD or generated, hashed while the seed
 * loads). Nothing is done on a database that has campuses already.
 */
export async function seedEmptyDatabase(db: Database, config: Config): Promise<FirstStart> {
  const prepared = (await hasUsers(db)) ? undefined : prepareDemoPassword(config.passwordHashCost)
  const seeded = await seedIfEmpty(db)
  if (!seeded || !prepared) return { seeded, demoAdmin: undefined }
  const { email, password } = await createAdministrator(db, {
    email: demoAdminEmail,
    displayName: 'Demo administrator',
    passwordHashCost: config.passwordHashCost,
    prepared,
  })
  return { seeded, demoAdmin: { email, password } }
}

/**
 * True on the first start of the embedded database in a folder of its own: the folder is not there
 * yet, or empty. (An in-memory database lives in one process only: it is seeded in the server's.)
 */
export function isFirstEmbeddedStart(config: Config): boolean {
  if (config.databaseUrl || !config.seedOnEmpty || config.dataDir.startsWith('memory://')) return false
  return !existsSync(config.dataDir) || readdirSync(config.dataDir).length === 0
}

/**
 * Loads the demo in a child process, which opens the embedded database, migrates it, seeds it and
 * exits before the server opens it. The memory the seed took with it (the WebAssembly memory of
 * PGlite, which never shrinks, the demo administrator's password hash, the seed's garbage) goes with
 * the child: in the server's own process, the first start stayed at about 390 MB at rest for
 * minutes, against 160–195 MB on any later start (docs/benchmarks.md).
 */
export async function seedInChild(): Promise<FirstStart> {
  const script = process.argv[1]
  if (!script) throw new Error('cannot tell which script to start for the seed')
  // The same script and Node flags (tsx's loader in development), the same environment.
  const child = fork(script, [seedOnlyFlag], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  let report: FirstStart | undefined
  child.on('message', (message) => (report = message as FirstStart))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', resolve)
  })
  if (code !== 0 || !report) throw new Error(`loading the demo into the empty database failed (exit code ${code})`)
  return report
}

/** True in the child `seedInChild` starts. */
export function isSeedChild(): boolean {
  return process.argv.includes(seedOnlyFlag) && typeof process.send === 'function'
}

/** The child's work: seed, close the database, send the report to the server, exit. */
export async function runSeedChild(config: Config): Promise<void> {
  const database = await openDatabase({ databaseUrl: undefined, dataDir: config.dataDir, poolSize: 1 })
  let report: FirstStart
  try {
    await database.migrate()
    report = await seedEmptyDatabase(database.db, config)
  } finally {
    await database.close()
  }
  await new Promise<void>((resolve, reject) =>
    process.send!(report, (err: Error | null) => (err ? reject(err) : resolve())),
  )
  process.disconnect?.()
}
