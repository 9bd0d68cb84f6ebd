import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { openDatabase } from './db/client.js'
import { seedIfEmpty } from './db/seed.js'

async function main() {
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

  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  })
  await database.migrate()
  const app = await buildApp(config, database)
  if (config.seedOnEmpty) {
    const seeded = await seedIfEmpty(database.db)
    if (seeded) app.log.info(seeded, 'empty database: loaded the network from the source article')
  }

  closeWithGrace({ delay: config.shutdownGraceSeconds * 1000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error')
    else app.log.info({ signal }, 'closing: finishing in-flight requests')
    await app.close()
    await database.close()
  })

  await app.listen({ host: config.host, port: config.port })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`
  app.log.info(
    { database: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined },
    `Trajectoires is up: dashboard ${base}/ · API ${base}/api/v1 · docs ${base}/api/docs`,
  )
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
