/**
 * `pnpm bench:api`: requests/s and p50/p99 latency of the API's campus reads on PostgreSQL, next to a
 * bare Fastify JSON route measured in the same run, as a ratio. See docs/benchmarks.md.
 *
 * Campus reads are measured with rate limiting off (the read path itself), and the single read once
 * more on a second API process with rate limiting on and its limit raised out of the way, so that
 * the cost of its PostgreSQL counter (one upsert per request) shows on a row of its own.
 *
 * The API and the bare route each run in their own child process (`node --import tsx`), so the load
 * tool (autocannon, in this process) does not share their event loop. With `taskset` and two or more
 * cores, the servers are pinned to CPU 0 and this process to CPU 1 (PostgreSQL is left unpinned).
 *
 * Env:
 *   BENCH_DATABASE_URL    PostgreSQL to use (default: a throwaway `trajectoires_bench_<pid>` on the
 *                         local socket, created and dropped here)
 *   BENCH_SECONDS         measured seconds per target and round (default 8)
 *   BENCH_WARMUP_SECONDS  unmeasured seconds before each measured run (default 2)
 *   BENCH_ROUNDS          rounds, each measuring every target in turn (default 3)
 *   BENCH_CONNECTIONS     concurrent connections (default 10)
 *   BENCH_PIN             0 to leave every process unpinned
 *
 * Besides req/s and latency, each row shows the CPU time per request of the server process and of
 * the PostgreSQL backends (from /proc, when PostgreSQL runs on this machine): unlike req/s, it
 * hardly depends on what else the machine is doing.
 */
import { cpus } from 'node:os'
import autocannon from 'autocannon'
import {
  backendPids,
  cpuOf,
  cpuSpent,
  fmt,
  formatRatios,
  freePort,
  loadAverage,
  median,
  openBenchDatabase,
  percentile,
  pinSelf,
  roundRatios,
  Samples,
  startApiServer,
  startBareServer,
  throughputSettings,
  waitFor200,
  type BenchDatabase,
  type Child,
} from './support.js'

const { seconds, warmupSeconds, rounds, connections, cores, pinned } = throughputSettings()
const serverCpus = pinned ? '0' : undefined

interface Target {
  key: 'bare' | 'list' | 'get' | 'getLimited'
  label: string
  url: string
  /** The server answering it. */
  server: Child
  /** Whether PostgreSQL backends work for it. */
  database: boolean
}

interface Measure {
  rps: number
  p50: number
  p99: number
  requests: number
  /** CPU time per answered request, in µs: the server's process, and PostgreSQL's backends (or null). */
  serverCpu: number | null
  postgresCpu: number | null
}

/** One autocannon run; latencies are taken from every 2xx response, in ms with sub-ms precision. */
function load(url: string, duration: number): Promise<Omit<Measure, 'serverCpu' | 'postgresCpu'>> {
  const samples = new Samples()
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, pipelining: 1, duration }, (err: unknown, result) => {
      if (err) return reject(err instanceof Error ? err : new Error(String(err)))
      if (result.errors > 0 || result.non2xx > 0) {
        return reject(
          new Error(
            `${url}: ${result.errors} errors (${result.timeouts} timeouts), ${result.non2xx} non-2xx answers ` +
              JSON.stringify(result.statusCodeStats ?? {}),
          ),
        )
      }
      const sorted = samples.sorted()
      resolve({
        rps: result['2xx'] / result.duration,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        requests: result['2xx'],
      })
    })
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) samples.push(responseTime)
    })
  })
}

/** A measured run of `target`, with the CPU its server and PostgreSQL spent on it. */
async function measure(target: Target, databaseUrl: string): Promise<Measure> {
  const serverPid = target.server.process.pid
  const pids = async () => {
    const list = serverPid === undefined ? [] : [serverPid]
    const backends = target.database ? await backendPids(databaseUrl).catch(() => []) : []
    return { server: list, backends }
  }
  const start = await pids()
  const serverBefore = cpuOf(start.server)
  const backendsBefore = cpuOf(start.backends)
  const m = await load(target.url, seconds)
  const end = await pids()
  const serverAfter = cpuOf(end.server)
  const backendsAfter = cpuOf(new Set([...start.backends, ...end.backends]))
  const perRequest = (micros: number) => (m.requests > 0 ? micros / m.requests : null)
  return {
    ...m,
    serverCpu: serverAfter.size > 0 ? perRequest(cpuSpent(serverBefore, serverAfter)) : null,
    postgresCpu: target.database && backendsAfter.size > 0 ? perRequest(cpuSpent(backendsBefore, backendsAfter)) : null,
  }
}

const children: Child[] = []
let database: BenchDatabase | undefined
let cleaning: Promise<void> | undefined

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.allSettled(children.map((child) => child.stop()))
    if (database) {
      await database.drop().catch((err: unknown) => console.error(`could not drop the bench database: ${String(err)}`))
    }
  })()
  return cleaning
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers and dropping the bench database`)
    void cleanup().finally(() => process.exit(130))
  })
}

const micros = (n: number | null) => (n === null ? '–' : `${fmt(n, 0)} µs`)
const medianOrNull = (values: Array<number | null>) =>
  values.every((v): v is number => v !== null) ? median(values) : null

async function main() {
  if (pinned && !pinSelf('1')) throw new Error('taskset could not pin the load tool to CPU 1 (set BENCH_PIN=0)')

  database = await openBenchDatabase(process.env.BENCH_DATABASE_URL || undefined)

  const databaseUrl = database.url
  const startApi = async (name: string, env: Record<string, string>) => {
    const port = await freePort()
    const child = startApiServer({ name, databaseUrl, port, cpus: serverCpus, env })
    children.push(child)
    const base = `http://127.0.0.1:${port}`
    // The seed and the demo administrator's password hash take a while on a busy machine.
    return { child, base, ready: waitFor200(`${base}/readyz`, child, 180_000) }
  }

  // The read path itself: rate limiting off. Its PostgreSQL counter (one upsert per request) is measured
  // on a second API process, where the limit is raised out of the way, so its cost shows on its own row.
  const api = await startApi('API', { SEED_ON_EMPTY: 'true', RATE_LIMIT_ENABLED: 'false' })

  const barePort = await freePort()
  const bare = startBareServer(barePort, serverCpus)
  children.push(bare)

  const bareUrl = `http://127.0.0.1:${barePort}/bare`
  await Promise.all([api.ready, waitFor200(bareUrl, bare)])
  // Started once the first has migrated and seeded the database.
  const limited = await startApi('API (rate limit on)', {
    SEED_ON_EMPTY: 'false',
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_ANONYMOUS_MAX: '1000000',
  })
  await limited.ready
  const apiBase = api.base

  const listUrl = `${apiBase}/api/v1/campuses`
  const listed = (await (await fetch(listUrl)).json()) as { items: Array<{ id: string }> }
  const id = listed.items[0]?.id
  if (!id)
    throw new Error(`${listUrl} lists no campus: was the database seeded? (SEED_ON_EMPTY needs an empty database)`)
  const getUrl = `${listUrl}/${id}`
  const limitedUrl = `${limited.base}/api/v1/campuses/${id}`
  const sizes = await Promise.all(
    [bareUrl, listUrl, getUrl].map(async (url) => (await (await fetch(url)).arrayBuffer()).byteLength),
  )

  const targets: Target[] = [
    { key: 'bare', label: 'bare Fastify GET /bare', url: bareUrl, server: bare, database: false },
    { key: 'list', label: 'GET /api/v1/campuses', url: listUrl, server: api.child, database: true },
    { key: 'get', label: 'GET /api/v1/campuses/{id}', url: getUrl, server: api.child, database: true },
    {
      key: 'getLimited',
      label: 'GET /api/v1/campuses/{id}, rate limit on',
      url: limitedUrl,
      server: limited.child,
      database: true,
    },
  ]

  console.log(
    `bench:api · ${cpus()[0]?.model ?? 'cpu'} · ${cores} cores · node ${process.version} · PostgreSQL ${database.serverVersion}`,
  )
  console.log(
    `${connections} connections, pipelining 1 · ${rounds} rounds × (${warmupSeconds} s warm-up + ${seconds} s) per target · ` +
      (pinned ? 'servers pinned to CPU 0, load tool to CPU 1' : 'unpinned') +
      ` · ${listed.items.length} campuses; bodies ${sizes.join(' / ')} bytes (bare / list / get)`,
  )
  console.log(`load average before: ${loadAverage()}`)

  const labelWidth = Math.max(...targets.map((t) => t.label.length))
  const measures = new Map<Target['key'], Measure[]>(targets.map((t) => [t.key, []]))
  for (let round = 1; round <= rounds; round++) {
    // Alternate the order, so no target always runs first or last.
    const order = round % 2 ? targets : [...targets].reverse()
    for (const target of order) {
      if (warmupSeconds > 0) await load(target.url, warmupSeconds)
      const m = await measure(target, database.url)
      measures.get(target.key)!.push(m)
      console.log(
        `  round ${round}  ${target.label.padEnd(labelWidth)} ${fmt(m.rps, 0).padStart(8)} req/s  p50 ${fmt(m.p50, 2)} ms  ` +
          `p99 ${fmt(m.p99, 2)} ms  CPU/req: server ${micros(m.serverCpu)}, PostgreSQL ${micros(m.postgresCpu)}`,
      )
    }
  }

  report(targets, measures, database.serverVersion)
}

/** The medians of the rounds, as a table and as one JSON line. */
function report(targets: Target[], measures: Map<Target['key'], Measure[]>, postgres: string) {
  const summary = targets.map((t) => {
    const ms = measures.get(t.key)!
    return {
      target: t,
      rps: median(ms.map((m) => m.rps)),
      p50: median(ms.map((m) => m.p50)),
      p99: median(ms.map((m) => m.p99)),
      serverCpu: medianOrNull(ms.map((m) => m.serverCpu)),
      postgresCpu: medianOrNull(ms.map((m) => m.postgresCpu)),
    }
  })
  // Ratios round by round, then their median; none from rounds where the bare route itself collapsed.
  const bareRounds = measures.get('bare')!.map((m) => m.rps)
  const ratioOf = (key: Target['key']) =>
    roundRatios(
      measures.get(key)!.map((m) => m.rps),
      bareRounds,
    )
  const pct = (r: number | null) => (r === null ? 'collapsed' : `${fmt(100 * r, 1)} %`)

  const header = [
    'target',
    'req/s',
    'p50 ms',
    'p99 ms',
    'vs bare (median of rounds)',
    'server CPU/req',
    'PostgreSQL CPU/req',
  ]
  const rows = summary.map((s) => [
    s.target.label,
    fmt(s.rps, 0),
    fmt(s.p50, 2),
    fmt(s.p99, 2),
    pct(ratioOf(s.target.key).median),
    micros(s.serverCpu),
    micros(s.postgresCpu),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`
  console.log(`\nmedian of ${rounds} rounds:`)
  console.log(line(header))
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`)
  for (const row of rows) console.log(line(row))
  for (const s of summary)
    if (s.target.key !== 'bare') console.log(`  ${s.target.label} / bare: ${formatRatios(ratioOf(s.target.key))}`)
  console.log(`load average after: ${loadAverage()}`)

  console.log(
    JSON.stringify({
      bench: 'api',
      date: new Date().toISOString(),
      node: process.version,
      postgres,
      cores,
      pinned,
      connections,
      pipelining: 1,
      seconds,
      warmupSeconds,
      rounds,
      results: Object.fromEntries(
        summary.map((s) => [
          s.target.key,
          {
            path: new URL(s.target.url).pathname,
            rps: Math.round(s.rps),
            p50Ms: Number(s.p50.toFixed(3)),
            p99Ms: Number(s.p99.toFixed(3)),
            ratio: ((r) => (r === null ? null : Number(r.toFixed(3))))(ratioOf(s.target.key).median),
            roundRatios: ratioOf(s.target.key).ratios.map((r) => (r === null ? null : Number(r.toFixed(3)))),
            serverCpuUsPerRequest: s.serverCpu === null ? null : Math.round(s.serverCpu),
            postgresCpuUsPerRequest: s.postgresCpu === null ? null : Math.round(s.postgresCpu),
            rounds: measures.get(s.target.key)!.map((m) => Math.round(m.rps)),
          },
        ]),
      ),
    }),
  )
}

try {
  await main()
} catch (err) {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err)
  process.exitCode = 1
} finally {
  await cleanup()
}
