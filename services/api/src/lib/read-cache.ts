/**
 * Read caches that stay correct across API instances, without a database round trip on a hit.
 *
 * The database keeps one counter, the data version, that every write able to change a cached
 * answer bumps (triggers, migrations 0004 and 0005), and announces each new value on the channel
 * `data_version` (migration 0006). A `DataVersionWatch` follows it:
 *
 * - while its LISTEN connection is up, the version it holds is the database's, give or take the
 *   time a notification takes to arrive (a write committed by another instance is seen by the next
 *   read that starts after its notification; typically well under a millisecond on one host);
 * - a write answered by this process (any non-GET request) makes the next read ask the database
 *   before trusting the cache, so a client never misses its own write, even before its notification;
 * - when the connection is lost, every read asks the database (one small prepared query, shared by
 *   the reads of one event-loop turn) until LISTEN is back and the version has been read again.
 *
 * Cached answers carry the version they were computed at and are served only at that version.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { LRUCache } from 'lru-cache'

/**
 * Reads a value that must be fresh: a caller never shares a query that was sent before it arrived
 * (that query may have missed a write committed just before the caller's request). Callers arriving
 * in the same turn of the event loop share one query, sent in the next turn. So every answer reflects
 * every write completed before its request arrived, at one query per turn however many requests wait.
 */
export class FreshReader<T> {
  private pending: Promise<T> | undefined

  constructor(private readonly query: () => Promise<T>) {}

  read(): Promise<T> {
    this.pending ??= new Promise<T>((resolve, reject) => {
      setImmediate(() => {
        // Whoever comes after this point waits for a query sent after them.
        this.pending = undefined
        this.query().then(resolve, reject)
      })
    })
    return this.pending
  }
}

/** Where a watch hears of new data versions. */
export interface VersionFeed {
  listen(
    channel: string,
    handlers: { onNotify(payload: string): void; onState(connected: boolean): void },
  ): Promise<{ readonly connected: boolean; readonly backendPid?: number | undefined; close(): Promise<void> }>
}

const dataVersionChannel = 'data_version'

/** Follows the database's data version; see the top of this file. */
export class DataVersionWatch {
  private known = 0
  /** True once the listener is up and the version has been read after its LISTEN. */
  private live = false
  /** Changes on every listener state change, so that a late check cannot revive a lost listener. */
  private epoch = 0
  /** Writes answered by this process, and how many of them a check sent after them has covered. */
  private writes = 0
  private writesChecked = 0
  private pending: Promise<number> | undefined
  private listener: { readonly backendPid?: number | undefined; close(): Promise<void> } | undefined
  /** Counters, for tests and metrics. */
  readonly stats = { checks: 0, notifications: 0 }

  constructor(private readonly readVersion: () => Promise<number>) {}

  /** Starts listening; resolves once LISTEN has been asked for (not necessarily in place). */
  async start(feed: VersionFeed): Promise<void> {
    this.listener = await feed.listen(dataVersionChannel, {
      onNotify: (payload) => {
        this.stats.notifications++
        const version = Number(payload)
        if (Number.isSafeInteger(version)) this.observe(version)
      },
      onState: (connected) => {
        this.epoch++
        this.live = false
        if (!connected) return
        // Notifications sent before LISTEN took effect are lost: read the version once more.
        const epoch = this.epoch
        this.check().then(
          () => {
            if (this.epoch === epoch) this.live = true
          },
          () => {},
        )
      },
    })
  }

  async close(): Promise<void> {
    this.epoch++
    this.live = false
    await this.listener?.close()
  }

  /** Whether the version held can be used without asking the database. */
  get trusted(): boolean {
    return this.live && this.writesChecked === this.writes
  }

  /** The highest data version heard of or read. */
  get version(): number {
    return this.known
  }

  /** The PostgreSQL backend that listens, for diagnostics and tests. */
  get listenerBackendPid(): number | undefined {
    return this.listener?.backendPid
  }

  /** Whether notifications are being received (the cache serves hits without a query). */
  get listening(): boolean {
    return this.live
  }

  /** The data version now: from memory when trusted, else read from the database. */
  current(): number | Promise<number> {
    return this.trusted ? this.known : this.check()
  }

  /** Reads the version from the database (one query per event-loop turn, sent after the callers came). */
  check(): Promise<number> {
    this.pending ??= new Promise<number>((resolve, reject) => {
      setImmediate(() => {
        this.pending = undefined
        const writes = this.writes
        this.stats.checks++
        this.readVersion().then((version) => {
          this.observe(version)
          if (writes > this.writesChecked) this.writesChecked = writes
          resolve(this.known)
        }, reject)
      })
    })
    return this.pending
  }

  /** A version learnt elsewhere (a notification, or a query that read it). */
  observe(version: number): void {
    if (version > this.known) this.known = version
  }

  /** This process has answered a write: the next read asks the database first. */
  localWrite(): void {
    this.writes++
  }
}

export interface CachedResponse {
  /** The data version the answer was computed at. */
  version: number
  body: string
  contentType: string
  etag?: string | undefined
}

/** Serialised answers by key, served only at the data version they were computed at. */
export class ResponseCache {
  private readonly lru: LRUCache<string, CachedResponse>

  /** At most `maxEntries` answers of `maxBytes` characters of body in all; the least recently used go first. */
  constructor(options: { maxEntries?: number; maxBytes?: number } = {}) {
    this.lru = new LRUCache<string, CachedResponse>({
      max: options.maxEntries ?? 1000,
      maxSize: options.maxBytes ?? 8 * 1024 * 1024,
      // lru-cache wants a positive size: an empty body still takes its entry.
      sizeCalculation: (e) => Math.max(1, e.body.length),
    })
  }

  get(key: string, version: number): CachedResponse | undefined {
    const hit = this.lru.get(key)
    if (hit === undefined) return undefined
    if (hit.version === version) return hit
    if (hit.version < version) this.lru.delete(key)
    return undefined
  }

  set(key: string, entry: CachedResponse): void {
    const old = this.lru.get(key)
    // Two requests computing at once: keep the newer answer.
    if (old && old.version > entry.version) return
    this.lru.set(key, entry)
  }

  get size(): number {
    return this.lru.size
  }

  clear(): void {
    this.lru.clear()
  }
}

/** Sends what a read route produces: its value, with its `ETag` when it has one. */
export type ReadSender = (
  request: FastifyRequest,
  reply: FastifyReply,
  produce: () => Promise<{ value: unknown; etag?: string }>,
) => Promise<FastifyReply>

/** Sends the value as it is produced, uncached. */
export const sendRead: ReadSender = async (_request, reply, produce) => {
  const { value, etag } = await produce()
  if (etag) reply.header('etag', etag)
  return reply.send(value)
}

/**
 * Sends serialised answers cached by URL at the data version they were read at, for reads that are
 * the same for every caller. Without a data-version watch (`watch()` undefined), answers are not cached.
 */
export function cachedReads(watch: () => DataVersionWatch | undefined, cache: ResponseCache): ReadSender {
  return async (request, reply, produce) => {
    const dataVersion = watch()
    if (!dataVersion) return sendRead(request, reply, produce)
    const now = dataVersion.current()
    const version = typeof now === 'number' ? now : await now
    let hit = cache.get(request.url, version)
    if (!hit) {
      const { value, etag } = await produce()
      const body = reply.serialize(value) as string
      hit = { version, body, contentType: 'application/json; charset=utf-8', etag }
      cache.set(request.url, hit)
    }
    if (hit.etag) reply.header('etag', hit.etag)
    return reply.type(hit.contentType).send(hit.body)
  }
}
