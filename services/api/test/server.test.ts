import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { patience } from './patience.js'

const apiDir = fileURLToPath(new URL('..', import.meta.url))

/** Builds the bundle `pnpm start` runs (build.mjs: dist/server.js, plain JavaScript, no TypeScript loader). */
beforeAll(() => {
  const build = spawnSync(process.execPath, ['build.mjs'], { cwd: apiDir, encoding: 'utf8' })
  expect(build.status, build.stderr).toBe(0)
}, patience(60_000))

/** Starts the real server process the way `pnpm start` does (the built bundle), on a throwaway embedded database. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: apiDir,
    env: { ...process.env, PORT: '0', DATA_DIR: 'memory://', LOG_LEVEL: 'info', WEB_DIST: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let stdout = ''
  child.stdout.on('data', (d: Buffer) => ((output += d.toString()), (stdout += d.toString())))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const up = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), patience(90_000))
    child.stdout.on('data', () => {
      const match = /Trajectoires is up: dashboard (http:\/\/[^/]+)\//.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    void exited.then(() => reject(new Error(`server exited:\n${output}`)))
  })
  // A test that expects the process to fail never awaits `up`: keep its rejection quiet.
  up.catch(() => {})
  return { child, up, exited, output: () => output, stdout: () => stdout }
}

describe('the server process', () => {
  it(
    'starts, seeds the empty embedded database, and exits cleanly on SIGTERM',
    { timeout: patience(120_000) },
    async () => {
      const server = startServer({})
      const base = await server.up
      const campuses = (await (await fetch(`${base}/api/v1/campuses`)).json()) as { items: unknown[] }
      expect(campuses.items).toHaveLength(6)
      const ready = await fetch(`${base}/readyz`)
      expect(ready.status).toBe(200)

      server.child.kill('SIGTERM')
      expect(await server.exited).toBe(0)
      expect(server.output()).toMatch(/closing: finishing in-flight requests/)
      // The demo credential is shown to the person who started it, outside the log stream: stdout
      // stays one JSON object a line.
      expect(server.output()).toMatch(/DEMO CREDENTIAL/)
      for (const line of server.stdout().split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow()
    },
  )

  it(
    'loads the demo into a new data folder in a child process, and only once',
    { timeout: patience(240_000) },
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'trajectoires-first-start-'))
      try {
        const first = startServer({ DATA_DIR: join(dataDir, 'pgdata'), DATABASE_URL: '' })
        const base = await first.up
        const campuses = (await (await fetch(`${base}/api/v1/campuses`)).json()) as { items: unknown[] }
        expect(campuses.items).toHaveLength(6)
        expect(first.output()).toMatch(/"inChildProcess":true[^\n]*empty database: loaded the network/)
        expect(first.output()).toMatch(/DEMO CREDENTIAL/)
        for (const line of first.stdout().split('\n').filter(Boolean))
          expect(() => JSON.parse(line), line).not.toThrow()
        first.child.kill('SIGTERM')
        expect(await first.exited).toBe(0)

        // The next start opens what the child wrote: nothing loaded again, no new credential.
        const next = startServer({ DATA_DIR: join(dataDir, 'pgdata'), DATABASE_URL: '' })
        const again = await next.up
        const still = (await (await fetch(`${again}/api/v1/campuses`)).json()) as { items: unknown[] }
        expect(still.items).toHaveLength(6)
        expect(next.output()).not.toMatch(/empty database|DEMO CREDENTIAL/)
        next.child.kill('SIGTERM')
        expect(await next.exited).toBe(0)
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
    },
  )

  it('refuses to start with a bad configuration, naming the variable', async () => {
    const server = startServer({ PORT: 'eighty', LOG_LEVEL: 'loud' })
    expect(await server.exited).toBe(78)
    expect(server.output()).toMatch(/PORT="eighty": expected a whole number/)
    expect(server.output()).toMatch(/LOG_LEVEL="loud"/)
  })
})
