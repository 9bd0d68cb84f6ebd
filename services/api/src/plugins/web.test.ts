import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestContext } from '../../test/helpers.js'
import { patience } from '../../test/patience.js'

/**
 * The built dashboard as the API serves it: the `.br` and `.gz` files Vite writes beside each text
 * file are sent to browsers that accept them; fingerprinted files under `/assets` are cached for a
 * year, `index.html` is revalidated on every visit.
 */

const script = `export const greeting = ${JSON.stringify('bonjour '.repeat(400))}\n`
const page = `<!doctype html><html lang="fr"><title>Trajectoires</title><script type="module" src="/assets/index-Ab12Cd34.js"></script>${' '.repeat(2000)}</html>`
let dist: string
let t: TestContext

/** A dashboard build as `vite build` leaves it (apps/web/build/compress.ts). */
function writeBuild(dir: string) {
  mkdirSync(join(dir, 'assets'), { recursive: true })
  for (const [path, text] of [
    ['index.html', page],
    ['assets/index-Ab12Cd34.js', script],
  ] as const) {
    writeFileSync(join(dir, path), text)
    writeFileSync(join(dir, `${path}.br`), brotliCompressSync(text))
    writeFileSync(join(dir, `${path}.gz`), gzipSync(text))
  }
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
}

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'trajectoires-web-'))
  writeBuild(dist)
  t = await createTestApp({ webDist: dist })
}, patience(120_000))
afterAll(async () => {
  await t?.close()
  rmSync(dist, { recursive: true, force: true })
})

describe('the dashboard’s files', () => {
  it('sends a fingerprinted script brotli-compressed, cached for a year as immutable', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['content-type']).toMatch(/javascript/)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i)
    expect(res.rawPayload.length).toBeLessThan(script.length / 10)
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(script)
  })

  it('sends gzip to a browser without brotli, and the plain file to one that accepts neither', async () => {
    const gzip = await t.app.inject({
      method: 'GET',
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gzip.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const plain = await t.app.inject({
      method: 'GET',
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'identity' },
    })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(script)
  })

  it('has index.html revalidated on every visit, at / and on the app’s own routes', async () => {
    for (const url of ['/', '/index.html', '/campuses', '/staff/cohorts/abc']) {
      const res = await t.app.inject({
        method: 'GET',
        url,
        headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' },
      })
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['cache-control'], url).toBe('no-cache')
      expect(res.headers['content-type'], url).toMatch(/text\/html/)
      expect(res.headers['content-encoding'], url).toBe('br')
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(page)
    }
  })

  it('does not let an unfingerprinted file be cached as immutable', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/favicon.svg' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-cache')
  })
})
