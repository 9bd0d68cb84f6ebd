import fp from 'fastify-plugin'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { RateLimitConfig } from '../config.js'
import { rows, type Database } from '../db/client.js'
import { rateLimitCounters } from '../db/schema/index.js'
import { AppError } from '../lib/errors.js'

/** A fixed-window counter shared by every API instance. */
export interface RateLimitStore {
  /** Counts one more hit in the current window of `windowSeconds`; returns the count and the seconds left. */
  hit(key: string, windowSeconds: number): Promise<{ count: number; resetInSeconds: number }>
  /** The count of the current window, without counting. */
  peek(key: string, windowSeconds: number): Promise<{ count: number; resetInSeconds: number }>
  reset(key: string): Promise<void>
  /** Forgets the counters of windows gone by. */
  sweep(): Promise<void>
  close(): Promise<void>
}

/**
 * Counters in `rate_limit_counters`: one atomic upsert per hit. The window starts are computed
 * by the database clock, so instances with drifting clocks still agree.
 */
export function createPostgresStore(db: Database): RateLimitStore {
  const windowStart = (seconds: number) => sql`to_timestamp(floor(extract(epoch from now()) / ${seconds}) * ${seconds})`
  const resetIn = (seconds: number) =>
    sql`ceil(extract(epoch from (${rateLimitCounters.windowStart} + make_interval(secs => ${seconds}) - now())))::int`
  return {
    async hit(key, windowSeconds) {
      const result = await db.execute(sql`
        insert into ${rateLimitCounters} as c (key, window_start, count)
        values (${key}, ${windowStart(windowSeconds)}, 1)
        on conflict (key) do update set
          count = case when c.window_start = excluded.window_start then c.count + 1 else 1 end,
          window_start = excluded.window_start
        returning c.count, ceil(extract(epoch from (c.window_start + make_interval(secs => ${windowSeconds}) - now())))::int as reset_in`)
      const [row] = rows<{ count: number; reset_in: number }>(result)
      return { count: Number(row!.count), resetInSeconds: Math.max(1, Number(row!.reset_in)) }
    },
    async peek(key, windowSeconds) {
      const [row] = await db
        .select({ count: rateLimitCounters.count, resetIn: resetIn(windowSeconds) })
        .from(rateLimitCounters)
        .where(
          sql`${rateLimitCounters.key} = ${key} and ${rateLimitCounters.windowStart} = ${windowStart(windowSeconds)}`,
        )
      return row
        ? { count: row.count, resetInSeconds: Math.max(1, Number(row.resetIn)) }
        : { count: 0, resetInSeconds: 0 }
    },
    async reset(key) {
      await db.delete(rateLimitCounters).where(sql`${rateLimitCounters.key} = ${key}`)
    },
    async sweep() {
      await db.delete(rateLimitCounters).where(sql`${rateLimitCounters.windowStart} < now() - interval '1 day'`)
    },
    async close() {},
  }
}

const incrementScript = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }`

/** Counters in Redis (`REDIS_URL`): INCR on a key named after the window, expiring with it. */
export async function createRedisStore(url: string): Promise<RateLimitStore> {
  const { Redis } = await import('ioredis')
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 })
  await redis.connect()
  const name = (key: string, windowSeconds: number) =>
    `trj:rl:${key}:${windowSeconds}:${Math.floor(Date.now() / 1000 / windowSeconds)}`
  return {
    async hit(key, windowSeconds) {
      usedWindows.add(windowSeconds)
      const [count, ttl] = (await redis.eval(incrementScript, 1, name(key, windowSeconds), windowSeconds * 1000)) as [
        number,
        number,
      ]
      return { count: Number(count), resetInSeconds: Math.max(1, Math.ceil(Number(ttl) / 1000)) }
    },
    async peek(key, windowSeconds) {
      const k = name(key, windowSeconds)
      const [value, ttl] = await Promise.all([redis.get(k), redis.pttl(k)])
      return { count: Number(value ?? 0), resetInSeconds: value ? Math.max(1, Math.ceil(ttl / 1000)) : 0 }
    },
    async reset(key) {
      // The current window's counter, for every window length in use.
      for (const seconds of usedWindows) await redis.del(name(key, seconds))
    },
    // Keys expire with their window.
    async sweep() {},
    async close() {
      await redis.quit()
    },
  }
}

const usedWindows = new Set<number>()

/** Refused with 429 and `Retry-After`. */
export class TooManyRequests extends AppError {
  constructor(detail: string, retryAfterSeconds: number) {
    super(429, 'too_many_requests', detail, undefined, { 'retry-after': String(retryAfterSeconds) })
  }
}

export interface RateLimiter {
  /** Counts a hit on `bucket`; throws 429 once `max` is passed within the window. */
  consume(
    bucket: string,
    max: number,
    windowSeconds: number,
  ): Promise<{ count: number; remaining: number; resetInSeconds: number }>
  store: RateLimitStore
  /** False when limits are switched off (`RATE_LIMIT_ENABLED=false`): nothing is counted. */
  enabled: boolean
}

export function createRateLimiter(store: RateLimitStore, enabled = true): RateLimiter {
  return {
    store,
    enabled,
    async consume(bucket, max, windowSeconds) {
      if (!enabled) return { count: 0, remaining: max, resetInSeconds: windowSeconds }
      const { count, resetInSeconds } = await store.hit(bucket, windowSeconds)
      if (count > max) {
        throw new TooManyRequests(
          `Too many requests: ${max} per ${windowSeconds} s are allowed here. Retry in ${resetInSeconds} s.`,
          resetInSeconds,
        )
      }
      return { count, remaining: max - count, resetInSeconds }
    },
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    rateLimiter: RateLimiter
  }
}

export interface RateLimitOptions {
  config: RateLimitConfig
  store: RateLimitStore
}

/**
 * General limits, counted per API key or staff account when the request carries valid
 * credentials, per client address otherwise. Routes that ignore credentials (static files,
 * docs, probes, login, which has its own stricter limits) are not counted here.
 */
async function rateLimitPlugin(app: FastifyInstance, options: RateLimitOptions) {
  const { config, store } = options
  const limiter = createRateLimiter(store, config.enabled)
  app.decorate('rateLimiter', limiter)

  app.addHook('onRequest', async (request, reply) => {
    if (!config.enabled || request.routeOptions.config?.access?.ignoreCredentials) return
    const principal = request.principal ?? { kind: 'public' }
    const [bucket, max] =
      principal.kind === 'user'
        ? [`user:${principal.id}`, config.authenticatedMax]
        : principal.kind === 'api_key'
          ? [`key:${principal.id}`, config.authenticatedMax]
          : [`ip:${request.ip}`, config.anonymousMax]
    try {
      const { remaining, resetInSeconds } = await limiter.consume(bucket, max, config.windowSeconds)
      reply.headers({ 'ratelimit-limit': max, 'ratelimit-remaining': remaining, 'ratelimit-reset': resetInSeconds })
    } catch (err) {
      if (err instanceof TooManyRequests) reply.headers({ 'ratelimit-limit': max, 'ratelimit-remaining': 0 })
      throw err
    }
  })

  // Counters of windows gone by are swept now and then.
  const sweep = setInterval(() => {
    store.sweep().catch((err: unknown) => app.log.warn({ err }, 'rate-limit sweep failed'))
  }, 3600_000)
  sweep.unref()
  app.addHook('onClose', async () => {
    clearInterval(sweep)
    await store.close()
  })
}

export default fp(rateLimitPlugin, { name: 'rate-limit', dependencies: ['errors', 'auth'] })
