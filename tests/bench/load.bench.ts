/**
 * `pnpm bench:load [--duration 60] [--connections 8]`: a realistic mix against the API on PostgreSQL
 * for a bounded time, on loopback: dashboard reads (campuses, cohorts, statistics overview and
 * placement), partner imports of small batches with an API key, and staff writes. Prints throughput,
 * p50/p95/p99 latency, the answers that were not 2xx, and the API process's resident memory at the
 * start and end (sampled every second, with the growth). The soak of issue 8 is `--duration 300`.
 *
 * Set-up, not measured: a throwaway database on the local socket (or BENCH_DATABASE_URL), the API
 * started on it with the demonstration data (6 campuses, 154 cohorts, 2,774 learners), an
 * administrator's session and a partner API key (`enrolments:write`) bound to the Lyon campus.
 * Rate limits stay on (counters in PostgreSQL), with limits raised above the load.
 *
 * In every cycle of the mix (one per connection, in turn): 3 campus/cohort list reads, 1 campus
 * read, 2 statistics reads (overview, placement by campus), 1 partner import of 5 new enrolments
 * (CSV), 1 track creation by the administrator: 8 requests, 2 of them writes.
 */
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import { freePort, openBenchDatabase, percentile, Samples, withApiServer } from './support.js'

function flag(name: string, fallback: number): number {
  const args = process.argv.slice(2)
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  if (i < 0) return fallback
  const raw = args[i]!.includes('=') ? args[i]!.split('=')[1] : args[i + 1]
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} ${raw}: expected a positive number`)
  return value
}

const duration = flag('duration', 60)
const connections = flag('connections', 8)

/** Resident memory of a process, in MB (VmRSS). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

const metricsToken = `load-bench-${process.pid}-metrics-token`

/** The V8 heap in use and the PostgreSQL pool, read from the API's own /metrics. */
async function scrape(base: string): Promise<{ heapMb: number; poolWaiting: number; poolTotal: number }> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text()
  const value = (series: string) => Number(new RegExp(`^${series} ([0-9.e+]+)`, 'm').exec(text)?.[1] ?? Number.NaN)
  return {
    heapMb: value('nodejs_heap_size_used_bytes') / 1024 / 1024,
    poolWaiting: value('trajectoires_db_pool_waiting'),
    poolTotal: value('trajectoires_db_pool_connections\\{state="total"\\}'),
  }
}

/**
 * Forces a full garbage collection in the API through its inspector (started with
 * `--inspect=127.0.0.1:<port>`) and returns the V8 heap then in use, in MB: the memory the process
 * really retains, which tells a leak from a collector that has not run yet.
 */
async function collectedHeapMb(inspectPort: number): Promise<number> {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as Array<{
    webSocketDebuggerUrl: string
  }>
  const socket = new WebSocket(target!.webSocketDebuggerUrl)
  await new Promise((resolve, reject) => {
    socket.onopen = resolve
    socket.onerror = () => reject(new Error('cannot reach the API inspector'))
  })
  let next = 0
  const pending = new Map<number, (result: unknown) => void>()
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown }
    if (message.id !== undefined) pending.get(message.id)?.(message.result)
  }
  const send = <T>(method: string) =>
    new Promise<T>((resolve) => {
      const id = ++next
      pending.set(id, resolve as (result: unknown) => void)
      socket.send(JSON.stringify({ id, method }))
    })
  try {
    await send('HeapProfiler.collectGarbage')
    const usage = await send<{ usedSize: number }>('Runtime.getHeapUsage')
    return usage.usedSize / 1024 / 1024
  } finally {
    socket.close()
  }
}

const admin = { email: 'admin@demo.trajectoires.local', password: 'load bench password, not a secret' }

async function call<T>(base: string, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${base}${path}`, init)
  const text = await response.text()
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text.slice(0, 1000)}`)
  return JSON.parse(text) as T
}

/**
 * The mix of requests the load runs (an administrator's reads, a partner's imports, track creations),
 * each checked to answer 2xx first; `made` counts the import batches and tracks its bodies used.
 */
async function requestMix(base: string) {
  // An administrator's session, and a partner key for the Lyon campus.
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`)
  const cookie = /trj_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0]
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  const staff = { cookie, 'x-csrf-token': csrfToken }
  const campuses = await call<{ items: Array<{ id: string; name: string; commune: string }> }>(
    base,
    '/api/v1/campuses?limit=100',
  )
  const lyon = campuses.items.find((c) => c.commune === 'Lyon')!
  const cohorts = await call<{ items: Array<{ name: string; startDate: string }> }>(
    base,
    `/api/v1/cohorts?campusId=${lyon.id}&limit=100`,
    { headers: staff },
  )
  const cohort = cohorts.items.at(-1)!
  const key = await call<{ key: string }>(base, '/api/v1/api-keys', {
    method: 'POST',
    headers: { ...staff, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'load bench partner', scopes: ['enrolments:write'], campusIds: [lyon.id] }),
  })
  const partner = { authorization: `Bearer ${key.key}` }

  const fr = (iso: string, days: number) => {
    const d = new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString()
    return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`
  }
  let batch = 0
  const enrolmentsCsv = () => {
    const n = batch++
    const lines = [
      'Campus;Cohort;Learner reference;Birth year;Sex;Diploma at entry;Referrer;Applied on;Stage',
      ...Array.from(
        { length: 5 },
        (_, i) =>
          `${lyon.name};${cohort.name};LOAD-${process.pid}-${n}-${i};2001;${i % 2 ? 'male' : 'female'};none;mission_locale;${fr(cohort.startDate, -30)};applied`,
      ),
    ]
    return `${lines.join('\n')}\n`
  }
  // The mix must be valid before it is measured: one import, checked.
  const probe = await fetch(`${base}/api/v1/imports/enrolments?dryRun=true`, {
    method: 'POST',
    headers: { ...partner, 'content-type': 'text/csv' },
    body: enrolmentsCsv(),
  })
  if (probe.status !== 200) throw new Error(`the partner import is refused: ${probe.status} ${await probe.text()}`)

  let tracks = 0
  const json = { 'content-type': 'application/json' }
  const requests: autocannon.Request[] = [
    { method: 'GET', path: '/api/v1/campuses', headers: staff },
    { method: 'GET', path: `/api/v1/cohorts?campusId=${lyon.id}&limit=50`, headers: staff },
    { method: 'GET', path: `/api/v1/campuses/${lyon.id}`, headers: staff },
    { method: 'GET', path: '/api/v1/stats/overview', headers: staff },
    { method: 'GET', path: '/api/v1/cohorts?limit=20', headers: staff },
    { method: 'GET', path: '/api/v1/stats/placement?groupBy=campus', headers: staff },
    {
      method: 'POST',
      path: '/api/v1/imports/enrolments',
      headers: { ...partner, 'content-type': 'text/csv' },
      setupRequest: (req) => ({ ...req, body: enrolmentsCsv() }),
    },
    {
      method: 'POST',
      path: '/api/v1/tracks',
      headers: { ...staff, ...json },
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({ name: `Load ${process.pid} ${tracks++}`, hours: 200, components: ['internship'] }),
      }),
    },
  ]
  // Every request of the mix answers 2xx before the run (a 4xx here is a mistake in the bench).
  for (const r of requests) {
    const setup = r.setupRequest as ((req: autocannon.Request, context: object) => autocannon.Request) | undefined
    const req = setup ? setup({ ...r }, {}) : r
    const response = await fetch(`${base}${r.path}`, {
      method: r.method,
      headers: req.headers as Record<string, string>,
      ...(req.body ? { body: req.body as string } : {}),
    })
    if (!response.ok) throw new Error(`${r.method} ${r.path}: ${response.status} ${await response.text()}`)
  }
  return { requests, made: () => ({ batch, tracks }) }
}

async function main() {
  const inspectPort = await freePort()
  const db = await openBenchDatabase(process.env.BENCH_DATABASE_URL)
  const options = {
    nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`],
    env: {
      SEED_ON_EMPTY: 'true',
      DEMO_ADMIN_PASSWORD: admin.password,
      PASSWORD_HASH_COST: '10',
      RATE_LIMIT_AUTHENTICATED_MAX: '1000000',
      RATE_LIMIT_ANONYMOUS_MAX: '1000000',
      NODE_ENV: 'production',
      METRICS_TOKEN: metricsToken,
    },
    readyMs: 300_000,
  }
  await withApiServer(db, options, async (api, base) => {
    const { requests, made } = await requestMix(base)
    const pid = api.process.pid!
    const heapBefore = await scrape(base)
    const memory: Array<{ at: number; mb: number }> = [{ at: 0, mb: rssMb(pid) }]
    const started = Date.now()
    const sampler = setInterval(() => memory.push({ at: (Date.now() - started) / 1000, mb: rssMb(pid) }), 1000)
    // After the first tenth of the run (at least 10 s): caches and pools are full, JIT is warm.
    const warmAt = Math.max(10, duration / 10)
    const collected = (): Promise<{ heapMb: number; rssMb: number }> =>
      collectedHeapMb(inspectPort).then((heapMb) => ({ heapMb, rssMb: rssMb(pid) }))
    const collectedAtWarm = new Promise<{ heapMb: number; rssMb: number }>((resolve, reject) =>
      setTimeout(() => collected().then(resolve, reject), warmAt * 1000),
    )
    const latencies = new Samples()
    const statuses: Record<string, number> = {}
    console.log(
      `load: ${duration} s, ${connections} connections, mix of ${requests.length} requests (2 writes); API pid ${pid}, RSS ${memory[0]!.mb.toFixed(0)} MB; PostgreSQL ${db.serverVersion}`,
    )
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        { url: base, connections, pipelining: 1, duration, requests, timeout: 30 },
        (err: unknown, res) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)),
      )
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        latencies.push(responseTime)
        statuses[statusCode] = (statusCode in statuses ? statuses[statusCode]! : 0) + 1
      })
    })
    clearInterval(sampler)
    memory.push({ at: (Date.now() - started) / 1000, mb: rssMb(pid) })
    const heapAfter = await scrape(base)
    const collectedWarm = await collectedAtWarm
    const collectedEnd = await collected()

    const sorted = latencies.sorted()
    const ok = result['2xx']
    const errors = result.errors + result.non2xx
    const startMb = memory[0]!.mb
    const endMb = memory.at(-1)!.mb
    const warm = memory.find((m) => m.at >= warmAt) ?? memory[0]!
    const peakMb = Math.max(...memory.map((m) => m.mb))
    const growth = (from: number, to = endMb) => (((to - from) / from) * 100).toFixed(1)
    const lines = [
      `requests: ${ok + result.non2xx} answered in ${result.duration.toFixed(0)} s, ${(ok / result.duration).toFixed(0)} req/s 2xx (imports: ${made().batch - 2} batches of 5 rows, tracks created: ${made().tracks - 1})`,
      `latency: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`,
      `errors: ${errors} (${result.errors} connection errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx) answers by status ${JSON.stringify(statuses)}`,
      `API V8 heap used: start ${heapBefore.heapMb.toFixed(0)} MB, end ${heapAfter.heapMb.toFixed(0)} MB; PostgreSQL pool at the end: ${heapAfter.poolTotal} open, ${heapAfter.poolWaiting} waiting`,
      `API RSS: start ${startMb.toFixed(0)} MB, after warm-up (${warm.at.toFixed(0)} s) ${warm.mb.toFixed(0)} MB, end ${endMb.toFixed(0)} MB, peak ${peakMb.toFixed(0)} MB; growth ${growth(startMb)}% from start, ${growth(warm.mb)}% from warm-up`,
      `API after a full garbage collection: V8 heap ${collectedWarm.heapMb.toFixed(1)} MB after warm-up, ${collectedEnd.heapMb.toFixed(1)} MB at the end (${growth(collectedWarm.heapMb, collectedEnd.heapMb)}%); RSS ${collectedWarm.rssMb.toFixed(0)} → ${collectedEnd.rssMb.toFixed(0)} MB (${growth(collectedWarm.rssMb, collectedEnd.rssMb)}%)`,
    ]
    console.log(lines.join('\n'))
    console.log(
      JSON.stringify({
        duration: Math.round(result.duration),
        connections,
        rps: Math.round(ok / result.duration),
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        errors,
        rssStartMb: Math.round(startMb),
        rssWarmMb: Math.round(warm.mb),
        rssEndMb: Math.round(endMb),
        rssPeakMb: Math.round(peakMb),
        heapStartMb: Math.round(heapBefore.heapMb),
        heapEndMb: Math.round(heapAfter.heapMb),
        collectedHeapWarmMb: Number(collectedWarm.heapMb.toFixed(1)),
        collectedHeapEndMb: Number(collectedEnd.heapMb.toFixed(1)),
        collectedRssWarmMb: Math.round(collectedWarm.rssMb),
        collectedRssEndMb: Math.round(collectedEnd.rssMb),
      }),
    )
    if (errors > 0) process.exitCode = 1
  })
}

await main()
