import fp from 'fastify-plugin'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { RateLimitConfig } from '../config.js'
import { rows, type Database } from '../db/client.js'
import { rateLimitCounters } from '../db/schema/index.js'
import { AppError } from '../lib/errors.js'

interface HitBatch {
  key: string
  windowSeconds: number
  hits: number
}

/** A bucket's count in its current window, and the seconds until that window ends. */
interface WindowCount {
  count: number
  resetInSeconds: number
}

/** A fixed-window counter shared by every API instance. */
export interface RateLimitStore {
  /** Counts one more hit in the current window of `windowSeconds`; returns the count and the seconds left. */
  hit(key: string, windowSeconds: number): Promise<WindowCount>
  /** Counts `hits` more for each key at once (distinct keys); the counts and seconds left, in order. */
  hitMany(entries: readonly HitBatch[]): Promise<WindowCount[]>
  /** The count of the current window, without counting. */
  peek(key: string, windowSeconds: number): Promise<WindowCount>
  reset(key: string): Promise<void>
  /** Forgets the counters of windows gone by. */
  sweep(): Promise<void>
  close(): Promise<void>
}

/**
 * Counters in `rate_limit_counters`: one atomic upsert for a batch of keys. The window starts are computed
 * by the database clock, so instances with drifting clocks still agree.
 */
export function createPostgresStore(db: Database): RateLimitStore {
  const windowStart = (seconds: number) => sql`to_timestamp(floor(extract(epoch from now()) / ${seconds}) * ${seconds})`
  const resetIn = (seconds: number) =>
    sql`ceil(extract(epoch from (${rateLimitCounters.windowStart} + make_interval(secs => ${seconds}) - now())))::int`
  return withSingleHit({
    async hitMany(entries) {
      if (entries.length === 0) return []
      const result = await db.execute(sql`
        with batch as (
          select * from unnest(${sql.param(entries.map((e) => e.key))}::text[],
            ${sql.param(entries.map((e) => e.windowSeconds))}::int[],
            ${sql.param(entries.map((e) => e.hits))}::int[]) as b(key, seconds, hits)
        ), counted as (
          insert into ${rateLimitCounters} as c (key, window_start, count)
          select key, to_timestamp(floor(extract(epoch from now()) / seconds) * seconds), hits from batch
          on conflict (key) do update set
            count = case when c.window_start = excluded.window_start then c.count + excluded.count else excluded.count end,
            window_start = excluded.window_start
          returning c.key, c.count, c.window_start
        )
        select counted.key, counted.count,
          ceil(extract(epoch from (counted.window_start + make_interval(secs => batch.seconds) - now())))::int as reset_in
        from counted join batch using (key)`)
      const byKey = new Map(
        rows<{ key: string; count: number; reset_in: number }>(result).map((r) => [
          r.key,
          { count: Number(r.count), resetInSeconds: Math.max(1, Number(r.reset_in)) },
        ]),
      )
      return entries.map((e) => byKey.get(e.key)!)
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
  })
}

/** A store's `hit`: one key counted once, through its `hitMany`. */
function withSingleHit(store: Omit<RateLimitStore, 'hit'>): RateLimitStore {
  return {
    ...store,
    async hit(key, windowSeconds) {
      const [answer] = await store.hitMany([{ key, windowSeconds, hits: 1 }])
      return answer!
    },
  }
}

const incrementScript = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2] or 1)
if count == tonumber(ARGV[2] or 1) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }`

/** Counters in Redis (`REDIS_URL`): INCR on a key named after the window, expiring with it. */
export async function createRedisStore(url: string): Promise<RateLimitStore> {
  const { Redis } = await import('ioredis')
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 })
  await redis.connect()
  const name = (key: string, windowSeconds: number) =>
    `trj:rl:${key}:${windowSeconds}:${Math.floor(Date.now() / 1000 / windowSeconds)}`
  return withSingleHit({
    async hitMany(entries) {
      const pipeline = redis.pipeline()
      for (const { key, windowSeconds, hits } of entries) {
        usedWindows.add(windowSeconds)
        pipeline.eval(incrementScript, 1, name(key, windowSeconds), windowSeconds * 1000, hits)
      }
      const results = (await pipeline.exec()) ?? []
      return results.map(([err, value]) => {
        if (err) throw err
        const [count, ttl] = value as [number, number]
        return { count: Number(count), resetInSeconds: Math.max(1, Math.ceil(Number(ttl) / 1000)) }
      })
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
  })
}

const usedWindows = new Set<number>()

/** Refused with 429 and `Retry-After`. */
export class TooManyRequests extends AppError {
  constructor(detail: string, retryAfterSeconds: number) {
    super(429, 'too_many_requests', detail, undefined, { 'retry-after': String(retryAfterSeconds) })
  }
}

/** The refusal of a hit past `max`, with the seconds until its window ends. */
function refusal(max: number, windowSeconds: number, resetInSeconds: number): TooManyRequests {
  return new TooManyRequests(
    `Too many requests: ${max} per ${windowSeconds} s are allowed here. Retry in ${resetInSeconds} s.`,
    resetInSeconds,
  )
}

export interface RateLimiter {
  /** Counts a hit on `bucket`; throws 429 once `max` is passed within the window. */
  consume(bucket: string, max: number, windowSeconds: number): Promise<Consumed>
  store: RateLimitStore
  /** False when limits are switched off (`RATE_LIMIT_ENABLED=false`): nothing is counted. */
  enabled: boolean
}

function createRateLimiter(store: RateLimitStore, enabled = true): RateLimiter {
  return {
    store,
    enabled,
    async consume(bucket, max, windowSeconds) {
      if (!enabled) return { count: 0, remaining: max, resetInSeconds: windowSeconds }
      const { count, resetInSeconds } = await store.hit(bucket, windowSeconds)
      if (count > max) {
        throw refusal(max, windowSeconds, resetInSeconds)
      }
      return { count, remaining: max - count, resetInSeconds }
    },
  }
}

/** What one instance knows of a bucket's current window. */
interface LocalWindow {
  windowSeconds: number
  /** The shared count at the last answer of the store (every instance's hits). */
  known: number
  /** Hits counted here and not yet sent. */
  pending: number
  /** Hits sent and not yet acknowledged. */
  sending: number
  /** When the window ends, by this process's clock (from the store's answer, rounded up). */
  endsAt: number
}

interface Consumed extends WindowCount {
  remaining: number
}

export interface BatchedLimiter {
  /** Counts a hit; an answer at once when counted here, a promise when the store is asked. */
  consume(bucket: string, max: number, windowSeconds: number): Consumed | Promise<Consumed>
  /** Sends every pending hit now. */
  flush(): Promise<void>
  /** Buckets known to this instance (for tests and metrics). */
  size(): number
  close(): Promise<void>
}

/**
 * The general limits, counted here and sent to the shared store in batches, so that a request
 * far from its limit costs no round trip to PostgreSQL or Redis.
 *
 * - The first hit of a window, and every hit once a bucket is within a tenth of its limit (its
 *   `slack`), goes to the store at once, with the hits pending: the refusal near the limit is
 *   decided on the shared count, as without batching.
 * - Far from the limit a hit is counted here; pending hits are sent every `syncMs`, or at once
 *   when a bucket has `slack` of them.
 *
 * So with one instance the limit is exact. With several, an instance learns of the others' hits
 * when it next talks to the store: a client spreading a burst over N instances can pass its limit
 * by at most about (N − 1) × slack hits (a tenth of the limit per other instance) before being
 * refused everywhere. `syncMs` 0 sends every hit at once (exact everywhere, one round trip each).
 */
export function createBatchedLimiter(
  store: RateLimitStore,
  options: { syncMs: number; onError: (err: unknown) => void },
): BatchedLimiter {
  const windows = new Map<string, LocalWindow>()
  let timer: NodeJS.Timeout | undefined
  let flushing: Promise<void> | undefined

  const current = (bucket: string, now: number) => {
    const local = windows.get(bucket)
    if (local && now >= local.endsAt) {
      // The window is over: hits still pending belonged to it and are dropped with it.
      windows.delete(bucket)
      return undefined
    }
    return local
  }

  const learn = (bucket: string, windowSeconds: number, answer: WindowCount) => {
    const endsAt = Date.now() + answer.resetInSeconds * 1000
    const local = windows.get(bucket)
    if (!local) {
      windows.set(bucket, { windowSeconds, known: answer.count, pending: 0, sending: 0, endsAt })
    } else {
      // Answers may come back out of order; within a window the shared count only grows.
      local.known = Math.max(local.known, answer.count)
      local.endsAt = Math.max(local.endsAt, endsAt)
    }
  }

  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = undefined
    const now = Date.now()
    const batch: { bucket: string; local: LocalWindow; hits: number }[] = []
    for (const [bucket, local] of windows) {
      if (now >= local.endsAt && local.sending === 0) windows.delete(bucket)
      else if (local.pending > 0) {
        batch.push({ bucket, local, hits: local.pending })
        local.sending += local.pending
        local.pending = 0
      }
    }
    if (batch.length === 0) return
    try {
      const answers = await store.hitMany(
        batch.map(({ bucket, local, hits }) => ({ key: bucket, windowSeconds: local.windowSeconds, hits })),
      )
      batch.forEach(({ bucket, local, hits }, i) => {
        local.sending -= hits
        learn(bucket, local.windowSeconds, answers[i]!)
      })
    } catch (err) {
      // Kept for the next attempt; a window that ends meanwhile drops them.
      for (const { local, hits } of batch) {
        local.sending -= hits
        local.pending += hits
      }
      onErrorOnce(err)
      schedule()
    }
  }

  let lastError = 0
  const onErrorOnce = (err: unknown) => {
    if (Date.now() - lastError < 10_000) return
    lastError = Date.now()
    options.onError(err)
  }

  const schedule = () => {
    if (timer || options.syncMs <= 0) return
    timer = setTimeout(() => {
      timer = undefined
      flushing = flush().finally(() => (flushing = undefined))
    }, options.syncMs)
    timer.unref()
  }

  return {
    size: () => windows.size,
    flush,
    async close() {
      await flushing
      await flush()
    },
    consume(bucket, max, windowSeconds) {
      const now = Date.now()
      const local = current(bucket, now)
      const slack = Math.max(1, Math.ceil(max / 10))
      if (
        options.syncMs > 0 &&
        local &&
        local.windowSeconds === windowSeconds &&
        local.pending + 1 < slack &&
        local.known + local.sending + local.pending + 1 <= max - slack
      ) {
        local.pending += 1
        schedule()
        const count = local.known + local.sending + local.pending
        return { count, remaining: max - count, resetInSeconds: Math.max(1, Math.ceil((local.endsAt - now) / 1000)) }
      }
      return sendNow(bucket, max, windowSeconds, local)
    },
  }

  /** At once: the first hit of a window, a bucket near its limit, or `slack` hits pending. */
  async function sendNow(
    bucket: string,
    max: number,
    windowSeconds: number,
    local: LocalWindow | undefined,
  ): Promise<Consumed> {
    const hits = (local?.pending ?? 0) + 1
    if (local) {
      local.pending = 0
      local.sending += hits
    }
    let answer: WindowCount
    try {
      ;[answer] = (await store.hitMany([{ key: bucket, windowSeconds, hits }])) as [WindowCount]
    } catch (err) {
      // This request fails; the hits that were pending wait for the next attempt.
      if (local) {
        local.sending -= hits
        local.pending += hits - 1
      }
      throw err
    }
    if (local) local.sending -= hits
    learn(bucket, windowSeconds, answer)
    const { count, resetInSeconds } = answer
    if (count > max) {
      throw refusal(max, windowSeconds, resetInSeconds)
    }
    return { count, remaining: max - count, resetInSeconds }
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    rateLimiter: RateLimiter
  }
}

interface RateLimitOptions {
  config: RateLimitConfig
  store: RateLimitStore
}

/**
 * General limits (batched, see `createBatchedLimiter`), counted per API key or staff account when the request carries valid
 * credentials, per client address otherwise. Routes that ignore credentials (static files,
 * docs, probes, login, which has its own stricter limits) are not counted here.
 *
 * Why not @fastify/rate-limit 11 with `createBatchedLimiter` as its store: it adds its hook to each
 * route's own `onRequest` list, after the hooks a route declares, so the public statistics answered
 * from the store's bytes in their route's hook (stats.public-store.ts) would go uncounted; and its
 * hook awaits several promises per request where this one answers a hit counted here without one
 * (counting in the process and hooks that take `done` took a rate-limited read from 15 % to 52 %
 * of the bare route's rate, docs/benchmarks.md, 28 November).
 */
async function rateLimitPlugin(app: FastifyInstance, options: RateLimitOptions) {
  const { config, store } = options
  const limiter = createRateLimiter(store, config.enabled)
  app.decorate('rateLimiter', limiter)
  const general = createBatchedLimiter(store, {
    syncMs: config.syncMs,
    onError: (err) => app.log.warn({ err }, 'rate-limit counters could not be sent; they are kept and sent later'),
  })

  // With `done`: a hit counted in the process answers without a promise.
  app.addHook('onRequest', (request, reply, done) => {
    if (!config.enabled || request.routeOptions.config?.access?.ignoreCredentials) return done()
    const principal = request.principal ?? { kind: 'public' }
    const [bucket, max] =
      principal.kind === 'user'
        ? [`user:${principal.id}`, config.authenticatedMax]
        : principal.kind === 'api_key'
          ? [`key:${principal.id}`, config.authenticatedMax]
          : [`ip:${request.ip}`, config.anonymousMax]
    const counted = (result: Consumed) => {
      reply.headers({
        'ratelimit-limit': max,
        'ratelimit-remaining': result.remaining,
        'ratelimit-reset': result.resetInSeconds,
      })
      done()
    }
    const refused = (err: Error) => {
      if (err instanceof TooManyRequests) reply.headers({ 'ratelimit-limit': max, 'ratelimit-remaining': 0 })
      done(err)
    }
    const result = general.consume(bucket, max, config.windowSeconds)
    if (result instanceof Promise) result.then(counted, refused)
    else counted(result)
  })

  // Counters of windows gone by are swept now and then.
  const sweep = setInterval(() => {
    store.sweep().catch((err: unknown) => app.log.warn({ err }, 'rate-limit sweep failed'))
  }, 3600_000)
  sweep.unref()
  app.addHook('onClose', async () => {
    clearInterval(sweep)
    await general.close().catch((err: unknown) => app.log.warn({ err }, 'rate-limit counters lost at close'))
    await store.close()
  })
}

export default fp(rateLimitPlugin, { name: 'rate-limit', dependencies: ['errors', 'auth'] })
