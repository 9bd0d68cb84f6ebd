/**
 * `pnpm bench:stats`: latency of the placement statistics on the data set of `pnpm bench:data`, and
 * requests/s of a repeated (cached) request next to a bare Fastify route measured in the same run.
 *
 * - Uncached latency, as network staff (who compute any figure on demand): before each request the
 *   database's data version is bumped (as any write does), so the API's cache misses and the answer
 *   is computed (an answer with the previous ETag, served before the API heard of the bump, is sent
 *   again and not counted); sequential requests. Targets: the network total, `groupBy=campus`,
 *   `groupBy=exitYear,sex`, one cohort, one exit year, the exact read-time path (`asOf`) for the
 *   cohort and, fewer samples, for the network.
 * - Public answers after a write (the protected release): the network total, the overview and the
 *   funnel. After each bump: the first answer's latency (the last release answers unless the new one
 *   is ready within STATS_RELEASE_WAIT_MS), then how long until answers come from a release of the
 *   new data version (its build), polling every 50 ms.
 * - Repeated request: autocannon on the public network total and on the public breakdown by campus
 *   (asked with `Accept-Encoding: gzip, deflate, br`, as browsers do), both answered from the API's
 *   public store; the API follows the
 *   data version through LISTEN/NOTIFY, so a hit asks no database) and on the bare route, like
 *   `pnpm bench:api`.
 *
 * The API and the bare route run as child processes; with taskset and two cores they are pinned to
 * CPU 0 and this process to CPU 1 (PostgreSQL unpinned). The API runs with RATE_LIMIT_ENABLED=false:
 * the rate limiter writes a counter per request, which is not what is measured here.
 *
 * Env:
 *   BENCH_DATABASE_URL    the data set (default: trajectoires_bench_stats on the local socket)
 *   BENCH_SAMPLES         uncached samples per target (default 30; the exact path takes a third)
 *   BENCH_SECONDS         measured seconds per throughput run (default 8)
 *   BENCH_WARMUP_SECONDS  unmeasured seconds before each (default 2)
 *   BENCH_ROUNDS          throughput rounds (default 3)
 *   BENCH_CONNECTIONS     concurrent connections (default 10)
 *   BENCH_PIN             0 to leave every process unpinned
 *   BENCH_PARTS           which parts to run, comma-separated: uncached, writes, throughput, import
 *                         (default all four; `throughput` alone is a two-minute look at the cached ratio)
 *   BENCH_IMPORT_ROWS     rows of the import part (default 100000)
 *
 * - After an import (`stats-import.ts`): 100,000 observations imported through the API on a copy of
 *   the data set; the first statistics requests after its answer, and how long until the figures
 *   include its rows (issue 21).
 *
 * The API's `/healthz` (no database) is measured too: the ceiling of any route through the API's plugins.
 */
import { spawnSync } from 'node:child_process'
import { cpus } from 'node:os'
import autocannon from 'autocannon'
import pg from 'pg'
import {
  apiDir,
  cpuOf,
  cpuSpent,
  envNumber,
  fmt,
  formatRatios,
  freePort,
  loadAverage,
  login,
  median,
  percentile,
  pinSelf,
  releaseVersion,
  roundRatios,
  Samples,
  startApiServer,
  startBareServer,
  throughputSettings,
  waitFor200,
  type Child,
} from './support.js'
import { importPart, type ImportPartResult } from './stats-import.js'

const databaseUrl =
  process.env.BENCH_DATABASE_URL || 'postgresql://root@/trajectoires_bench_stats?host=/var/run/postgresql'
const samples = Math.round(envNumber('BENCH_SAMPLES', 30, 3))
const { seconds, warmupSeconds, rounds, connections, cores, pinned } = throughputSettings()
const parts = new Set((process.env.BENCH_PARTS || 'uncached,writes,throughput,import').split(',').map((p) => p.trim()))
const importRows = Math.round(envNumber('BENCH_IMPORT_ROWS', 100_000, 1))

const children: Child[] = []
let db: pg.Client | undefined

async function cleanup() {
  await Promise.allSettled(children.map((c) => c.stop()))
  await db?.end().catch(() => undefined)
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers`)
    void cleanup().finally(() => process.exit(130))
  })
}

/**
 * Bumps the data version, as any write does, and waits until the notification that announces it
 * has reached this process too (the API hears it on its own LISTEN connection at the same moment).
 */
async function bumpDataVersion(): Promise<number> {
  const heard = new Promise<void>((resolve) => db!.once('notification', () => resolve()))
  const result = await db!.query<{ version: string }>(
    'update data_version set version = version + 1, changed_at = now() where id = 1 returning version',
  )
  await heard
  return Number(result.rows[0]!.version)
}

/**
 * What a public reader meets after a write: the first answer (the last release, unless the new one
 * is ready within STATS_RELEASE_WAIT_MS), then, polling every 50 ms, how long until answers come from
 * a release of the new data version (its build), and how long that first fresh answer took.
 */
async function afterWrite(
  url: string,
  count: number,
): Promise<{ first: number[]; fresh: number[]; freshRequest: number[]; body: any }> {
  const first: number[] = []
  const fresh: number[] = []
  const freshRequest: number[] = []
  let body: any
  for (let i = -1; i < count; i++) {
    const version = await bumpDataVersion()
    const t0 = performance.now()
    for (let attempt = 0; ; attempt++) {
      const t1 = performance.now()
      const res = await fetch(url)
      const text = await res.text()
      const elapsed = performance.now() - t1
      if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${text.slice(0, 300)}`)
      body = JSON.parse(text)
      if (attempt === 0 && i >= 0) first.push(elapsed)
      if (releaseVersion(body) >= version) {
        if (i >= 0) {
          fresh.push(performance.now() - t0)
          freshRequest.push(elapsed)
        }
        break
      }
      if (performance.now() - t0 > 600_000)
        throw new Error(`${url}: no release of data version ${version} in 10 minutes`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  return { first, fresh, freshRequest, body }
}

/** A network administrator for the bench's database (created once by `staffHeaders`). */
const admin = { email: 'bench-stats@trajectoires.local', password: 'bench password, not a secret' }

/** Creates that administrator if need be, and opens a session for it. */
async function staffHeaders(base: string): Promise<Record<string, string>> {
  spawnSync('pnpm', ['--silent', 'admin:create', '--email', admin.email, '--name', 'Bench'], {
    cwd: apiDir,
    env: { ...process.env, DATABASE_URL: databaseUrl, ADMIN_PASSWORD: admin.password },
    stdio: 'ignore',
  })
  // Reads need the session cookie alone.
  const { cookie } = await login(base, admin)
  return { cookie }
}

/**
 * Sequential uncached requests: the data version is bumped before each, so the cache misses. An
 * answer still carrying the previous ETag came from the cache (the API had not yet heard of the
 * bump): it is not counted, and the request is sent again.
 */
async function uncached(
  url: string,
  count: number,
  headers: Record<string, string> = {},
): Promise<{ p50: number; p95: number; min: number; body: any }> {
  const times: number[] = []
  let body: any
  let lastEtag: string | null = null
  for (let i = -2; i < count; i++) {
    await bumpDataVersion()
    for (let attempt = 0; ; attempt++) {
      const t0 = performance.now()
      const res = await fetch(url, { headers })
      const text = await res.text()
      const elapsed = performance.now() - t0
      if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${text.slice(0, 300)}`)
      const etag = res.headers.get('etag')
      if (etag !== null && etag === lastEtag) {
        if (attempt >= 500) throw new Error(`${url}: the API never heard of the new data version`)
        await new Promise((resolve) => setTimeout(resolve, 2))
        continue
      }
      lastEtag = etag
      if (i >= 0) times.push(elapsed)
      body = JSON.parse(text)
      break
    }
  }
  const sorted = Float64Array.from(times).sort()
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0]!, body }
}

function load(
  url: string,
  duration: number,
  headers: Record<string, string> = {},
): Promise<{ rps: number; p50: number; p99: number; client: number }> {
  const latencies = new Samples()
  // The load tool's own share of its core: near 1, it is the limit, not the server.
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, pipelining: 1, duration, headers }, (err: unknown, result) => {
      if (err) return reject(err instanceof Error ? err : new Error(String(err)))
      if (result.errors > 0 || result.non2xx > 0) {
        return reject(new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx answers`))
      }
      const sorted = latencies.sorted()
      const spent = process.cpuUsage(cpuBefore)
      const client = (spent.user + spent.system) / 1000 / (performance.now() - started)
      resolve({
        rps: result['2xx'] / result.duration,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        client,
      })
    })
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime)
    })
  })
}

/** The API on the bench's database and the bare Fastify route beside it, both answering. */
async function startServers() {
  const apiPort = await freePort()
  const api = startApiServer({
    name: 'API',
    databaseUrl,
    port: apiPort,
    cpus: pinned ? '0' : undefined,
    env: { SEED_ON_EMPTY: 'false', RATE_LIMIT_ENABLED: 'false' },
  })
  children.push(api)
  const barePort = await freePort()
  const bare = startBareServer(barePort, pinned ? '0' : undefined)
  children.push(bare)
  const base = `http://127.0.0.1:${apiPort}/api/v1/stats/placement`
  const bareUrl = `http://127.0.0.1:${barePort}/bare`
  // Start-up takes a while on a busy machine.
  await Promise.all([waitFor200(`http://127.0.0.1:${apiPort}/readyz`, api, 180_000), waitFor200(bareUrl, bare)])
  return { api, bare, apiPort, base, bareUrl }
}

/** Network staff's uncached answers, target by target (the data version bumped before each request). */
async function uncachedLatency(base: string, cohort: string, staff: Record<string, string>) {
  const asOf = new Date().toISOString()
  const targets: Array<{ key: string; label: string; url: string; count: number }> = [
    { key: 'network', label: 'network total', url: base, count: samples },
    { key: 'campus', label: 'groupBy=campus', url: `${base}?groupBy=campus`, count: samples },
    { key: 'exitYearSex', label: 'groupBy=exitYear,sex', url: `${base}?groupBy=exitYear,sex`, count: samples },
    { key: 'cohort', label: 'one cohort', url: `${base}?cohortId=${cohort}`, count: samples },
    { key: 'exitYear', label: 'exitYear=2022', url: `${base}?exitYear=2022`, count: samples },
    {
      key: 'cohortAsOf',
      label: 'one cohort, asOf (exact)',
      url: `${base}?cohortId=${cohort}&asOf=${asOf}`,
      count: samples,
    },
    {
      key: 'networkAsOf',
      label: 'network total, asOf (exact)',
      url: `${base}?asOf=${asOf}`,
      count: Math.max(3, Math.round(samples / 10)),
    },
  ]
  const latency: Record<string, { p50: number; p95: number; min: number }> = {}
  const answers: Record<string, any> = {}
  if (parts.has('uncached'))
    console.log('\nuncached latency as network staff (data version bumped before each request; sequential):')
  for (const target of parts.has('uncached') ? targets : []) {
    const m = await uncached(target.url, target.count, staff)
    latency[target.key] = { p50: m.p50, p95: m.p95, min: m.min }
    answers[target.key] = m.body
    console.log(
      `  ${target.label.padEnd(30)} median ${fmt(m.p50, 1).padStart(8)} ms   p95 ${fmt(m.p95, 1).padStart(8)} ms   ` +
        `min ${fmt(m.min, 1).padStart(8)} ms   (${target.count} requests)`,
    )
  }
  if (parts.has('uncached')) {
    const total = answers.network.total
    const exact = answers.networkAsOf.total
    const same = JSON.stringify({ ...total }) === JSON.stringify({ ...exact })
    console.log(
      `  network r_positive m6 entrants: ${total.numerator}/${total.denominator} = ${total.rate} ` +
        `[${total.ci95?.low}, ${total.ci95?.high}], unknown ${total.unknown}, ${total.maturity} (coverage ${total.coverage}); ` +
        `exact path ${same ? 'identical' : 'DIFFERENT'}`,
    )
  }
  return latency
}

/** The public's answers after a write: the first (from the last release) and the one from the new release. */
async function publicAfterWrites(base: string) {
  if (parts.has('writes'))
    console.log(
      '\npublic answers after a write (data version bumped, then one request and polling every 50 ms until the answer comes from the new release):',
    )
  const publicTargets = [
    { key: 'publicNetwork', label: 'network total', url: base },
    { key: 'overview', label: 'GET /stats/overview', url: base.replace('/stats/placement', '/stats/overview') },
    { key: 'funnel', label: 'GET /stats/funnel', url: base.replace('/stats/placement', '/stats/funnel') },
  ]
  const afterWrites: Record<string, { first: number; fresh: number; freshRequest: number }> = {}
  const releaseSamples = Math.max(3, Math.round(samples / 10))
  for (const target of parts.has('writes') ? publicTargets : []) {
    const m = await afterWrite(target.url, releaseSamples)
    const med = (xs: number[]) => percentile(Float64Array.from(xs).sort(), 50)
    afterWrites[target.key] = { first: med(m.first), fresh: med(m.fresh), freshRequest: med(m.freshRequest) }
    console.log(
      `  ${target.label.padEnd(22)} first answer: median ${fmt(med(m.first), 1).padStart(7)} ms, max ${fmt(Math.max(...m.first), 1).padStart(7)} ms` +
        ` · new release answers after: median ${fmt(med(m.fresh) / 1000, 1).padStart(5)} s` +
        ` · that answer took ${fmt(med(m.freshRequest), 1)} ms   (${releaseSamples} writes)`,
    )
  }
  return afterWrites
}

async function main() {
  if (pinned && !pinSelf('1')) throw new Error('taskset could not pin the load tool to CPU 1 (set BENCH_PIN=0)')
  db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  await db.query('listen data_version')
  const facts = await db
    .query<{ n: string; v: string }>(
      `select (select count(*) from stats_facts) as n, current_setting('server_version') as v`,
    )
    .catch(() => undefined)
  if (!facts || Number(facts.rows[0]!.n) === 0) {
    throw new Error(`${databaseUrl} holds no statistics data: run \`pnpm bench:data --enrolments 1000000\` first`)
  }
  const { rows: sizes } = await db.query<Record<string, string>>(`
    select (select count(*) from enrolments) as enrolments, (select count(*) from outcome_observations) as observations,
      (select count(*) from campuses) as campuses`)
  const { rows: cohortRows } = await db.query<{ id: string; n: string }>(
    `select cohort_id as id, count(*) as n from stats_facts group by cohort_id order by count(*) desc, cohort_id limit 1`,
  )
  const cohort = cohortRows[0]!.id

  const { api, bare, apiPort, base, bareUrl } = await startServers()

  console.log(
    `bench:stats · ${cpus()[0]?.model ?? 'cpu'} · ${cores} cores · node ${process.version} · PostgreSQL ${facts.rows[0]!.v}`,
  )
  console.log(
    `${Number(sizes[0]!.enrolments).toLocaleString('en-US')} enrolments, ${Number(sizes[0]!.observations).toLocaleString('en-US')} observations, ` +
      `${sizes[0]!.campuses} campuses, ${Number(facts.rows[0]!.n).toLocaleString('en-US')} exited entrants · ` +
      (pinned ? 'servers pinned to CPU 0, load tool to CPU 1' : 'unpinned') +
      ` · load average before: ${loadAverage()}`,
  )

  // Network staff compute any figure on demand; everyone else reads the protected release.
  const staff = await staffHeaders(`http://127.0.0.1:${apiPort}`)
  const latency = await uncachedLatency(base, cohort, staff)

  // The public reads the protected release: after a write, the last one answers while the next is built.
  const afterWrites = await publicAfterWrites(base)

  if (parts.has('throughput'))
    console.log(
      `\nrepeated request (cached) vs bare route: ${connections} connections, ${rounds} rounds × (${warmupSeconds} s + ${seconds} s)`,
    )
  // The API's own ceiling: its cheapest route (no database), through the same plugins as every route.
  const healthUrl = `http://127.0.0.1:${apiPort}/healthz`
  // `campuses`: the public breakdown by campus (one group per campus, 170 kB of JSON at 400
  // campuses), asked as a browser asks (brotli or gzip accepted): issue 21's large cached answer.
  type Key = 'bare' | 'cached' | 'healthz' | 'campuses'
  const throughput: Record<Key, number[]> = { bare: [], cached: [], healthz: [], campuses: [] }
  const latencies: Record<Key, number[]> = { bare: [], cached: [], healthz: [], campuses: [] }
  const cpu: Record<Key, number[]> = { bare: [], cached: [], healthz: [], campuses: [] }
  const client: Record<Key, number[]> = { bare: [], cached: [], healthz: [], campuses: [] }
  const browser = { 'accept-encoding': 'gzip, deflate, br' }
  const runs: Array<[Key, string, Record<string, string>?]> = [
    ['bare', bareUrl],
    ['healthz', healthUrl],
    ['cached', base],
    ['campuses', `${base}?groupBy=campus`, browser],
  ]
  if (parts.has('throughput')) {
    // Run alone, this part starts on a cold API: its first public answer waits for the first
    // release (a minute on 1M enrolments, on a quiet machine), and a round measured meanwhile
    // counted 0 req/s. Every target answers once before any round.
    const started = performance.now()
    for (const [, url] of runs) await waitFor200(url, api, 600_000)
    console.log(`  every target answered once after ${fmt((performance.now() - started) / 1000, 1)} s`)
  }
  for (let round = 1; round <= (parts.has('throughput') ? rounds : 0); round++) {
    // Alternate the order, so no target always runs first or last.
    const order = round % 2 ? runs : [...runs].reverse()
    for (const [key, url, headers] of order) {
      if (warmupSeconds > 0) await load(url, warmupSeconds, headers)
      // CPU time of the serving process per request: far steadier than req/s on a busy machine.
      const pid = (key === 'bare' ? bare : api).process.pid!
      const before = cpuOf([pid])
      const m = await load(url, seconds, headers)
      const cpuPerRequest = cpuSpent(before, cpuOf([pid])) / (m.rps * seconds)
      throughput[key].push(m.rps)
      latencies[key].push(m.p50)
      cpu[key].push(cpuPerRequest)
      client[key].push(m.client)
      console.log(
        `  round ${round}  ${key.padEnd(8)} ${fmt(m.rps, 0).padStart(8)} req/s  p50 ${fmt(m.p50, 2)} ms  p99 ${fmt(m.p99, 2)} ms  ` +
          `server CPU/req ${fmt(cpuPerRequest, 0)} µs  load tool ${fmt(100 * m.client, 0)} % of its core`,
      )
    }
  }
  const repeated = parts.has('throughput') ? summarise(throughput, cpu, client) : undefined

  let afterImport: ImportPartResult | undefined
  if (parts.has('import')) {
    console.log(
      `\nstatistics after a ${importRows.toLocaleString('en-US')}-row import (on a copy of the data set, with its own API):`,
    )
    // The copy is made with nothing connected to the data set.
    await Promise.all([api.stop(), bare.stop()])
    await db.end()
    db = undefined
    afterImport = await importPart({ databaseUrl, rows: importRows, admin, cpus: pinned ? '0' : undefined })
  }
  console.log(`load average after: ${loadAverage()}`)
  console.log(
    JSON.stringify({
      bench: 'stats',
      date: new Date().toISOString(),
      node: process.version,
      postgres: facts.rows[0]!.v,
      cores,
      pinned,
      enrolments: Number(sizes[0]!.enrolments),
      exitedEntrants: Number(facts.rows[0]!.n),
      afterWriteMs: afterWrites,
      afterImport,
      latencyMs: Object.fromEntries(
        Object.entries(latency).map(([k, v]) => [k, { p50: +v.p50.toFixed(2), p95: +v.p95.toFixed(2) }]),
      ),
      repeated,
    }),
  )
}

type Throughput = Record<'bare' | 'cached' | 'healthz' | 'campuses', number[]>

/** Prints the throughput part's ratios, round by round then their median, and returns them for the JSON line. */
function summarise(throughput: Throughput, cpu: Throughput, client: Throughput) {
  const bareRps = median(throughput.bare)
  const cachedRps = median(throughput.cached)
  const healthRps = median(throughput.healthz)
  // Ratios round by round, then their median: a ratio of medians mixes rounds the machine treated differently.
  const cachedRatio = roundRatios(throughput.cached, throughput.bare)
  const healthRatio = roundRatios(throughput.healthz, throughput.bare)
  const cachedToHealth = roundRatios(throughput.cached, throughput.healthz)
  const campusesRatio = roundRatios(throughput.campuses, throughput.bare)
  console.log(
    `  median req/s: bare ${fmt(bareRps, 0)}, API /healthz ${fmt(healthRps, 0)}, cached network total ${fmt(cachedRps, 0)}`,
  )
  console.log(`  cached / bare: ${formatRatios(cachedRatio)}`)
  console.log(`  /healthz / bare: ${formatRatios(healthRatio)}`)
  console.log(`  cached / /healthz: ${formatRatios(cachedToHealth)}`)
  console.log(
    `  public breakdown by campus, compressed (${fmt(median(throughput.campuses), 0)} req/s) / bare: ${formatRatios(campusesRatio)}`,
  )
  // By the server's CPU per request (bare ÷ target, round by round): what req/s would show if the
  // load tool kept up. It does not for the breakdown by campus: parsing 20 kB answers takes
  // autocannon's whole core at 4–5,000 req/s (docs/benchmarks.md).
  const campusesByCpu = roundRatios(
    cpu.campuses.map((c) => 1 / c),
    cpu.bare.map((c) => 1 / c),
  )
  console.log(
    `  public breakdown by campus / bare, by server CPU per request: ${formatRatios(campusesByCpu)}; ` +
      `load tool at ${fmt(100 * median(client.campuses), 0)} % of its core (bare route: ${fmt(100 * median(client.bare), 0)} %)`,
  )
  console.log(
    `  median server CPU per request: bare ${fmt(median(cpu.bare), 0)} µs, /healthz ${fmt(median(cpu.healthz), 0)} µs, ` +
      `cached network total ${fmt(median(cpu.cached), 0)} µs, breakdown by campus ${fmt(median(cpu.campuses), 0)} µs`,
  )
  return {
    bareRps: Math.round(bareRps),
    healthzRps: Math.round(healthRps),
    cachedRps: Math.round(cachedRps),
    ratio: cachedRatio.median === null ? null : +cachedRatio.median.toFixed(3),
    ratioToHealthz: cachedToHealth.median === null ? null : +cachedToHealth.median.toFixed(3),
    roundRatios: cachedRatio.ratios.map((r) => (r === null ? null : +r.toFixed(3))),
    campusesRatio: campusesRatio.median === null ? null : +campusesRatio.median.toFixed(3),
    campusesRatioByCpu: campusesByCpu.median === null ? null : +campusesByCpu.median.toFixed(3),
    loadToolCoreShare: Object.fromEntries(Object.entries(client).map(([k, v]) => [k, +median(v).toFixed(2)])),
    serverCpuUsPerRequest: {
      bare: Math.round(median(cpu.bare)),
      healthz: Math.round(median(cpu.healthz)),
      cached: Math.round(median(cpu.cached)),
      campuses: Math.round(median(cpu.campuses)),
    },
    rounds: {
      bare: throughput.bare.map(Math.round),
      healthz: throughput.healthz.map(Math.round),
      cached: throughput.cached.map(Math.round),
      campuses: throughput.campuses.map(Math.round),
    },
  }
}

try {
  await main()
} catch (err) {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err)
  process.exitCode = 1
} finally {
  await cleanup()
}
