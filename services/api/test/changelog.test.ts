import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp } from './helpers.js'
import { patience } from './patience.js'

describe('the release notes', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp()
  }, patience(120_000))
  afterAll(() => t.close())

  it('are CHANGELOG.md, served at /api/changelog.md without credentials, for the version the contract states', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/changelog.md' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(response.body).toBe(readFileSync(fileURLToPath(new URL('../../../CHANGELOG.md', import.meta.url)), 'utf8'))
    expect(response.body).toMatch(/^## Unreleased$/m)
    // Every released version has its section; the contract's own is either released or still 0.1.0 (none yet).
    const { version } = (await call(t.app, { method: 'GET', url: '/api/openapi.json' })).data.info
    const released = [...response.body.matchAll(/^## (\d+\.\d+\.\d+) /gm)].map((m) => m[1])
    if (released.length > 0) expect(released[0]).toBe(version)
  })
})
