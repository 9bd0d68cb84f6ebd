import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from './config.js'
import { openDatabase } from './db/client.js'
import { audit } from './modules/stats/stats.audit.js'
import { createStatsRepository } from './modules/stats/stats.repository.js'
import { createStatsService } from './modules/stats/stats.service.js'

/**
 * `pnpm stats:audit`: builds the public statistics release from the database the API uses
 * (DATABASE_URL, or the embedded one in DATA_DIR) and attacks it as a reader of every public answer
 * would, with an LP solver: for each hidden sensitive count, the least and greatest value the
 * published figures allow. Exits 1 when any is narrower than its protection, printing it.
 * `--no-secondary` audits the primary suppression alone (it shows what the secondary one prevents).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      'no-secondary': { type: 'boolean', default: false },
      'build-only': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log('Usage: pnpm stats:audit [--no-secondary] [--build-only] [--json]')
    return
  }
  const config = loadConfig()
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    await database.migrate()
    const stats = createStatsService({ repository: createStatsRepository(database.db) })
    const started = performance.now()
    // How long the build holds the event loop at a time: what a request arriving during a build
    // waits at most (the API builds releases beside its other work).
    let longestHold = 0
    let tick = performance.now()
    const watch = setInterval(() => {
      const now = performance.now()
      longestHold = Math.max(longestHold, now - tick - 5)
      tick = now
    }, 5)
    const release = await stats.buildRelease({ secondary: !values['no-secondary'] })
    clearInterval(watch)
    const built = performance.now() - started
    const { hidden, sensitive } = release.protection
    if (values['build-only']) {
      console.log(
        `release ${release.id}: ${release.model.cells.length} cells, built in ${Math.round(built)} ms ${JSON.stringify(release.timings)}; longest hold of the event loop ${Math.round(longestHold)} ms`,
      )
      return
    }
    const auditStarted = performance.now()
    const report = await audit(release.model, hidden, sensitive)
    const audited = performance.now() - auditStarted
    const summary = {
      release: release.id,
      cells: release.model.cells.length,
      items: release.model.items.filter((i) => !i.slack).length,
      hidden: release.model.items.filter((i) => !i.slack && hidden[i.index]).length,
      sensitive: report.checked,
      linearPrograms: report.solves,
      buildMs: Math.round(built),
      buildSteps: release.timings,
      auditMs: Math.round(audited),
      disclosures: report.disclosures,
    }
    if (values.json) console.log(JSON.stringify(summary, null, 2))
    else {
      console.log(
        `release ${summary.release}: ${summary.cells} cells, ${summary.items} published or hidden counts, ${summary.hidden} hidden (built in ${summary.buildMs} ms: ${JSON.stringify(summary.buildSteps)})`,
      )
      console.log(
        `LP attacker: ${summary.sensitive} sensitive hidden counts, ${summary.linearPrograms} linear programs (${summary.auditMs} ms)`,
      )
      for (const d of report.disclosures) {
        console.log(
          `  GIVEN AWAY ${d.cell} ${d.kind} = ${d.value}: a reader knows it is in [${d.min}, ${d.max}] (needs a width of ${d.need})`,
        )
      }
      console.log(
        report.disclosures.length === 0
          ? 'nothing hidden can be worked out'
          : `${report.disclosures.length} hidden counts can be worked out`,
      )
    }
    process.exitCode = report.disclosures.length === 0 ? 0 : 1
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(2)
})
