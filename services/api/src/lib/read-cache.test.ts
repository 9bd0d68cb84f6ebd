import { describe, expect, it } from 'vitest'
import { DataVersionWatch, ResponseCache, type VersionFeed } from './read-cache.js'

/** A feed driven by the test, and a data version the test sets: the watch's logic alone. */
function harness() {
  let handlers: Parameters<VersionFeed['listen']>[1] | undefined
  const db = { version: 1, reads: 0, hold: undefined as Promise<void> | undefined }
  const watch = new DataVersionWatch(async () => {
    db.reads++
    const seen = db.version
    await db.hold
    return seen
  })
  const feed: VersionFeed = {
    listen: async (_channel, h) => {
      handlers = h
      return { connected: true, close: async () => h.onState(false) }
    },
  }
  return {
    db,
    watch,
    start: () => watch.start(feed),
    up: () => handlers!.onState(true),
    down: () => handlers!.onState(false),
    notify: (payload: string) => handlers!.onNotify(payload),
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('DataVersionWatch', () => {
  it('asks the database until the listener is up and the version was read after LISTEN', async () => {
    const h = harness()
    await h.start()
    expect(h.watch.trusted).toBe(false)
    expect(await h.watch.current()).toBe(1)
    expect(h.db.reads).toBe(1)
    h.up()
    await settle()
    expect(h.watch.trusted).toBe(true)
    const reads = h.db.reads
    expect(h.watch.current()).toBe(1)
    expect(h.db.reads).toBe(reads)
  })

  it('follows notifications, never going back', async () => {
    const h = harness()
    await h.start()
    h.up()
    await settle()
    h.notify('5')
    expect(h.watch.current()).toBe(5)
    h.notify('3')
    h.notify('not a number')
    expect(h.watch.current()).toBe(5)
  })

  it('after a local write, asks the database once with a query sent after it', async () => {
    const h = harness()
    await h.start()
    h.up()
    await settle()
    // A check already sent before the write answers after it: it must not restore trust.
    let release!: () => void
    h.db.hold = new Promise((resolve) => (release = resolve))
    h.watch.localWrite()
    const early = h.watch.check()
    await settle()
    h.db.version = 2
    h.watch.localWrite()
    release()
    expect(await early).toBe(1)
    expect(h.watch.trusted).toBe(false)
    h.db.hold = undefined
    expect(await h.watch.current()).toBe(2)
    expect(h.watch.trusted).toBe(true)
    expect(h.watch.current()).toBe(2)
  })

  it('stops trusting the version as soon as the listener is lost, and reads it again when it is back', async () => {
    const h = harness()
    await h.start()
    h.up()
    await settle()
    h.down()
    expect(h.watch.trusted).toBe(false)
    h.db.version = 7 // written while nobody listened: no notification
    expect(await h.watch.current()).toBe(7)
    expect(h.watch.trusted).toBe(false)
    h.db.version = 8
    h.up()
    await settle()
    expect(h.watch.current()).toBe(8)
  })

  it('does not trust a reconnection whose check answers after the listener was lost again', async () => {
    const h = harness()
    await h.start()
    let release!: () => void
    h.db.hold = new Promise((resolve) => (release = resolve))
    h.up()
    await settle()
    h.down()
    release()
    await settle()
    expect(h.watch.trusted).toBe(false)
  })
})

describe('ResponseCache', () => {
  it('serves an answer only at the version it was computed at, and keeps the newer of two', () => {
    const cache = new ResponseCache()
    cache.set('/a', { version: 2, body: 'two', contentType: 'application/json' })
    expect(cache.get('/a', 2)?.body).toBe('two')
    expect(cache.get('/a', 1)).toBeUndefined()
    cache.set('/a', { version: 1, body: 'one', contentType: 'application/json' })
    expect(cache.get('/a', 2)?.body).toBe('two')
    expect(cache.get('/a', 3)).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('is bounded by entries and by bytes, dropping the least recently used', () => {
    const cache = new ResponseCache({ maxEntries: 3, maxBytes: 10 })
    const answer = (body: string) => ({ version: 1, body, contentType: 'text/plain' })
    cache.set('a', answer('xxxx'))
    cache.set('b', answer('xxxx'))
    cache.get('a', 1)
    cache.set('c', answer('xxxx')) // 12 bytes: b, the least recently used, goes
    expect([cache.get('a', 1)?.body, cache.get('b', 1), cache.get('c', 1)?.body]).toEqual(['xxxx', undefined, 'xxxx'])
    cache.set('d', answer('x'))
    cache.set('e', answer('x')) // 10 bytes, but a fourth entry: a, the least recently used, goes
    expect(cache.size).toBe(3)
    expect(cache.get('a', 1)).toBeUndefined()
    cache.set('f', answer('')) // an empty answer is cached too
    expect(cache.get('f', 1)?.body).toBe('')
  })
})
