/** What the typed client's end-to-end tests share: seeded names, an error catcher, a cookie jar. */
import { randomUUID } from 'node:crypto'
import { ApiError } from '@trajectoires/client'

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
