import { loadConfig } from '../config.js'
import { openDatabase } from './client.js'
import { seed } from './seed.js'
import { seedDemo } from './seed-demo.js'

/**
 * `pnpm db:seed`: loads the network from the source article, then demonstration records marked
 * `demo` (`--no-demo` to skip them). Idempotent: run twice, it adds nothing the second time.
 */
const config = loadConfig()
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
await database.migrate()
const report = await seed(database.db)
console.log(
  `${database.kind}: created ${report.organisations} organisation(s), ${report.campuses} campus(es), ${report.memberships} membership(s)`,
)
if (!process.argv.includes('--no-demo')) {
  const demo = await seedDemo(database.db)
  console.log(
    `demo data: ${demo.tracks} track(s), ${demo.cohorts} cohort(s), ${demo.learners} learner(s), ${demo.enrolments} enrolment(s), ${demo.observations} observation(s)`,
  )
}
await database.close()
