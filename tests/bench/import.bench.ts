/**
 * `pnpm bench:import`: 100,000 outcome observations through `POST /api/v1/imports/outcomes` (a
 * French CSV, streamed) into PostgreSQL, next to PostgreSQL's own `COPY` of the same rows into the
 * same table in the same run, as a ratio; with the API process's peak memory. See docs/benchmarks.md.
 *
 * Set-up, not measured: a throwaway database, the API started on it (article seed), then 50,000
 * exited enrolments at the Lyon campus written straight in SQL. Each round then imports 100,000 rows
 * (exit and six-month observations of those enrolments) through the API, then COPYs them:
 * observations are append-only, so every round adds rows and nothing is deleted. Each round's rows
 * are observed one day later than the previous round's: an import skips an observation identical
 * to one recorded, so the same rows again would write nothing.
 *
 * An import leaves the statistics refresh of its rows until after its commit (migration 0008); the
 * API drains it right after, and before any statistics answer. So each path is timed twice: until
 * the rows are written (the import's answer; COPY's end), and until the statistics include them
 * (a statistics request answered after the import; `select stats_drain()` after a COPY run with the
 * same deferral).
 *
 * Env: BENCH_ROWS (default 100000), BENCH_ROUNDS (default 3), BENCH_DATABASE_URL (default a
 * throwaway database on the local socket).
 */
import { spawnSync } from 'node:child_process'
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import {
  freePort,
  median,
  openBenchDatabase,
  startNode,
  waitFor200,
  type BenchDatabase,
  type Child,
} from './support.js'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const rowsWanted = Number(process.env.BENCH_ROWS ?? 100_000)
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const enrolmentCount = Math.ceil(rowsWanted / 2)

/** Resets the process's peak RSS (VmHWM) to its current RSS, so the peak of the imports alone is read. */
function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

/** VmRSS: the resident memory of the process now, in MB. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

/** VmHWM: the most resident memory the process had since start (or since `resetPeakRss`), in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

/** Streams a file to the API and returns the parsed answer. */
function postFile(
  url: string,
  file: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'text/csv', 'content-length': statSync(file).size, ...headers } },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    createReadStream(file).pipe(req)
  })
}

async function prepare(db: BenchDatabase, dir: string, rounds: number) {
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  try {
    const {
      rows: [lyon],
    } = await client.query<{ id: string }>(`select id from campuses where commune = 'Lyon'`)
    const {
      rows: [track],
    } = await client.query<{ id: string }>(
      `insert into tracks (name, search_key, hours, components) values ('Bench', 'bench', 250, '{technical_platform}') returning id`,
    )
    // Cohorts of 14 finishing between 2019 and 2024, learners aged 20, every one completed.
    const cohorts = Math.ceil(enrolmentCount / 14)
    await client.query(
      `insert into cohorts (campus_id, track_id, name, search_key, start_date, end_date, planned_seats, status)
       select $1, $2, 'BENCH-' || g, 'bench-' || g, d, d + 88, 14, 'completed'
       from generate_series(1, $3) g, lateral (select date '2019-01-07' + ((g * 7) % 1800) as d) s`,
      [lyon!.id, track!.id, cohorts],
    )
    await client.query(
      `insert into learners (campus_id, reference, birth_year, sex, diploma_at_entry, referrer)
       select $1, 'B-' || lpad(g::text, 6, '0'), 2000, 'male', 'none', 'mission_locale' from generate_series(1, $2) g`,
      [lyon!.id, enrolmentCount],
    )
    await client.query(
      `insert into enrolments (learner_id, cohort_id, stage, applied_on, stage_changed_on, integration_confirmed_on, exit_date, exit_reason)
       select l.id, k.id, 'completed', k.start_date - 20, k.end_date, k.start_date + 14, k.end_date, 'completed'
       from learners l
       join cohorts k on k.name = 'BENCH-' || ((substr(l.reference, 3)::int - 1) / 14 + 1)
       where l.reference like 'B-%'`,
    )
    const { rows } = await client.query<{ id: string; cohort: string; reference: string; exit: string }>(
      `select e.id, k.name as cohort, l.reference, to_char(e.exit_date, 'YYYY-MM-DD') as exit
       from enrolments e join learners l on l.id = e.learner_id join cohorts k on k.id = e.cohort_id
       where l.reference like 'B-%' order by l.reference`,
    )
    // The same observations twice over: a campus spreadsheet for the API, resolved ids for COPY.
    const csv: string[] = [
      'Campus;Cohort;Learner reference;Checkpoint;Observed on;Situation;Contract type;Contract months;In fibre sector;Source',
    ]
    const copy: string[] = []
    const french = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
    const plus = (iso: string, days: number) =>
      new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
    let n = 0
    // One pair of files per round (and one more for the reference COPY), each a day later.
    for (let round = 0; round <= rounds; round++) {
      csv.length = 1
      copy.length = 0
      n = 0
      for (const e of rows) {
        for (const [checkpoint, days] of [
          ['exit', 5],
          ['m6', 183],
        ] as const) {
          if (n++ >= rowsWanted) break
          const observed = plus(e.exit, days + round)
          const positive = n % 4 !== 0
          const [situation, contract, months, sector] = positive
            ? ['employed', 'cdd', '6', 'oui']
            : ['job_seeking', '', '', '']
          csv.push(
            `Plombiers du numérique Lyon;${e.cohort};${e.reference};${checkpoint};${french(observed)};${situation};${contract};${months};${sector};self_declared`,
          )
          copy.push(
            `${e.id},${checkpoint},${observed},${situation},${contract},${months},${sector ? 'true' : ''},self_declared,user`,
          )
        }
      }
      writeFileSync(join(dir, `outcomes-${round}.csv`), `\uFEFF${csv.join('\r\n')}\r\n`)
      writeFileSync(join(dir, `outcomes-${round}.copy.csv`), `${copy.join('\n')}\n`)
    }
    return n > rowsWanted ? rowsWanted : n
  } finally {
    await client.end()
  }
}

function psql(db: BenchDatabase, command: string, env: Record<string, string> = {}): number {
  const started = performance.now()
  const result = spawnSync('psql', [db.url, '-v', 'ON_ERROR_STOP=1', '-c', command], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  })
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`)
  return performance.now() - started
}

const copyCommand = (file: string) =>
  `\\copy outcome_observations (enrolment_id, checkpoint, observed_on, situation, contract_type, contract_months, in_fibre_sector, source, provenance) from '${file}' with (format csv)`

/** COPY with the statistics refresh deferred as the import defers it; then the drain, timed apart. */
function copyIn(db: BenchDatabase, file: string): { copy: number; drain: number } {
  const copy = psql(db, copyCommand(file), { PGOPTIONS: '-c trajectoires.stats_refresh=deferred' })
  return { copy, drain: psql(db, 'select stats_drain()') }
}

/** COPY with the refresh in its own transaction, as any other write does. */
function copyInSync(db: BenchDatabase, file: string): number {
  return psql(db, copyCommand(file))
}

async function lyonId(db: BenchDatabase): Promise<string> {
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  try {
    return (await client.query<{ id: string }>(`select id from campuses where commune = 'Lyon'`)).rows[0]!.id
  } finally {
    await client.end()
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'trajectoires-bench-import-'))
  const db = await openBenchDatabase(process.env.BENCH_DATABASE_URL)
  let api: Child | undefined
  try {
    const port = await freePort()
    api = startNode({
      name: 'api',
      script: 'src/server.ts',
      cwd: `${repoRoot}services/api`,
      env: {
        DATABASE_URL: db.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        SEED_ON_EMPTY: 'true',
        WEB_DIST: '',
        RATE_LIMIT_ENABLED: 'false',
        DEMO_ADMIN_PASSWORD: benchAdmin.password,
      },
    })
    const base = `http://127.0.0.1:${port}`
    await waitFor200(`${base}/readyz`, api, 120_000)
    const headers = await authHeaders(base)
    const rows = await prepare(db, dir, rounds)
    console.log(
      `${rows} outcome rows for ${enrolmentCount} enrolments; PostgreSQL ${db.serverVersion}; ${rounds} rounds`,
    )

    // Start-up (the seed, the demo administrator's memory-hard password hash) has its own peak.
    console.log(
      `API RSS before the imports: ${rssMb(api.process.pid!).toFixed(0)} MB (start-up peak ${peakRssMb(api.process.pid!).toFixed(0)} MB)`,
    )
    const peakReset = resetPeakRss(api.process.pid!)
    const lyon = await lyonId(db)
    const apiTimes: number[] = []
    const apiStatsTimes: number[] = []
    const copyTimes: number[] = []
    const copyStatsTimes: number[] = []
    const rate = (ms: number) => (rows / (ms / 1000)).toFixed(0)
    for (let round = 1; round <= rounds; round++) {
      const started = performance.now()
      const res = await postFile(`${base}/api/v1/imports/outcomes`, join(dir, `outcomes-${round}.csv`), headers)
      const elapsed = performance.now() - started
      if (res.status !== 200) throw new Error(`import answered ${res.status}: ${res.body.slice(0, 2000)}`)
      const report = JSON.parse(res.body) as { written: { observations: number } }
      if (report.written.observations !== rows) throw new Error(`import wrote ${report.written.observations} rows`)
      // The first statistics answer after the import includes its rows (it waits for the drain).
      const stats = await fetch(`${base}/api/v1/stats/placement?campusId=${lyon}&checkpoint=exit`, { headers })
      if (stats.status !== 200) throw new Error(`statistics answered ${stats.status}`)
      // Three rows in four are a job at exit: without the import's rows, the numerator would be 0.
      const placed = ((await stats.json()) as { total: { numerator: number } }).total.numerator
      if (placed < enrolmentCount / 2) throw new Error(`statistics count ${placed} placed, the import's rows missing`)
      const withStats = performance.now() - started
      apiTimes.push(elapsed)
      apiStatsTimes.push(withStats)
      // The same rows as the round's import: COPY checks no duplicates, and the next round's differ.
      const { copy, drain } = copyIn(db, join(dir, `outcomes-${round}.copy.csv`))
      copyTimes.push(copy)
      copyStatsTimes.push(copy + drain)
      console.log(
        `round ${round}: API ${rate(elapsed)} rows/s (${rate(withStats)} with statistics), COPY ${rate(copy)} rows/s (${rate(copy + drain)} with statistics)`,
      )
    }
    // For reference, COPY with the refresh in its own transaction, as any other write does.
    const syncCopy = copyInSync(db, join(dir, 'outcomes-0.copy.csv'))
    const apiRate = rows / (median(apiTimes) / 1000)
    const copyRate = rows / (median(copyTimes) / 1000)
    const apiStatsRate = rows / (median(apiStatsTimes) / 1000)
    const copyStatsRate = rows / (median(copyStatsTimes) / 1000)
    const peak = peakRssMb(api.process.pid!)
    const line = (name: string, times: number[], r: number, base: number) =>
      `| ${name} | ${rows} | ${(median(times) / 1000).toFixed(2)} s | ${r.toFixed(0)} | ${((r / base) * 100).toFixed(0)}% |`
    console.log('')
    console.log('| path | rows | median time | rows/s | vs COPY |')
    console.log('|---|---:|---:|---:|---:|')
    console.log(line('HTTP import (CSV, streamed), until its answer', apiTimes, apiRate, copyRate))
    console.log(line('PostgreSQL COPY', copyTimes, copyRate, copyRate))
    console.log(line('HTTP import, until the statistics include it', apiStatsTimes, apiStatsRate, copyStatsRate))
    console.log(line('PostgreSQL COPY, then stats_drain()', copyStatsTimes, copyStatsRate, copyStatsRate))
    console.log(
      line(
        'PostgreSQL COPY, refresh in the same transaction (once)',
        [syncCopy],
        rows / (syncCopy / 1000),
        copyStatsRate,
      ),
    )
    console.log(`API peak RSS ${peakReset ? 'during the imports' : '(whole process life)'}: ${peak.toFixed(0)} MB`)
    console.log(
      JSON.stringify({
        bench: 'import',
        rows,
        apiRowsPerSecond: Math.round(apiRate),
        copyRowsPerSecond: Math.round(copyRate),
        ratio: apiRate / copyRate,
        apiWithStatsRowsPerSecond: Math.round(apiStatsRate),
        copyWithStatsRowsPerSecond: Math.round(copyStatsRate),
        ratioWithStats: apiStatsRate / copyStatsRate,
        copySameTransactionRowsPerSecond: Math.round(rows / (syncCopy / 1000)),
        peakRssMb: Math.round(peak),
      }),
    )
  } catch (err) {
    if (api) console.error(api.output())
    throw err
  } finally {
    await api?.stop()
    await db.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The demo administrator the API creates on its first start, with a password chosen here. */
const benchAdmin = { email: 'admin@demo.trajectoires.local', password: 'bench password, not a secret' }

/** Logs in as that administrator: the session cookie and its CSRF token. */
async function authHeaders(base: string): Promise<Record<string, string>> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(benchAdmin),
  })
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`)
  const cookie = /trj_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0]
  if (!cookie) throw new Error('login set no session cookie')
  const { csrfToken } = (await response.json()) as { csrfToken: string }
  return { cookie, 'x-csrf-token': csrfToken }
}

await main()
