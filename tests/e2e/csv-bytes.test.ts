import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type TrajectoiresClient } from '@trajectoires/client'
import { buildCli } from './support/packages'
import { repoRoot, startApi, type RunningApi } from './support/server'

const bin = join(repoRoot, 'packages/cli/bin/trajectoires.js')
const bom = Buffer.from([0xef, 0xbb, 0xbf])

/** Runs the built CLI; stdout as bytes, exactly as written. */
function cliBytes(args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    const chunks: Buffer[] = []
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }))
  })
}

/** The body of a GET, as the bytes the API sent. */
async function apiBytes(url: string): Promise<Buffer> {
  const response = await fetch(url)
  expect(response.status).toBe(200)
  return Buffer.from(await response.arrayBuffer())
}

describe('CSV through the client and the CLI is the API’s, byte for byte', () => {
  let api: RunningApi
  let client: TrajectoiresClient
  let work: string

  beforeAll(async () => {
    buildCli()
    api = await start()
    client = createClient({ baseUrl: api.url })
    work = mkdtempSync(join(tmpdir(), 'trajectoires-csv-'))
  }, 300_000)

  const start = () => startApi({ web: false, timeoutMs: 240_000 })

  afterAll(async () => {
    await api?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('placement CSV, byte order mark included', async () => {
    const query = { exitYear: 2019, groupBy: 'campus' }
    const fromApi = await apiBytes(`${api.url}/api/v1/stats/placement?exitYear=2019&groupBy=campus&format=csv`)
    expect(fromApi.subarray(0, 3)).toEqual(bom)
    expect(fromApi.toString('utf8')).toContain('Châlons-en-Champagne')

    const fromClient = Buffer.from(await client.getPlacementCsv(query), 'utf8')
    expect(fromClient.equals(fromApi), `client:\n${fromClient.subarray(0, 80).toString('hex')}`).toBe(true)

    const run = await cliBytes([
      'stats',
      'placement',
      '--api-url',
      api.url,
      '--exit-year',
      '2019',
      '--group-by',
      'campus',
      '--format',
      'csv',
    ])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.equals(fromApi), `CLI:\n${run.stdout.subarray(0, 80).toString('hex')}`).toBe(true)
  })

  it('placement CSV with labels in English, the same bytes three ways', async () => {
    const fromApi = await apiBytes(`${api.url}/api/v1/stats/placement?groupBy=sex&lang=en&format=csv`)
    expect(fromApi.toString('utf8')).toContain(';female;Female;')
    const fromClient = Buffer.from(await client.getPlacementCsv({ groupBy: 'sex', lang: 'en' }), 'utf8')
    expect(fromClient.equals(fromApi)).toBe(true)
    const run = await cliBytes([
      'stats',
      'placement',
      '--api-url',
      api.url,
      '--group-by',
      'sex',
      '--lang',
      'en',
      '--format',
      'csv',
    ])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.equals(fromApi)).toBe(true)
  })

  it('open-data CSV files, through the client and written by the CLI', async () => {
    const descriptor = await client.getOpenData()
    const out = join(work, 'open-data')
    const run = await cliBytes(['open-data', '--api-url', api.url, '--out', out])
    expect(run.code, run.stderr).toBe(0)
    for (const resource of descriptor.resources) {
      const name = resource.path.split('/').at(-1)!
      const fromApi = await apiBytes(`${api.url}/api/v1/open-data/${name}`)
      const fromClient = Buffer.from(await client.getOpenDataResource(name as never), 'utf8')
      expect(fromClient.equals(fromApi), `client, ${name}`).toBe(true)
      expect(readFileSync(join(out, resource.path)).equals(fromApi), `CLI, ${name}`).toBe(true)
    }
  })
})
