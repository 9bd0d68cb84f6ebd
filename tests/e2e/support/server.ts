import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
/**
 * Where the browser tests' dashboard build goes: `apps/web/dist`, or `E2E_WEB_DIST` (a directory of
 * its own, so that a run is not disturbed by another one rebuilding the shared folder meanwhile).
 */
const webDist = process.env.E2E_WEB_DIST ? resolve(process.env.E2E_WEB_DIST) : join(repoRoot, 'apps/web/dist')

/** What the dashboard build is made from; a change in any of them makes the build stale. */
const webSources = [
  'apps/web/src',
  'apps/web/public',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/build',
  'apps/web/package.json',
  'packages/client/src',
  // The dashboard imports the contract's vocabularies, labels and schemas.
  'packages/contract/src',
].map((path) => join(repoRoot, path))

function newestChange(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) {
    if (entry !== 'node_modules') newest = Math.max(newest, newestChange(join(path, entry)))
  }
  return newest
}

/**
 * Builds the dashboard when `apps/web/dist` is missing or older than its sources, so the browser
 * tests never run against a stale build. Returns whether it built.
 */
export function ensureWebBuild(): boolean {
  const index = join(webDist, 'index.html')
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0
  if (builtAt > 0 && webSources.every((path) => newestChange(path) <= builtAt)) return false
  const outDir = process.env.E2E_WEB_DIST ? ['--outDir', webDist, '--emptyOutDir'] : []
  const result = spawnSync('pnpm', ['--filter', '@trajectoires/web', 'build', ...outDir], {
    cwd: repoRoot,
    encoding: 'utf8',
    // Vitest sets NODE_ENV=test, and Vite builds Vue's development bundle for any NODE_ENV but
    // production (half as large again, with its checks): what readers get is the production build.
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0) {
    throw new Error(
      `Building the dashboard failed (exit ${result.status ?? result.signal ?? result.error?.message}):\n${result.stdout ?? ''}${result.stderr ?? ''}`,
    )
  }
  return true
}

/** The demo administrator the API creates on an empty database (a demo credential, never a real one). */
export const demoAdmin = { email: 'admin@demo.trajectoires.local', password: 'e2e demo password, not a secret' }

/** Logs in through the API; returns the headers that carry the session (cookie and CSRF token). */
export async function loginHeaders(url: string, account = demoAdmin): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  })
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`)
  const cookie = /trj_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')![0]
  const { csrfToken } = (await response.json()) as { csrfToken: string }
  return { cookie, 'x-csrf-token': csrfToken }
}

export interface RunningApi {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string
  /** Process id of the API (for signals and /proc). */
  pid: number
  /** Resolves when the process has ended, with its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Everything the API printed so far. */
  output(): string
  /** SIGTERM, then waits for the process to end (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export interface StartOptions {
  /** Extra or overriding environment variables for the API. */
  env?: Record<string, string>
  /** How long to wait for the API to listen and be ready. */
  timeoutMs?: number
  /** PostgreSQL to run on instead of a fresh in-memory embedded database. */
  databaseUrl?: string
  /**
   * Embedded database folder (when no `databaseUrl`); default: a copy of the run's seeded template
   * (`seedTemplate`) when there is one, else `memory://`, seeded on this start.
   */
  dataDir?: string
  /** A first start on an empty in-memory database even when a seeded template exists. */
  fresh?: boolean
  /** Serve the built dashboard (building it when stale); default true. */
  web?: boolean
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const upLine = /Trajectoires is up: dashboard (https?:\/\/[^/\s]+)\//

/** The environment variable that names the run's seeded embedded database (set by `seedTemplate`). */
const templateVariable = 'E2E_PGLITE_TEMPLATE'

/**
 * Seeds an embedded database once for the whole run (an API started on a new folder, then stopped),
 * so that each test file's API starts on a copy of it instead of migrating and seeding again: about
 * 4 s a start instead of 11 on CI's machine. The test processes find it through the environment.
 * Returns the clean-up.
 */
export async function seedTemplate(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'trajectoires-e2e-template-'))
  const api = await startApi({ dataDir: dir, web: false, timeoutMs: 300_000 })
  const { code, signal } = await api.stop(60_000)
  if (code !== 0) throw new Error(`The template's API did not stop cleanly (code ${code}, signal ${signal}).`)
  process.env[templateVariable] = dir
  return () => rmSync(dir, { recursive: true, force: true })
}

/** The embedded database folder of a start: the given one, a copy of the seeded template, or memory. */
function embeddedDataDir(options: StartOptions): { dataDir: string; remove?: () => void } {
  const template = process.env[templateVariable]
  if (options.dataDir) return { dataDir: options.dataDir }
  if (options.fresh || !template || options.databaseUrl || options.env?.DATABASE_URL) return { dataDir: 'memory://' }
  const copy = mkdtempSync(join(tmpdir(), 'trajectoires-e2e-db-'))
  cpSync(template, copy, { recursive: true })
  return { dataDir: copy, remove: () => rmSync(copy, { recursive: true, force: true }) }
}

/**
 * Starts the real API (`services/api/src/server.ts`) on a free port, on a fresh embedded database
 * seeded with the network of the source article (a copy of the run's template, or seeded now),
 * serving the built dashboard.
 */
export async function startApi(options: StartOptions = {}): Promise<RunningApi> {
  const web = options.web ?? true
  if (web) ensureWebBuild()
  const embedded = embeddedDataDir(options)
  const timeoutMs = options.timeoutMs ?? 90_000
  const child = spawn(process.execPath, ['--import', tsxLoader, 'services/api/src/server.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: embedded.dataDir,
      // Never the developer's or CI's PostgreSQL unless asked for.
      DATABASE_URL: options.databaseUrl ?? '',
      SEED_ON_EMPTY: 'true',
      LOG_LEVEL: 'info',
      WEB_DIST: web ? webDist : '',
      PUBLIC_URL: '',
      // The demo administrator made on the first start gets this password instead of a generated one.
      DEMO_ADMIN_PASSWORD: demoAdmin.password,
      // Public statistics right after a write come from the new release (tests read their writes).
      STATS_RELEASE_WAIT_MS: '3600000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })

  let output = ''
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal }
      resolve(exit)
    })
  })
  // The copy of the template goes with the process, however it ends.
  void exited.then(() => embedded.remove?.())
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))

  const tail = () => output.split('\n').slice(-40).join('\n')

  const stop: RunningApi['stop'] = async (graceMs = 15_000) => {
    process.removeListener('exit', killOnExit)
    if (exit) return exit
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    const result = await exited
    clearTimeout(timer)
    return result
  }

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The API did not start within ${timeoutMs} ms.\n${tail()}`)),
        timeoutMs,
      )
      createInterface({ input: child.stdout }).on('line', (line) => {
        output += `${line}\n`
        const match = upLine.exec(line)
        if (match) {
          clearTimeout(timer)
          resolve(match[1]!)
        }
      })
      void exited.then(({ code, signal }) => {
        clearTimeout(timer)
        reject(new Error(`The API exited before it was up (code ${code}, signal ${signal}).\n${tail()}`))
      })
    })
    await waitUntilReady(url, timeoutMs)
    return { url, pid: child.pid!, exited, output: () => output, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

async function waitUntilReady(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/readyz`)
      if (response.status === 200) return
      last = `${response.status} ${await response.text()}`
    } catch (err) {
      last = String(err)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`The API at ${url} was not ready within ${timeoutMs} ms (last answer: ${last}).`)
}
