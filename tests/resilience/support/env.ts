import { afterAll, beforeAll } from 'vitest'
import { startApi, type RunningApi } from '../../e2e/support/server.js'
import { startThrowawayPostgres, type ThrowawayPostgres } from './postgres.js'

/** The API's environment in the resilience tests. */
export const resilienceEnv: Record<string, string> = {
  // The demo administrator's password hash at the cheapest cost: logins in milliseconds.
  PASSWORD_HASH_COST: '10',
  // Limits stay on (their counters live in PostgreSQL, so they see the outages too), far above the load.
  RATE_LIMIT_AUTHENTICATED_MAX: '1000000',
  RATE_LIMIT_ANONYMOUS_MAX: '1000000',
  DB_POOL_SIZE: '5',
  SHUTDOWN_GRACE_SECONDS: '20',
  NODE_ENV: 'test',
}

/** Starts the API for a resilience test, on PostgreSQL (`databaseUrl`) or on PGlite (`dataDir`), without the dashboard. */
export function startResilienceApi(where: { databaseUrl: string } | { dataDir: string }): Promise<RunningApi> {
  return startApi({ timeoutMs: 180_000, ...where, web: false, env: resilienceEnv })
}

/**
 * A throwaway PostgreSQL server and the API on it for the file's tests: started before them
 * (`started` gets both), and after them the API that is `running` then is stopped and the server
 * destroyed.
 */
export function apiOnThrowawayPostgres(
  started: (both: { postgres: ThrowawayPostgres; api: RunningApi }) => void,
  running: () => RunningApi | undefined,
): void {
  let postgres: ThrowawayPostgres | undefined
  beforeAll(async () => {
    postgres = await startThrowawayPostgres()
    started({ postgres, api: await startResilienceApi({ databaseUrl: postgres.url }) })
  })
  afterAll(async () => {
    await running()?.stop()
    postgres?.destroy()
  })
}
