/**
 * `pnpm bench:import`: 100,000 outcome observations through `POST /api/v1/imports/outcomes` (a
 * French CSV, streamed) into PostgreSQL, next to PostgreSQL's own `COPY` of the same rows into the
 * same table in the same run, as a ratio; with the API process's peak memory. See docs/benchmarks.md.
 *
 * Set-up, not measured: a throwaway database, the API started on it once (migrations, article seed,
 * the demo administrator) and stopped, then 50,000 exited enrolments at the Lyon campus written
 * straight in SQL. That database is the template: every round imports the same 100,000 rows (exit and
 * six-month observations of those enrolments) through an API started on a fresh copy of it, and COPYs
 * them into another fresh copy, so no round starts from more rows than another.
 *
 * An import leaves the statistics refresh of its rows until after its commit (migration 0008); the
 * API drains it right after, in the background, and statistics requests do not wait for it (they say
 * `Stats-Updating: true` meanwhile). So the API is timed until its answer and until a statistics
 * answer includes the rows (polled every 20 ms), with the first statistics answer's latency; COPY
 * (with the same deferral) until its end and until `select stats_drain()` after it. Ratios are taken
 * round by round and their median reported; a round where COPY made less than half of its best
 * round gives none (the machine, not the code). The load average is printed before and after.
 *
 * Env: BENCH_ROWS (default 100000), BENCH_ROUNDS (default 3), BENCH_DATABASE_URL (default a
 * throwaway database on the local socket), BENCH_KEEP=1 (keep the template database and the two
 * files, to measure the refresh in SQL afterwards: their names are printed).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import {
  copyDatabase,
  copyObservations,
  databaseName,
  dropDatabase,
  psql,
  formatRatios,
  freePort,
  loadAverage,
  login,
  median,
  postFile,
  openBenchDatabase,
  roundRatios,
  startApiServer,
  waitFor200,
  withApiServer,
  backendPids,
  cpuOf,
  cpuSpent,
  type BenchDatabase,
  type Child,
} from './support.js'

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

async function prepare(db: BenchDatabase, dir: string) {
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
    // Every round starts from a copy of this database, so every round writes the same rows.
    const csv: string[] = [
      'Campus;Cohort;Learner reference;Checkpoint;Observed on;Situation;Contract type;Contract months;In fibre sector;Source',
    ]
    const copy: string[] = []
    const french = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
    const plus = (iso: string, days: number) =>
      new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
    let n = 0
    for (const e of rows) {
      for (const [checkpoint, days] of [
        ['exit', 5],
        ['m6', 183],
      ] as const) {
        if (n++ >= rowsWanted) break
        const observed = plus(e.exit, days)
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
    writeFileSync(join(dir, 'outcomes.csv'), `\uFEFF${csv.join('\r\n')}\r\n`)
    writeFileSync(join(dir, 'outcomes.copy.csv'), `${copy.join('\n')}\n`)
    return n > rowsWanted ? rowsWanted : n
  } finally {
    await client.end()
  }
}

/** COPY with the statistics refresh deferred as the import defers it; then the drain, timed apart. */
function copyIn(db: BenchDatabase, file: string): { copy: number; drain: number } {
  const copy = copyObservations(db.url, file)
  return { copy, drain: psql(db.url, 'select stats_drain()') }
}

/** COPY with the refresh in its own transaction, as any other write does. */
function copyInSync(db: BenchDatabase, file: string): number {
  return copyObservations(db.url, file, false)
}

async function lyonId(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<{ id: string }>(`select id from campuses where commune = 'Lyon'`)).rows[0]!.id
  } finally {
    await client.end()
  }
}

/** A database copied from the template: every round starts from the same state. */
async function copyOf(template: BenchDatabase, name: string): Promise<BenchDatabase> {
  return {
    url: await copyDatabase(template.url, name),
    throwaway: true,
    serverVersion: template.serverVersion,
    drop: () => dropDatabase(name),
  }
}

/** The template's database name. */
const nameOf = (db: BenchDatabase) => databaseName(db.url)

/** The API's environment in this bench: seeded, no rate limit, the bench's administrator. */
const apiEnv = () => ({ SEED_ON_EMPTY: 'true', RATE_LIMIT_ENABLED: 'false', DEMO_ADMIN_PASSWORD: benchAdmin.password })

function startApi(url: string, port: number): Child {
  return startApiServer({ databaseUrl: url, port, env: apiEnv() })
}

interface ApiRound {
  /** Until the import's answer. */
  answer: number
  /** Until a statistics answer includes the rows (no longer `Stats-Updating`). */
  included: number
  /** The first statistics request after the import: how long it took (it must not wait for the refresh). */
  firstStats: number
  rssBefore: number
  peak: number | undefined
  /** CPU time until the answer, in ms: the API process (every thread), and the database's backends. */
  apiCpu: number | undefined
  backendsCpu: number | undefined
}

/** One round through the API, on its own copy of the template: import, then poll the statistics. */
async function apiRound(template: BenchDatabase, round: number, dir: string, rows: number): Promise<ApiRound> {
  const db = await copyOf(template, `${nameOf(template)}_api${round}`)
  return withApiServer(db, { env: apiEnv(), readyMs: 120_000 }, async (api, base) => {
    const headers = await authHeaders(base)
    const lyon = await lyonId(db.url)
    const statsUrl = `${base}/api/v1/stats/placement?campusId=${lyon}&checkpoint=exit`
    // The question is asked once before, as a dashboard would have: its answer is the last one known.
    const warm = await fetch(statsUrl, { headers })
    if (warm.status !== 200) throw new Error(`statistics answered ${warm.status}`)
    await warm.arrayBuffer()
    const rssBefore = rssMb(api.process.pid!)
    const peakReset = resetPeakRss(api.process.pid!)
    const apiPid = api.process.pid!
    const backendsBefore = cpuOf(await backendPids(db.url))
    const apiBefore = cpuOf([apiPid])
    const started = performance.now()
    const res = await postFile(`${base}/api/v1/imports/outcomes`, join(dir, 'outcomes.csv'), headers)
    const answer = performance.now() - started
    const apiAfter = cpuOf([apiPid])
    // Backends the import opened count in full (the pool grows during it); this query's own does not.
    const backendsAfter = cpuOf(await backendPids(db.url))
    const apiCpu = apiAfter.size > 0 ? cpuSpent(apiBefore, apiAfter) / 1000 : undefined
    const backendsCpu = backendsAfter.size > 0 ? cpuSpent(backendsBefore, backendsAfter) / 1000 : undefined
    if (res.status !== 200) throw new Error(`import answered ${res.status}: ${res.body.slice(0, 2000)}`)
    const report = JSON.parse(res.body) as { written: { observations: number } }
    if (report.written.observations !== rows) throw new Error(`import wrote ${report.written.observations} rows`)
    let firstStats: number | undefined
    let included: number | undefined
    for (let attempt = 0; included === undefined; attempt++) {
      const t0 = performance.now()
      const stats = await fetch(statsUrl, { headers })
      if (stats.status !== 200) throw new Error(`statistics answered ${stats.status}`)
      const body = (await stats.json()) as { total: { numerator: number } }
      firstStats ??= performance.now() - t0
      // Three rows in four are a job at exit: without the import's rows, the numerator would be 0.
      if (stats.headers.get('stats-updating') !== 'true') {
        if (body.total.numerator < enrolmentCount / 2)
          throw new Error(`statistics count ${body.total.numerator} placed and say they are up to date`)
        included = performance.now() - started
      } else {
        if (attempt > 30_000) throw new Error('the statistics were still being updated after 10 minutes')
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    const peak = peakReset ? peakRssMb(api.process.pid!) : undefined
    return { answer, included, firstStats: firstStats!, rssBefore, peak, apiCpu, backendsCpu }
  })
}

/** COPY (refresh deferred) then `stats_drain()`, on its own copy of the template. */
async function copyRound(template: BenchDatabase, round: number, dir: string, sameTransaction = false) {
  const db = await copyOf(template, `${nameOf(template)}_copy${round}`)
  try {
    if (sameTransaction) return { copy: copyInSync(db, join(dir, 'outcomes.copy.csv')), drain: 0 }
    return copyIn(db, join(dir, 'outcomes.copy.csv'))
  } finally {
    await db.drop()
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'trajectoires-bench-import-'))
  const template = await openBenchDatabase(process.env.BENCH_DATABASE_URL)
  if (!template.throwaway)
    throw new Error('bench:import copies its database for every round: leave BENCH_DATABASE_URL unset')
  console.log(`bench:import · load average before: ${loadAverage()}`)
  let api: Child | undefined
  try {
    // The template: the API's first start (migrations, seed, the demo administrator), then the campus.
    const port = await freePort()
    api = startApi(template.url, port)
    await waitFor200(`http://127.0.0.1:${port}/readyz`, api, 120_000)
    const startupPeak = peakRssMb(api.process.pid!)
    await api.stop()
    api = undefined
    const rows = await prepare(template, dir)
    await vacuum(template)
    console.log(
      `${rows} outcome rows for ${enrolmentCount} enrolments; PostgreSQL ${template.serverVersion}; ${rounds} rounds, ` +
        `each on a fresh copy of the same database (API start-up peak ${startupPeak.toFixed(0)} MB)`,
    )

    const apiRounds: ApiRound[] = []
    const copyTimes: number[] = []
    const copyStatsTimes: number[] = []
    const rate = (ms: number) => rows / (ms / 1000)
    const fmtRate = (ms: number) => rate(ms).toFixed(0)
    for (let round = 1; round <= rounds; round++) {
      const r = await apiRound(template, round, dir, rows)
      apiRounds.push(r)
      const { copy, drain } = await copyRound(template, round, dir)
      copyTimes.push(copy)
      copyStatsTimes.push(copy + drain)
      console.log(
        `round ${round}: API ${fmtRate(r.answer)} rows/s (${fmtRate(r.included)} until the statistics include them; ` +
          `first statistics answer ${r.firstStats.toFixed(0)} ms), COPY ${fmtRate(copy)} rows/s (${fmtRate(copy + drain)} with stats_drain()) · ` +
          `API RSS ${r.rssBefore.toFixed(0)} MB before, peak ${r.peak?.toFixed(0) ?? '?'} MB · ` +
          `CPU until the answer: API ${r.apiCpu?.toFixed(0) ?? '?'} ms, its database ${r.backendsCpu?.toFixed(0) ?? '?'} ms`,
      )
    }
    // For reference, COPY with the refresh in its own transaction, as any other write does.
    const { copy: syncCopy } = await copyRound(template, 0, dir, true)
    const apiTimes = apiRounds.map((r) => r.answer)
    const apiStatsTimes = apiRounds.map((r) => r.included)
    const copyRates = copyTimes.map(rate)
    // Ratios round by round, to COPY alone (refresh deferred): none from rounds where COPY itself collapsed.
    const answerRatio = roundRatios(apiTimes.map(rate), copyRates)
    const includedRatio = roundRatios(apiStatsTimes.map(rate), copyRates)
    const includedToDrain = roundRatios(apiStatsTimes.map(rate), copyStatsTimes.map(rate))
    const line = (name: string, times: number[], ratio: string) =>
      `| ${name} | ${rows} | ${(median(times) / 1000).toFixed(2)} s | ${rate(median(times)).toFixed(0)} | ${ratio} |`
    const pct = (r: number | null) => (r === null ? 'collapsed' : `${(100 * r).toFixed(0)} %`)
    console.log('')
    console.log('| path | rows | median time | rows/s | vs COPY alone (median of rounds) |')
    console.log('|---|---:|---:|---:|---:|')
    console.log(line('PostgreSQL COPY alone (refresh deferred)', copyTimes, '100 %'))
    console.log(line('HTTP import (CSV, streamed), until its answer', apiTimes, pct(answerRatio.median)))
    console.log(line('HTTP import, until the statistics include it', apiStatsTimes, pct(includedRatio.median)))
    console.log(line('PostgreSQL COPY, then stats_drain()', copyStatsTimes, '—'))
    console.log(line('PostgreSQL COPY, refresh in the same transaction (once)', [syncCopy], '—'))
    console.log(`import's answer / COPY alone: ${formatRatios(answerRatio)}`)
    console.log(`statistics' inclusion / COPY alone: ${formatRatios(includedRatio)}`)
    console.log(`statistics' inclusion / (COPY, then stats_drain()): ${formatRatios(includedToDrain)}`)
    console.log(
      `first statistics answer after an import: ${apiRounds.map((r) => `${r.firstStats.toFixed(0)} ms`).join(', ')}`,
    )
    const peaks = apiRounds.map((r) => r.peak).filter((p): p is number => p !== undefined)
    console.log(
      `API RSS before each import: ${apiRounds.map((r) => r.rssBefore.toFixed(0)).join(', ')} MB; ` +
        `peak during it: ${peaks.length ? peaks.map((p) => p.toFixed(0)).join(', ') : '?'} MB`,
    )
    const cpus = (pick: (r: ApiRound) => number | undefined) => {
      const v = apiRounds.map(pick).filter((x): x is number => x !== undefined)
      return v.length ? median(v) : undefined
    }
    const apiCpu = cpus((r) => r.apiCpu)
    const backendsCpu = cpus((r) => r.backendsCpu)
    // On a shared machine the CPU time an import takes moves less than its wall time.
    console.log(
      `CPU until the answer, median: API ${apiCpu?.toFixed(0) ?? '?'} ms (${apiCpu ? ((1000 * apiCpu) / rows).toFixed(1) : '?'} µs a row), ` +
        `its database's backends ${backendsCpu?.toFixed(0) ?? '?'} ms`,
    )
    console.log(`load average after: ${loadAverage()}`)
    const round3 = (r: number | null) => (r === null ? null : +r.toFixed(3))
    console.log(
      JSON.stringify({
        bench: 'import',
        rows,
        apiRowsPerSecond: Math.round(rate(median(apiTimes))),
        copyRowsPerSecond: Math.round(rate(median(copyTimes))),
        ratio: round3(answerRatio.median),
        ratioRounds: answerRatio.ratios.map(round3),
        apiWithStatsRowsPerSecond: Math.round(rate(median(apiStatsTimes))),
        copyWithStatsRowsPerSecond: Math.round(rate(median(copyStatsTimes))),
        ratioWithStats: round3(includedRatio.median),
        ratioWithStatsRounds: includedRatio.ratios.map(round3),
        firstStatsMs: apiRounds.map((r) => Math.round(r.firstStats)),
        copySameTransactionRowsPerSecond: Math.round(rate(syncCopy)),
        peakRssMb: peaks.length ? Math.round(Math.max(...peaks)) : null,
        apiCpuMs: apiCpu === undefined ? null : Math.round(apiCpu),
        backendsCpuMs: backendsCpu === undefined ? null : Math.round(backendsCpu),
      }),
    )
  } catch (err) {
    if (api) console.error(api.output())
    throw err
  } finally {
    await api?.stop()
    if (process.env.BENCH_KEEP === '1') {
      console.log(`kept: database ${nameOf(template)}, files in ${dir}`)
    } else {
      await template.drop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

async function vacuum(db: BenchDatabase) {
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  try {
    await client.query('vacuum analyze')
  } finally {
    await client.end()
  }
}

/** The demo administrator the API creates on its first start, with a password chosen here. */
const benchAdmin = { email: 'admin@demo.trajectoires.local', password: 'bench password, not a secret' }

/** Logs in as that administrator: the session cookie and its CSRF token. */
const authHeaders = (base: string) => login(base, benchAdmin)

await main()
