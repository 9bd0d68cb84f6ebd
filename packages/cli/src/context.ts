import { isAbsolute, resolve } from 'node:path'
import type { Command } from 'commander'
import { createClient, type TrajectoiresClient } from '@trajectoires/client'
import manifest from '../package.json' with { type: 'json' }

/** The CLI's version: its package's, which `pnpm release` moves with the API's. */
export const version: string = manifest.version

/** Options every command accepts (declared on the root program). */
interface GlobalOptions {
  apiUrl?: string
  apiKey?: string
}

/** A usage mistake: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {}

/** The API's origin and key: flags first, then TRAJECTOIRES_API_URL / TRAJECTOIRES_API_KEY. */
function connection(command: Command): { baseUrl: string; apiKey: string | undefined } {
  const options = command.optsWithGlobals<GlobalOptions>()
  const baseUrl = options.apiUrl ?? process.env.TRAJECTOIRES_API_URL ?? 'http://localhost:3000'
  if (!/^https?:\/\//.test(baseUrl))
    throw new UsageError(`--api-url must start with http:// or https:// (got ${baseUrl}).`)
  const apiKey = options.apiKey ?? (process.env.TRAJECTOIRES_API_KEY || undefined)
  return { baseUrl: baseUrl.replace(/\/+$/, '').replace(/\/api\/v1$/, ''), apiKey }
}

/** The client; `needsKey` names the scope a command needs, to refuse early when no key is given. */
export function clientFor(command: Command, needsKey?: string): TrajectoiresClient {
  const { baseUrl, apiKey } = connection(command)
  if (needsKey && !apiKey) {
    throw new UsageError(`this command needs an API key with ${needsKey}: --api-key or TRAJECTOIRES_API_KEY.`)
  }
  // A batch tool can wait out a rate limit (Retry-After up to a minute) rather than fail halfway.
  return createClient({
    baseUrl,
    apiKey,
    headers: { 'user-agent': `trajectoires-cli/${version}` },
    retries: 4,
    maxRetryDelayMs: 65_000,
  })
}

/**
 * A path given on the command line. Under `pnpm cli`, pnpm runs the script from the repository
 * root: paths are then taken relative to where the command was typed (INIT_CWD).
 */
export function userPath(path: string): string {
  if (isAbsolute(path)) return path
  const base = process.env.npm_lifecycle_event === 'cli' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd()
  return resolve(base, path)
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A campus id, or the one campus whose name matches `value` (case and accents ignored by the API). */
export async function resolveCampus(client: TrajectoiresClient, value: string): Promise<string> {
  if (uuid.test(value)) return value
  const { items } = await client.listCampuses({ q: value, limit: 10 })
  const exact = items.filter(
    (c) => c.name.toLowerCase() === value.toLowerCase() || c.commune.toLowerCase() === value.toLowerCase(),
  )
  const found = exact.length === 1 ? exact : items
  if (found.length === 1) return found[0]!.id
  if (found.length === 0) throw new UsageError(`No campus matches "${value}".`)
  throw new UsageError(
    `"${value}" matches ${found.length} campuses: ${found.map((c) => `${c.name} (${c.id})`).join(', ')}. Give the id.`,
  )
}
