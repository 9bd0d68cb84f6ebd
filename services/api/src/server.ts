import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { openDatabase } from './db/client.js'
import { isFirstEmbeddedStart, isSeedChild, runSeedChild, seedEmptyDatabase, seedInChild } from './db/first-start.js'
import { boundHeapGrowth, releaseMemory } from './lib/memory.js'

async function main() {
  boundHeapGrowth()
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(78) // EX_CONFIG
    }
    throw err
  }

  // The first start of the embedded database in a new folder loads the demo in a child process,
  // whose memory goes with it (db/first-start.ts).
  const firstStart = isFirstEmbeddedStart(config) ? await seedInChild() : undefined
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  })
  await database.migrate()
  const app = await buildApp(config, database)
  // Otherwise an empty database is seeded here (a server with SEED_ON_EMPTY, an in-memory one). The
  // demo administrator's password is printed once.
  const { seeded, demoAdmin } =
    firstStart ??
    (config.seedOnEmpty ? await seedEmptyDatabase(database.db, config) : { seeded: undefined, demoAdmin: undefined })
  if (seeded) {
    app.log.info(
      { ...seeded, inChildProcess: firstStart !== undefined },
      'empty database: loaded the network from the source article',
    )
  }

  closeWithGrace({ delay: config.shutdownGraceSeconds * 1000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error')
    else app.log.info({ signal }, 'closing: finishing in-flight requests')
    await app.close()
    await database.close()
  })

  await app.listen({ host: config.host, port: config.port })
  // Start-up's garbage (modules compiled on load, the seed, the route schemas compiled when the app
  // became ready) is given back now, before the process settles to serve.
  await releaseMemory()
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`
  app.log.info(
    { database: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined },
    `Trajectoires is up: dashboard ${base}/ · API ${base}/api/v1 · docs ${base}/api/docs`,
  )
  if (demoAdmin) {
    // Printed on stderr, so that a person starting the demo sees it while stdout stays one JSON
    // log object a line for whatever reads it.
    const lines = [
      'DEMO CREDENTIAL, for this demonstration database only (not for real data):',
      `  log in at ${base}/api/v1/auth/login (or the dashboard) as ${demoAdmin.email}`,
      `  password: ${demoAdmin.password}`,
      '  Create real accounts with `pnpm admin:create --email <e-mail> --name <name>` on a real database.',
    ]
    app.log.warn(
      { email: demoAdmin.email },
      'demo administrator created: its demo credential is printed on the standard error',
    )
    console.error(lines.join('\n'))
  }
}

// `seedInChild` starts this same script to load the demo into an empty database, then exit.
;(isSeedChild() ? runSeedChild(loadConfig()).then(() => process.exit(0)) : main()).catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
