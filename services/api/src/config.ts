import { resolve } from 'node:path'
import { repoRoot } from './paths.js'

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export interface Config {
  host: string
  port: number
  logLevel: LogLevel
  /** PostgreSQL connection string; absent means embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined
  dataDir: string
  dbPoolSize: number
  /** Largest accepted request body, in bytes. */
  bodyLimit: number
  /** Seconds a client has to send a request's headers (408 and closed beyond). */
  headersTimeoutSeconds: number
  /** Seconds a client has to send a whole request, headers and body (408 and closed beyond). */
  requestTimeoutSeconds: number
  /** Seconds a connection may stay silent (a body that stops coming) before it is closed. */
  idleTimeoutSeconds: number
  /** How long a public statistics request waits for a new release before the last one answers (ms). */
  statsReleaseWaitMs: number
  /** Built dashboard to serve at `/`; not served when the folder does not exist. */
  webDist: string | undefined
  /** Load the demonstration network into an empty database at start. */
  seedOnEmpty: boolean
  /** Public base URL, given as the OpenAPI `servers` entry. */
  publicUrl: string | undefined
  /** Seconds to let in-flight requests finish on SIGTERM before exiting anyway. */
  shutdownGraceSeconds: number
  /** Lifetime of a dashboard session. */
  sessionTtlHours: number
  /** Session cookie sent only over HTTPS; off by default only when NODE_ENV is development or test. */
  cookieSecure: boolean
  /** Other origins allowed to call the API from a browser (CORS); empty: same origin only. */
  corsOrigins: string[]
  /** Take the client address from `X-Forwarded-For` (behind a reverse proxy you run). */
  trustProxy: boolean
  /** scrypt cost of new password hashes, as log2(N). */
  passwordHashCost: number
  rateLimit: RateLimitConfig
  /** Redis for rate-limit counters shared by instances; absent: PostgreSQL keeps them. */
  redisUrl: string | undefined
  /** Bearer token of `GET /metrics` (Prometheus); absent: metrics are not served. */
  metricsToken: string | undefined
  /** Days a follow-up invitation's code works (the checkpoint's window may end it sooner). */
  selfReportCodeDays: number
}

export interface RateLimitConfig {
  enabled: boolean
  /** Fixed window of the general limits, in seconds. */
  windowSeconds: number
  /** Requests per window from one address without credentials. */
  anonymousMax: number
  /** Requests per window for one API key or one staff account. */
  authenticatedMax: number
  /** Login attempts per window from one address. */
  loginMax: number
  /** Failed logins per window on one account from one address before that address is refused for it. */
  loginFailuresMax: number
  /** Failed logins per window on one account from all addresses before it is refused from addresses without a session. */
  loginAccountFailuresMax: number
  /** Window of the login limits, in seconds. */
  loginWindowSeconds: number
  /** Self-report lookups and answers per window (`loginWindowSeconds`) from one address. */
  selfReportMax: number
  /** Self-report lookups and answers per window on one code. */
  selfReportCodeMax: number
  /** How often hits far from their limit are sent to the shared counters, in ms; 0: every hit at once. */
  syncMs: number
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

const logLevels: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/**
 * Reads and checks the environment once, at start. Every bad value is reported together, with
 * the variable's name and what it expects.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = []

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`)
      return fallback
    }
    return value
  }
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.toLowerCase()
    if (raw === undefined || raw === '') return fallback
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true
    if (['0', 'false', 'no', 'off'].includes(raw)) return false
    problems.push(`${name}=${JSON.stringify(env[name])}: expected true or false`)
    return fallback
  }

  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel
  if (!logLevels.includes(logLevel)) {
    problems.push(`LOG_LEVEL=${JSON.stringify(env.LOG_LEVEL)}: expected one of ${logLevels.join(', ')}`)
  }

  const databaseUrl = env.DATABASE_URL || undefined
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL: expected a postgres:// or postgresql:// connection string')
  }

  const publicUrl = env.PUBLIC_URL || undefined
  if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl)) {
    problems.push(`PUBLIC_URL=${JSON.stringify(publicUrl)}: expected an http(s) URL`)
  }

  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean)
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(`CORS_ORIGINS: ${JSON.stringify(origin)} is not an origin such as https://partner.example`)
    }
  }

  const redisUrl = env.REDIS_URL || undefined
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push('REDIS_URL: expected a redis:// or rediss:// URL')
  }

  const metricsToken = env.METRICS_TOKEN || undefined
  if (metricsToken && !/^[\x21-\x7e]{16,200}$/.test(metricsToken)) {
    problems.push('METRICS_TOKEN: expected 16 to 200 printable characters without spaces (e.g. `openssl rand -hex 24`)')
  }

  const config: Config = {
    host: env.HOST || '127.0.0.1',
    port: int('PORT', 3000, 0, 65535),
    logLevel,
    databaseUrl,
    dataDir: env.DATA_DIR?.startsWith('memory://') ? env.DATA_DIR : resolve(repoRoot, env.DATA_DIR || '.data'),
    dbPoolSize: int('DB_POOL_SIZE', 10, 1, 200),
    bodyLimit: int('BODY_LIMIT', 1_048_576, 1024, 1_073_741_824),
    headersTimeoutSeconds: int('HEADERS_TIMEOUT_SECONDS', 20, 1, 3600),
    requestTimeoutSeconds: int('REQUEST_TIMEOUT_SECONDS', 60, 1, 86_400),
    idleTimeoutSeconds: int('IDLE_TIMEOUT_SECONDS', 30, 1, 3600),
    statsReleaseWaitMs: int('STATS_RELEASE_WAIT_MS', 50, 0, 3_600_000),
    webDist: env.WEB_DIST === '' ? undefined : resolve(repoRoot, env.WEB_DIST || 'apps/web/dist'),
    seedOnEmpty: bool('SEED_ON_EMPTY', !databaseUrl),
    publicUrl: publicUrl?.replace(/\/$/, ''),
    shutdownGraceSeconds: int('SHUTDOWN_GRACE_SECONDS', 10, 0, 600),
    sessionTtlHours: int('SESSION_TTL_HOURS', 12, 1, 24 * 30),
    cookieSecure: bool('COOKIE_SECURE', !['development', 'test'].includes(env.NODE_ENV ?? '')),
    corsOrigins,
    trustProxy: bool('TRUST_PROXY', false),
    passwordHashCost: int('PASSWORD_HASH_COST', 17, 10, 20),
    rateLimit: {
      enabled: bool('RATE_LIMIT_ENABLED', true),
      windowSeconds: int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
      anonymousMax: int('RATE_LIMIT_ANONYMOUS_MAX', 300, 1, 1_000_000),
      authenticatedMax: int('RATE_LIMIT_AUTHENTICATED_MAX', 1200, 1, 1_000_000),
      loginMax: int('LOGIN_RATE_LIMIT_MAX', 20, 1, 10_000),
      loginFailuresMax: int('LOGIN_FAILURES_MAX', 5, 1, 1000),
      loginAccountFailuresMax: int('LOGIN_ACCOUNT_FAILURES_MAX', 100, 1, 100_000),
      loginWindowSeconds: int('LOGIN_RATE_LIMIT_WINDOW_SECONDS', 900, 1, 86_400),
      selfReportMax: int('SELF_REPORT_RATE_LIMIT_MAX', 30, 1, 10_000),
      selfReportCodeMax: int('SELF_REPORT_CODE_RATE_LIMIT_MAX', 10, 1, 1000),
      syncMs: int('RATE_LIMIT_SYNC_MS', 250, 0, 60_000),
    },
    redisUrl,
    metricsToken,
    selfReportCodeDays: int('SELF_REPORT_CODE_DAYS', 60, 1, 366),
  }
  if (config.headersTimeoutSeconds > config.requestTimeoutSeconds) {
    problems.push(
      'HEADERS_TIMEOUT_SECONDS: expected at most REQUEST_TIMEOUT_SECONDS (the headers are part of the request)',
    )
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}
