/** Process, port, database, environment and statistics helpers for the benches (`bench/*.bench.ts`). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { availableParallelism, loadavg } from 'node:os'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
export const testsDir = fileURLToPath(new URL('../', import.meta.url))
export const apiDir = `${repoRoot}services/api/`

/** A number from the environment variable `name` (`fallback` when unset or empty); fails below `min`. */
export function envNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min)
    throw new Error(`${name}=${JSON.stringify(raw)}: expected a number ≥ ${min}`)
  return value
}

/** A port the kernel considers free right now (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port ? resolve(port) : reject(new Error('could not read the free port'))))
    })
  })
}

/** True when `taskset` can be used to pin processes to CPUs. */
export function hasTaskset(): boolean {
  return spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0
}

/** Pins this process (its main thread and future threads) to a CPU list such as `1`. */
export function pinSelf(cpus: string): boolean {
  return spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' }).status === 0
}

export interface Child {
  name: string
  process: ChildProcess
  /** Last lines of its stderr and stdout, for error reports. */
  output(): string
  stop(): Promise<void>
}

export interface StartOptions {
  name: string
  script: string
  cwd: string
  env: Record<string, string>
  /** CPU list for `taskset -c`, or undefined to leave the child unpinned. */
  cpus?: string | undefined
  /** Flags for node itself, before the script (e.g. `--inspect=127.0.0.1:9230`). */
  nodeArgs?: string[] | undefined
}

/** Starts `node --import tsx <script>` as a child, optionally pinned with taskset. */
export function startNode(options: StartOptions): Child {
  // BENCH_NODE_ARGS: extra flags for the servers a bench starts, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const nodeArgs = [...(options.nodeArgs ?? []), ...extra, '--import', 'tsx', options.script]
  const [command, args] = options.cpus
    ? ['taskset', ['-c', options.cpus, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs]
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let tail = ''
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  // BENCH_CHILD_LOG=/tmp/bench: each server's stdout goes to /tmp/bench.<name> as well, e.g. what
  // `BENCH_NODE_ARGS=--trace-gc` prints.
  if (process.env.BENCH_CHILD_LOG) {
    const log = createWriteStream(`${process.env.BENCH_CHILD_LOG}.${options.name}`)
    child.stdout?.pipe(log)
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  return {
    name: options.name,
    process: child,
    output: () => tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])
      if (!done) {
        child.kill('SIGKILL')
        await exited
      }
    },
  }
}

export interface ApiServerOptions {
  databaseUrl: string
  port: number
  /** Shown in error reports; `api` by default. */
  name?: string | undefined
  cpus?: string | undefined
  nodeArgs?: string[] | undefined
  /** Variables beside the ones every bench sets (database, port, host, warn logs, no dashboard). */
  env?: Record<string, string> | undefined
}

/** Starts the API (services/api) on 127.0.0.1 and the given database, without the dashboard. */
export function startApiServer(options: ApiServerOptions): Child {
  return startNode({
    name: options.name ?? 'api',
    script: `${apiDir}src/server.ts`,
    cwd: apiDir,
    cpus: options.cpus,
    nodeArgs: options.nodeArgs,
    env: {
      DATABASE_URL: options.databaseUrl,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WEB_DIST: '',
      ...options.env,
    },
  })
}

/** Starts the bare Fastify route (`bench/bare-server.ts`): what a request costs with no application behind it. */
export function startBareServer(port: number, cpus: string | undefined): Child {
  return startNode({
    name: 'bare Fastify',
    script: `${testsDir}bench/bare-server.ts`,
    cwd: testsDir,
    cpus,
    env: { PORT: String(port), HOST: '127.0.0.1' },
  })
}

/**
 * Runs `body` against the API started on `db` (on a free port, answering `/readyz` within
 * `readyMs`): on a failure the API's last output is printed; in any case the API is stopped and
 * the database dropped.
 */
export async function withApiServer<T>(
  db: BenchDatabase,
  options: Omit<ApiServerOptions, 'databaseUrl' | 'port'> & { readyMs: number },
  body: (api: Child, base: string) => Promise<T>,
): Promise<T> {
  let api: Child | undefined
  try {
    const port = await freePort()
    const { readyMs, ...start } = options
    api = startApiServer({ ...start, databaseUrl: db.url, port })
    const base = `http://127.0.0.1:${port}`
    await waitFor200(`${base}/readyz`, api, readyMs)
    return await body(api, base)
  } catch (err) {
    if (api) console.error(api.output())
    throw err
  } finally {
    await api?.stop()
    await db.drop()
  }
}

/** Polls `url` until it answers 200; fails early when the child exits, or after `timeoutMs`. */
export async function waitFor200(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer yet'
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(
        `${child.name} exited (${child.process.exitCode ?? child.process.signalCode}):\n${child.output()}`,
      )
    }
    try {
      const res = await fetch(url)
      await res.arrayBuffer()
      if (res.status === 200) return
      last = `HTTP ${res.status}`
    } catch (err) {
      last = err instanceof Error ? err.message : String(err)
    }
    await sleep(100)
  }
  throw new Error(`${child.name}: ${url} did not answer 200 within ${timeoutMs} ms (${last}):\n${child.output()}`)
}

/** A database on the local PostgreSQL socket. */
export const socketUrl = (database: string) => `postgresql://root@/${database}?host=/var/run/postgresql`

/** Drops a database of the local server, its connections closed first. */
export async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: socketUrl('postgres') })
  await client.connect()
  try {
    await client.query(`drop database if exists ${name} with (force)`)
  } finally {
    await client.end()
  }
}

/** A database for the run: `BENCH_DATABASE_URL` as given, or a throwaway one dropped by `drop()`. */
export interface BenchDatabase {
  url: string
  throwaway: boolean
  serverVersion: string
  drop(): Promise<void>
}

export async function openBenchDatabase(given: string | undefined): Promise<BenchDatabase> {
  if (given) {
    const client = new pg.Client({ connectionString: given })
    await client.connect()
    try {
      const { rows } = await client.query<{ v: string }>("select current_setting('server_version') as v")
      return { url: given, throwaway: false, serverVersion: rows[0]?.v ?? '?', drop: async () => {} }
    } finally {
      await client.end()
    }
  }
  const name = `trajectoires_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: socketUrl('postgres') })
  await admin.connect()
  let serverVersion: string
  try {
    await admin.query(`drop database if exists ${name}`)
    await admin.query(`create database ${name}`)
    serverVersion =
      (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?'
  } finally {
    await admin.end()
  }
  let dropped = false
  return {
    url: socketUrl(name),
    throwaway: true,
    serverVersion,
    async drop() {
      if (dropped) return
      dropped = true
      await dropDatabase(name)
    },
  }
}

/** Percentile (nearest rank) of an ascending-sorted array. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** A growable array of doubles, cheap to append to in the hot `response` handler. */
export class Samples {
  private data = new Float64Array(1 << 16)
  length = 0

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    this.data[this.length++] = value
  }

  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort()
  }
}

const clockTicks = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })
  const ticks = Number(out.stdout?.trim())
  return Number.isInteger(ticks) && ticks > 0 ? ticks : 100
})()

/** CPU time (user + system) a process has used so far, in µs; undefined where /proc cannot tell. */
export function cpuMicros(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name, which is in parentheses and may contain spaces: state is field 3,
    // utime field 14 and stime field 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return Number.isFinite(ticks) ? (ticks * 1e6) / clockTicks : undefined
  } catch {
    return undefined
  }
}

/** CPU time used by a set of processes, in µs; processes that came or went count from 0 or are lost. */
export function cpuOf(pids: Iterable<number>): Map<number, number> {
  const usage = new Map<number, number>()
  for (const pid of pids) {
    const micros = cpuMicros(pid)
    if (micros !== undefined) usage.set(pid, micros)
  }
  return usage
}

/** CPU used between two `cpuOf` snapshots (a process first seen in `after` counts in full). */
export function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0
  for (const [pid, micros] of after) total += micros - (before.get(pid) ?? 0)
  return total
}

/** Process ids of the PostgreSQL backends serving `databaseUrl`, when the server runs on this machine. */
export async function backendPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    )
    return rows.map((r) => r.pid)
  } finally {
    await client.end()
  }
}

/**
 * The settings of the autocannon benches (`bench:api`, `bench:stats`) from the environment:
 * BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS and BENCH_PIN; `pinned` when
 * the servers can go to CPU 0 and the load tool to CPU 1 (taskset and two cores or more).
 */
export function throughputSettings() {
  const seconds = envNumber('BENCH_SECONDS', 8, 1)
  const warmupSeconds = envNumber('BENCH_WARMUP_SECONDS', 2, 0)
  const rounds = Math.round(envNumber('BENCH_ROUNDS', 3, 1))
  const connections = Math.round(envNumber('BENCH_CONNECTIONS', 10, 1))
  const cores = availableParallelism()
  const pinned = process.env.BENCH_PIN !== '0' && cores >= 2 && hasTaskset()
  return { seconds, warmupSeconds, rounds, connections, cores, pinned }
}

/** `n` with `digits` decimals and thousands separators (en-US), for bench reports. */
export const fmt = (n: number, digits: number) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

/** The load average (1, 5 and 15 minutes), for a bench's first and last lines. */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
}

/** Per-round ratios of a measured path to its reference (the bare route, `COPY`), and their median. */
export interface RoundRatios {
  /** measured ÷ reference in each round; null where the reference collapsed. */
  ratios: Array<number | null>
  /** Rounds where the reference made less than half of its best round: the machine, not the code. */
  collapsed: boolean[]
  /** The median of the rounds kept; null when the reference collapsed in half the rounds or more. */
  median: number | null
}

/**
 * Ratios round by round (never a ratio of medians: rounds of 30 %, 104 % and 65 % once gave 94 %).
 * A round whose reference fell below half its best round says the machine was busy, so its ratio is
 * left out; with half the rounds or more left out, no ratio is reported at all.
 */
export function roundRatios(measured: number[], reference: number[]): RoundRatios {
  const best = Math.max(...reference)
  const collapsed = reference.map((r) => !(r >= best / 2))
  const ratios = measured.map((m, i) => (collapsed[i] ? null : m / reference[i]!))
  const kept = ratios.filter((r): r is number => r !== null)
  return { ratios, collapsed, median: kept.length > reference.length / 2 ? median(kept) : null }
}

/** `52.3 %`, or the reason there is no ratio. */
export function formatRatios(r: RoundRatios): string {
  const rounds = r.ratios.map((x) => (x === null ? 'collapsed' : `${(100 * x).toFixed(1)} %`)).join(', ')
  const head = r.median === null ? 'no ratio (the reference collapsed)' : `median ${(100 * r.median).toFixed(1)} %`
  return `${head} (rounds: ${rounds})`
}

/** Logs in through the API: the session cookie and its CSRF token (writes need both). */
export async function login(
  base: string,
  user: { email: string; password: string },
): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  })
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`)
  const cookie = /trj_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0]
  if (!cookie) throw new Error('login set no session cookie')
  const { csrfToken } = (await response.json()) as { csrfToken: string }
  return { cookie, 'x-csrf-token': csrfToken }
}

/** Streams a file to the API as `text/csv` and returns the answer's status and text. */
export function postFile(
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

/** The database name in a `postgresql://root@/<name>?host=…` URL (no host: not a WHATWG URL). */
export const databaseName = (url: string) => /^postgresql:\/\/[^/]*\/([^?]+)/.exec(url)![1]!

/** Makes `name` a fresh copy of the database at `templateUrl` (nothing may be connected to it); its URL. */
export async function copyDatabase(templateUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: socketUrl('postgres') })
  await admin.connect()
  try {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.query(`create database ${name} template ${databaseName(templateUrl)}`)
  } finally {
    await admin.end()
  }
  return socketUrl(name)
}

/** Runs one psql command on `url` and returns how long it took, in ms. */
export function psql(url: string, command: string, env: Record<string, string> = {}): number {
  const started = performance.now()
  const result = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-c', command], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  })
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`)
  return performance.now() - started
}

/**
 * PostgreSQL's own `COPY` (psql `\copy`) of outcome observations with their ids resolved, in ms;
 * with the statistics refresh deferred as an import defers it, unless `deferred` is false.
 */
export function copyObservations(url: string, file: string, deferred = true): number {
  const command =
    `\\copy outcome_observations (enrolment_id, checkpoint, observed_on, situation, contract_type, contract_months, ` +
    `in_fibre_sector, source, provenance) from '${file}' with (format csv)`
  return psql(url, command, deferred ? { PGOPTIONS: '-c trajectoires.stats_refresh=deferred' } : {})
}

/** The data version a public release was built from (`r-<data version>-<day>`); -1 without one. */
export const releaseVersion = (body: any) => Number(/^r-(\d+)-/.exec(body?.release?.id ?? '')?.[1] ?? -1)
