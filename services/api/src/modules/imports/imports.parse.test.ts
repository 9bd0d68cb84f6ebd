import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readRows, UnreadableLine, type ImportFormat, type RawRow } from './imports.parse.js'

/** The body cut in pieces of `size` bytes, as a network delivers it: mid-line, mid-character. */
function body(text: string, size: number): Readable {
  const bytes = Buffer.from(text, 'utf8')
  return Readable.from(
    (async function* () {
      for (let at = 0; at < bytes.length; at += size) {
        // One piece per turn of the event loop, so that the reader cannot receive them joined.
        await new Promise(setImmediate)
        yield bytes.subarray(at, at + size)
      }
    })(),
  )
}

async function rowsOf(text: string, format: ImportFormat, size: number): Promise<RawRow[]> {
  const rows: RawRow[] = []
  for await (const batch of readRows(body(text, size), format).batches) rows.push(...batch)
  return rows
}

describe('reading an import file', () => {
  const ndjson =
    '\uFEFF{"Learner reference":"LYO-001","campus":"Châlons-en-Champagne"}\r\n' +
    '\r\n' +
    '{"learnerReference":"LYO-002","campus":"Lyon 🚀"}\r' +
    '{"learner_reference":"LYO-003"}\n' +
    '   \n' +
    '{"learnerReference":"LYO-004"}'

  it('numbers NDJSON lines as an editor does, wherever the body is cut', async () => {
    for (const size of [1, 2, 3, 7, 64, 65536]) {
      const rows = await rowsOf(ndjson, 'ndjson', size)
      expect(
        rows.map((r) => [r.line, r.fields.learnerreference]),
        `pieces of ${size} bytes`,
      ).toEqual([
        [1, 'LYO-001'],
        [3, 'LYO-002'],
        [4, 'LYO-003'],
        [6, 'LYO-004'],
      ])
      expect(rows[0]!.fields.campus).toBe('Châlons-en-Champagne')
      expect(rows[1]!.fields.campus).toBe('Lyon 🚀')
    }
  })

  it('names the NDJSON line that is not an object', async () => {
    const text = '{"a":1}\n{"a":2}\n[3]\n{"a":4}\n'
    await expect(rowsOf(text, 'ndjson', 5)).rejects.toEqual(new UnreadableLine(3, 'must be a JSON object'))
    await expect(rowsOf('{"a":1}\r\n{"a":\n', 'ndjson', 4)).rejects.toMatchObject({ line: 2 })
    // A CRLF, then an empty line ending in LF: the LF after the CR is dropped, the next one is not.
    await expect(rowsOf('{"a":1}\r\n\n[3]', 'ndjson', 1)).rejects.toMatchObject({ line: 3 })
  })

  it('hands over the NDJSON lines before one that is not UTF-8, wherever the body is cut', async () => {
    const bytes = Buffer.concat([
      Buffer.from(ndjson.split('   \n')[0]!, 'utf8'),
      Buffer.from('{"campus":"Num\xe9rique"}\n{"learnerReference":"LYO-009"}\n', 'latin1'),
    ])
    for (const size of [1, 2, 3, 7, 64, 65536]) {
      const rows: RawRow[] = []
      const pieces = Readable.from(
        (async function* () {
          for (let at = 0; at < bytes.length; at += size) {
            await new Promise(setImmediate)
            yield bytes.subarray(at, at + size)
          }
        })(),
      )
      const error = await (async () => {
        for await (const batch of readRows(pieces, 'ndjson').batches) rows.push(...batch)
      })().then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error, `pieces of ${size} bytes`).toMatchObject({ line: 5, message: expect.stringMatching(/UTF-8/) })
      expect(rows.map((r) => [r.line, r.fields.learnerreference, r.fields.campus])).toEqual([
        [1, 'LYO-001', 'Châlons-en-Champagne'],
        [3, 'LYO-002', 'Lyon 🚀'],
        [4, 'LYO-003', undefined],
      ])
    }
  })

  it('numbers CSV rows as a spreadsheet does, blank lines included, wherever the body is cut', async () => {
    // A cell holding a line break is still one row of the spreadsheet: the rows below keep their
    // numbers (the parser's own count would put LYO-002 at 6: a quoted CRLF counted twice).
    const csv =
      '\uFEFFCampus;Learner reference;Note\r\n' +
      'Lyon;LYO-001;"two\r\nlines; b"\r\n' +
      '\r\n' +
      'Châlons-en-Champagne;LYO-002;plain\r\n' +
      'Lyon;LYO-003;"a ""quote"""\r\n' +
      'Lyon;LYO-004;"one\nmore"\r\n' +
      'Lyon;LYO-005;last'
    for (const size of [1, 3, 16, 65536]) {
      const rows = await rowsOf(csv, 'csv', size)
      expect(
        rows.map((r) => [r.line, r.fields.campus, r.fields.learnerreference, r.fields.note]),
        `pieces of ${size} bytes`,
      ).toEqual([
        [2, 'Lyon', 'LYO-001', 'two\r\nlines; b'],
        [4, 'Châlons-en-Champagne', 'LYO-002', 'plain'],
        [5, 'Lyon', 'LYO-003', 'a "quote"'],
        [6, 'Lyon', 'LYO-004', 'one\nmore'],
        [7, 'Lyon', 'LYO-005', 'last'],
      ])
    }
  })

  it('hands CSV rows over in batches, not one by one', async () => {
    const lines = ['campus,learnerReference']
    for (let i = 0; i < 2000; i++) lines.push(`Lyon,LYO-${i}`)
    const batches: number[] = []
    for await (const batch of readRows(body(lines.join('\n'), 16384), 'csv').batches) batches.push(batch.length)
    expect(batches.reduce((a, b) => a + b, 0)).toBe(2000)
    expect(batches.length).toBeLessThan(100)
  })

  it('reports a quote never closed at the line where it opens, not where the file ends', async () => {
    const csv =
      'campus;learnerReference;note\r\n' +
      'Lyon;LYO-001;fine\r\n' +
      'Lyon;LYO-002;"opened here\r\n' +
      'Lyon;LYO-003;x\r\n' +
      'Lyon;LYO-004;x\r\n' +
      'Lyon;LYO-005;x\r\n'
    const error = await rowsOf(csv, 'csv', 7).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(UnreadableLine)
    expect((error as UnreadableLine).line).toBe(3)
    const short = await rowsOf('campus;learnerReference\r\nLyon;A\r\n\r\nLyon;B\r\nLyon\r\n', 'csv', 5).then(
      () => undefined,
      (e: unknown) => e as UnreadableLine,
    )
    expect(short?.line).toBe(5)
  })

  it('decodes a Windows-1252 CSV, and refuses one that stops being UTF-8 after 64 KiB', async () => {
    // "é" is 0xE9 and "€" 0x80 in Windows-1252.
    const latin = Buffer.from('campus;note\r\nPlombiers du num\xe9rique Lyon;\x80 12\r\n', 'latin1')
    const rows: RawRow[] = []
    for await (const batch of readRows(Readable.from([latin]), 'csv').batches) rows.push(...batch)
    expect(rows[0]!.fields).toEqual({ campus: 'Plombiers du numérique Lyon', note: '€ 12' })

    const ascii = 'campus;note\r\n' + 'Lyon;plain\r\n'.repeat(7000)
    const mixed = Buffer.concat([Buffer.from(ascii), Buffer.from('Lyon;num\xe9rique\r\n', 'latin1')])
    const error = await (async () => {
      for await (const _ of readRows(Readable.from([mixed.subarray(0, 70_000), mixed.subarray(70_000)]), 'csv').batches)
        void _
    })().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(UnreadableLine)
    expect((error as UnreadableLine).message).toMatch(/not valid UTF-8/)
    expect((error as UnreadableLine).line).toBe(7002)
  })
})
