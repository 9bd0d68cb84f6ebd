import { loadConfig } from '../config.js'
import { openDatabase } from './client.js'

/** `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database. */
const config = loadConfig()
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
await database.migrate()
const { applied, shipped } = await database.migrationStatus()
console.log(`${database.kind}: ${applied}/${shipped} migrations applied`)
await database.close()
