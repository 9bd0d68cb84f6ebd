/**
 * Caching that stays correct across API instances. Every statistics answer is keyed by the
 * database's data version (a counter the record tables' triggers bump on every write, migration
 * 0004), so a write through any instance changes the key of the next request on every instance.
 */
import { createHash } from 'node:crypto'

/** A small least-recently-used map. */
export class Lru<V> {
  private readonly map = new Map<string, V>()

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key)
    if (value === undefined) return undefined
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.map.delete(key)
    this.map.set(key, value)
    return value
  }

  set(key: string, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!)
  }

  get size(): number {
    return this.map.size
  }

  clear(): void {
    this.map.clear()
  }
}

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

/** A short, stable hash of a cache key, for ETags. */
export const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 27)

/** `If-None-Match` matches `etag` (weak comparison, lists and `*` allowed). */
export function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  const raw = Array.isArray(header) ? header.join(',') : header
  if (!raw) return false
  const bare = etag.replace(/^W\//, '')
  return raw.split(',').some((t) => {
    const tag = t.trim()
    return tag === '*' || tag.replace(/^W\//, '') === bare
  })
}
