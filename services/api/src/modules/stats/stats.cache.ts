/**
 * Caching that stays correct across API instances. Every statistics answer is keyed by the
 * database's data version (a counter the record tables' triggers bump on every write, migration
 * 0004), so a write through any instance changes the key of the next request on every instance.
 * The version is followed through LISTEN/NOTIFY (`lib/read-cache.ts`), so a hit asks no database.
 */
import { createHash } from 'node:crypto'
import { LRUCache } from 'lru-cache'

export { FreshReader } from '../../lib/read-cache.js'

/** A least-recently-used map by string key, holding at most `max` entries (lru-cache). */
export class Lru<V extends object> extends LRUCache<string, V> {
  constructor(max: number) {
    super({ max })
  }
}

/** A short, stable hash of a cache key, for ETags. */
export const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 27)

export { matchesEtag } from '../../lib/http.js'
