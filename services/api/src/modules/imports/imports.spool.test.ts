import { PassThrough, Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { spoolBody } from './imports.spool.js'
import { release } from './imports.engine.js'

describe('receiving a body whole before an import (single-connection database)', () => {
  it('keeps every byte of a readable file', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `{"line":${i + 1}}\n`).join('')
    const chunks = lines.match(/[^]{1,1000}/g)!
    const spooled = await spoolBody(Readable.from(chunks.map((c) => Buffer.from(c))), 'ndjson', undefined, release)
    try {
      expect(await text(spooled.body)).toBe(lines)
    } finally {
      await spooled.remove()
    }
  })

  it('stops at an unreadable line while more of the body is already on its way, keeping that line', async () => {
    const body = new PassThrough()
    const rest = Buffer.from('{"more":true}\n'.repeat(5))
    body.write(Buffer.from('{"a":1}\n{]\n'))
    // Many pieces queued behind the unreadable one, and the body never ends (a client still sending).
    for (let i = 0; i < 500; i++) body.write(rest)
    const spooled = await spoolBody(body, 'ndjson', undefined, release)
    try {
      expect(await text(spooled.body)).toMatch(/^\{"a":1\}\n\{\]\n/)
    } finally {
      await spooled.remove()
      body.destroy()
    }
  })
})
