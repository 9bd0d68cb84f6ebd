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
