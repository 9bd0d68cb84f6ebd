/**
 * The embedded database (PGlite, a folder on disk) is not corrupted by a SIGKILL during writes: a
 * new process on the same folder gets ready, every acknowledged write is there, at most the writes
 * in flight at the kill come on top, and writing goes on.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loginHeaders, type RunningApi } from '../e2e/support/server.js'
import { loadTrackPrefix, startLoad, until } from './support/load.js'
import { startResilienceApi } from './support/env.js'

const dataDir = mkdtempSync(join(tmpdir(), 'trajectoires-pglite-'))
let api: RunningApi | undefined
afterAll(async () => {
  await api?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

/** Every track of the load, read page by page through the API. */
async function loadTracks(url: string, headers: Record<string, string>): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const query = new URLSearchParams({ q: loadTrackPrefix.trim(), limit: '100', ...(cursor ? { cursor } : {}) })
    const response = await fetch(`${url}/api/v1/tracks?${query}`, { headers })
    expect(response.status).toBe(200)
    const page = (await response.json()) as { items: Array<{ id: string; name: string }>; nextCursor: string | null }
    ids.push(...page.items.filter((t) => t.name.startsWith(loadTrackPrefix)).map((t) => t.id))
    cursor = page.nextCursor
  } while (cursor)
  return ids
}

describe('SIGKILL during writes on the embedded database', () => {
  it('restarts on the same folder with every acknowledged write and keeps working', async () => {
    const workers = 4
    api = await startResilienceApi({ dataDir })
    const headers = await loginHeaders(api.url)
    const load = startLoad(api.url, headers, workers, 'pglite')
    await until('writes acknowledged', () => load.count() >= 40, 60_000)
    process.kill(api.pid, 'SIGKILL')
    expect(await api.exited).toEqual({ code: null, signal: 'SIGKILL' })
    await load.stop()
    await api.stop()
    const acknowledged = [...load.acknowledged]

    // Same folder, new process: it must open, pass its migrations check and answer ready.
    api = await startResilienceApi({ dataDir })
    const ready = await fetch(`${api.url}/readyz`)
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } })

    const again = await loginHeaders(api.url)
    const stored = new Set(await loadTracks(api.url, again))
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([])
    // On top of the acknowledged ones, only those in flight at the kill (one per worker at most).
    expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length)
    expect(stored.size).toBeLessThanOrEqual(acknowledged.length + workers)

    // The database still takes writes, and the seed was not loaded a second time.
    const created = await fetch(`${api.url}/api/v1/tracks`, {
      method: 'POST',
      headers: { ...again, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'after the kill', hours: 100, components: ['internship'] }),
    })
    expect(created.status).toBe(201)
    const campuses = (await (await fetch(`${api.url}/api/v1/campuses?limit=100`)).json()) as { items: unknown[] }
    expect(campuses.items).toHaveLength(6)
  })
})
