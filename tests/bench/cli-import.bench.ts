/**
 * `pnpm bench:cli-import`: 100,000 outcome rows imported with the command-line tool
 * (`trajectoires import outcomes FILE`), showing its progress, and its final report compared
 * with the HTTP endpoint's for the same file: a dry run, a rejected file and a real import.
 *
 * Set-up (timed but not the point): a throwaway PostgreSQL database, the API started on it, one
 * cohort at Lyon and its BENCH_ROWS / 2 completed enrolments imported with the CLI too.
 *
 * Env: BENCH_ROWS (default 100000), BENCH_DATABASE_URL (default a throwaway database on the
 * local socket). Exits 1 when a CLI report differs from the HTTP one.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ImportRejectedError, createClient, type TrajectoiresClient } from '@trajectoires/client'
import type { ImportReport } from '@trajectoires/contract'
import { enrolmentsCsv, generatedCohortDates, outcomesCsv, type GeneratedCohort } from '../e2e/support/import-files.js'
import { openBenchDatabase, repoRoot, withApiServer } from './support.js'

const bin = join(repoRoot, 'packages/cli/bin/trajectoires.js')
const rows = Number(process.env.BENCH_ROWS ?? 100_000)
const benchAdmin = { email: 'admin@demo.trajectoires.local', password: 'bench password, not a secret' }

interface CliRun {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

/** Runs the CLI; its stderr (progress) is echoed line by line as it comes, and kept. */
function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      for (const line of chunk.split('\n').filter(Boolean)) console.log(`    │ ${line}`)
    })
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }))
  })
}

async function http(client: TrajectoiresClient, content: string, dryRun: boolean) {
  const started = performance.now()
  const report = await client.importRecords('outcomes', content, { format: 'csv', dryRun }).catch((err: unknown) => {
    if (err instanceof ImportRejectedError) return err.report
    throw err
  })
  return { report, ms: performance.now() - started }
}

/** The report without what differs between two runs of the same import: its time and its id. */
const untimed = ({ durationMs: _, importId: __, ...report }: ImportReport) => report
let mismatches = 0

function compare(label: string, fromCli: ImportReport, fromHttp: ImportReport) {
  const same = JSON.stringify(untimed(fromCli)) === JSON.stringify(untimed(fromHttp))
  if (!same) mismatches++
  console.log(
    `  ${label}: CLI and HTTP reports ${same ? 'identical' : 'DIFFER'} (durationMs aside): rows ${fromCli.rows}, valid ${fromCli.validRows}, invalid ${fromCli.invalidRows}, errors listed ${fromCli.errors.length}, committed ${fromCli.committed}, written ${JSON.stringify(fromCli.written)}`,
  )
  if (!same) {
    console.log(`    CLI : ${JSON.stringify(untimed(fromCli)).slice(0, 1000)}`)
    console.log(`    HTTP: ${JSON.stringify(untimed(fromHttp)).slice(0, 1000)}`)
  }
}

const perSecond = (count: number, ms: number) => `${Math.round(count / (ms / 1000))} rows/s`

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'trajectoires-bench-cli-'))
  const db = await openBenchDatabase(process.env.BENCH_DATABASE_URL)
  try {
    const env = { SEED_ON_EMPTY: 'true', RATE_LIMIT_ENABLED: 'false', DEMO_ADMIN_PASSWORD: benchAdmin.password }
    await withApiServer(db, { env, readyMs: 180_000 }, async (_api, base) => {
      const session = createClient({ baseUrl: base, fetch: sessionFetch() })
      await session.login(benchAdmin)
      const lyon = (await session.listCampuses({ q: 'lyon' })).items[0]!
      const track = (await session.listTracks({ limit: 1 })).items[0]!
      const cohortName = `BENCH CLI ${randomUUID().slice(0, 8)}`
      await session.createCohort({
        campusId: lyon.id,
        trackId: track.id,
        name: cohortName,
        ...generatedCohortDates,
        plannedSeats: 1000,
      })
      const key = await session.createApiKey({
        name: 'bench cli',
        scopes: ['enrolments:write', 'outcomes:write'],
        networkWide: true,
      })
      const client = createClient({ baseUrl: base, apiKey: key.data.key })
      const env = { TRAJECTOIRES_API_URL: base, TRAJECTOIRES_API_KEY: key.data.key }
      const cohort: GeneratedCohort = { campus: lyon.name, cohort: cohortName, prefix: 'BCLI' }

      const learners = Math.ceil(rows / 2)
      const enrolmentsFile = join(dir, 'enrolments.csv')
      writeFileSync(enrolmentsFile, enrolmentsCsv(cohort, learners))
      console.log(`set-up: importing ${learners} enrolments with the CLI (${db.serverVersion})`)
      const enrolled = await cli(['import', 'enrolments', enrolmentsFile, '--json'], env)
      if (enrolled.code !== 0) throw new Error(`enrolment import failed: ${enrolled.stdout}${enrolled.stderr}`)
      console.log(
        `  ${learners} enrolments in ${(enrolled.ms / 1000).toFixed(1)} s (${perSecond(learners, enrolled.ms)})`,
      )

      const content = outcomesCsv(cohort, rows)
      const file = join(dir, 'outcomes.csv')
      writeFileSync(file, content)
      const size = (statSync(file).size / 1024 / 1024).toFixed(1)
      console.log(`\n${rows} outcome rows, ${size} MB: trajectoires import outcomes ${file} …`)

      console.log('\n1. dry run')
      const dryCli = await cli(['import', 'outcomes', file, '--dry-run', '--json'], env)
      const dryHttp = await http(client, content, true)
      compare('dry run', JSON.parse(dryCli.stdout) as ImportReport, dryHttp.report)

      console.log(
        '\n2. a rejected file (three lines out of their checkpoint window: the second, the middle and the last)',
      )
      const badLines = [2, Math.floor(rows / 2), rows + 1]
      const bad = outcomesCsv(cohort, rows, badLines)
      const badFile = join(dir, 'outcomes-bad.csv')
      writeFileSync(badFile, bad)
      const badCli = await cli(['import', 'outcomes', badFile], env)
      const badJson = await cli(['import', 'outcomes', badFile, '--json', '--no-progress'], env)
      const badHttp = await http(client, bad, false)
      if (badCli.code !== 1 || badJson.code !== 1) mismatches++
      console.log(`  exit code ${badCli.code}; the CLI's report:`)
      for (const line of badCli.stdout.trimEnd().split('\n')) console.log(`    ${line}`)
      compare('rejected', JSON.parse(badJson.stdout) as ImportReport, badHttp.report)

      console.log(
        '\n3. the real import, then over HTTP the same observations from another source (the same file again would be all duplicates)',
      )
      const realCli = await cli(['import', 'outcomes', file, '--json'], env)
      if (realCli.code !== 0) throw new Error(`CLI import failed: ${realCli.stderr}`)
      const realHttp = await http(client, outcomesCsv(cohort, rows, [], 'document'), false)
      const fromCli = JSON.parse(realCli.stdout) as ImportReport
      compare('committed', fromCli, realHttp.report)
      const progressLines = realCli.stderr.split('\n').filter((l) => /^importing outcomes: \d+%/.test(l)).length

      console.log('')
      console.log('| path | rows | wall time | rows/s | server time |')
      console.log('|---|---:|---:|---:|---:|')
      console.log(
        `| CLI \`import outcomes\` (file streamed, progress) | ${rows} | ${(realCli.ms / 1000).toFixed(2)} s | ${Math.round(rows / (realCli.ms / 1000))} | ${(fromCli.durationMs / 1000).toFixed(2)} s |`,
      )
      console.log(
        `| HTTP endpoint (client, string body) | ${rows} | ${(realHttp.ms / 1000).toFixed(2)} s | ${Math.round(rows / (realHttp.ms / 1000))} | ${(realHttp.report.durationMs / 1000).toFixed(2)} s |`,
      )
      console.log(`progress lines printed by the CLI during the real import: ${progressLines}`)
      console.log(
        JSON.stringify({
          bench: 'cli-import',
          rows,
          cliSeconds: realCli.ms / 1000,
          httpSeconds: realHttp.ms / 1000,
          progressLines,
          reportsIdentical: mismatches === 0,
        }),
      )
      if (mismatches > 0) {
        console.error(`${mismatches} comparison(s) failed`)
        process.exitCode = 1
      }
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A `fetch` keeping the session cookie, for the administrator's set-up calls. */
function sessionFetch(): typeof fetch {
  let cookie = ''
  return async (input, init) => {
    const headers = new Headers(init?.headers)
    if (cookie) headers.set('cookie', cookie)
    const response = await fetch(input, { ...init, headers })
    const set = /trj_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')
    if (set) cookie = set[0]
    return response
  }
}

await main()
