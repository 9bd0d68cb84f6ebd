/** What the typed client's end-to-end tests share: the API and an administrator's client, seeded names, an error catcher, a cookie jar. */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll } from 'vitest'
import { ApiError, createClient, type TrajectoiresClient } from '@trajectoires/client'
import { loginHeaders, type RunningApi } from './server'
import type { ApiTarget } from './targets'

export const seededCommunes = ['Bordeaux', 'Chelles', 'Châlons-en-Champagne', 'Lyon', 'Marseille', 'Romans-sur-Isère']

/** Runs `fn` and returns the ApiError it throws; fails when it does not throw one. */
export async function apiError(fn: () => Promise<unknown>): Promise<ApiError> {
  try {
    await fn()
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected an ApiError, got a success')
}

export const uniqueName = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`

/**
 * A `fetch` that keeps the session cookie between calls, as a browser does: the client itself
 * never touches cookies.
 */
export function cookieJarFetch(): typeof fetch {
  let cookie = ''
  return async (input, init) => {
    const headers = new Headers(init?.headers)
    if (cookie) headers.set('cookie', cookie)
    const response = await fetch(input, { ...init, headers })
    const set = /trj_session=[^;]*/.exec(response.headers.get('set-cookie') ?? '')
    if (set) cookie = set[0] === 'trj_session=' ? '' : set[0]
    return response
  }
}

/**
 * Starts the API (`start`, from one of the `apiTargets`) before the tests of a describe block and
 * stops it after them; `set` gets it with a typed client signed in as the demo network
 * administrator (writes to organisations and campuses are theirs).
 */
export function withAdminClient(
  start: ApiTarget['start'],
  set: (started: { api: RunningApi; client: TrajectoiresClient }) => void,
): void {
  let api: RunningApi | undefined
  beforeAll(async () => {
    // A shared machine can be slow to start the API (seed, password hash): wait longer than usual.
    api = await start({ timeoutMs: 240_000 })
    set({ api, client: createClient({ baseUrl: api.url, headers: await loginHeaders(api.url) }) })
  }, 300_000)

  afterAll(async () => {
    await api?.stop()
  })
}
