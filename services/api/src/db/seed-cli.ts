import { loadConfig } from '../config.js'
import { openDatabase } from './client.js'
import { seed } from './seed.js'

/** `pnpm db:seed`: loads the network from the source article (idempotent). */
const config = loadConfig()
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
await database.migrate()
const report = await seed(database.db)
console.log(
  `${database.kind}: created ${report.organisations} organisation(s), ${report.campuses} campus(es), ${report.memberships} membership(s)`,
)
await database.close()
