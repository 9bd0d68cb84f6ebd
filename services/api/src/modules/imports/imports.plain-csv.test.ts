import { CsvError } from 'csv-parse'
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { csvTextRows, headerKey, UnreadableLine, type RawRow } from './imports.parse.js'

/**
 * What csv-parse alone makes of the whole text, with the options and the line numbers the import
 * used before plain lines were read by hand: the reference the plain reading must match.
 */
function byCsvParse(text: string, delimiter: string): { rows: RawRow[]; failedLine?: number } {
  const rows: RawRow[] = []
  try {
    parse(text, {
      delimiter,
      columns: (header: string[]) => header.map(headerKey),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
      on_record: (record: Record<string, string>, context: { records: number; empty_lines: number }) => {
        rows.push({ line: 1 + context.records + context.empty_lines, fields: record })
        return record
      },
    })
  } catch (err) {
    if (!(err instanceof CsvError)) throw err
    const e = err as CsvError & { lines?: number; records?: number; empty_lines?: number }
    return { rows, failedLine: e.records !== undefined ? 2 + e.records + (e.empty_lines ?? 0) : (e.lines ?? 0) }
  }
  return { rows }
}

/** What the import makes of the text given in pieces cut at `cuts`. */
async function byImport(text: string, delimiter: string, cuts: number[]) {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
  const pieces = [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length))
  const rows: RawRow[] = []
  try {
    for await (const batch of csvTextRows(
      (async function* () {
        yield* pieces
      })(),
      delimiter,
    )) {
      rows.push(...batch)
    }
  } catch (err) {
    if (!(err instanceof UnreadableLine)) throw err
    return { rows, failedLine: err.line }
  }
  return { rows }
}

const field = fc.constantFrom(
  '',
  'a',
  'Lyon',
  'é à',
  ' x ',
  '\t y',
  '\u00a0z',
  '12/03/2025',
  '"q"',
  'a"b',
  '"a;b"',
  '"l\nm"',
  '"l\r\nm"',
  '"l\rm"',
  '"x" ',
  '"x"y',
  'x\u2009',
)
const lineBreak = fc.constantFrom('\r\n', '\n', '\r')

/** A file of a header and lines of two to four fields (mostly three), with empty lines and breaks of any kind. */
const csvFile = fc
  .record({
    delimiter: fc.constantFrom(';', ','),
    header: fc.constantFrom(
      'Campus;Cohort;Situation',
      'a;b;c',
      ' A ; B ;C',
      '"a";b;c',
      '\uFEFFa;b;c',
      '"a\r\nb";c;d',
      '"a\nb";c;d',
    ),
    lines: fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.array(field, { minLength: 3, maxLength: 3 }) },
        { weight: 1, arbitrary: fc.array(field, { minLength: 2, maxLength: 4 }) },
        { weight: 1, arbitrary: fc.constantFrom([''], ['   '], ['\t']) },
      ),
      { maxLength: 30 },
    ),
    breaks: fc.array(lineBreak, { minLength: 1, maxLength: 3 }),
    mixedBreaks: fc.boolean(),
    endsWithBreak: fc.boolean(),
    leadingEmptyLines: fc.nat(2),
    cuts: fc.array(fc.nat(2000), { maxLength: 8 }),
  })
  .map(({ delimiter, header, lines, breaks, mixedBreaks, endsWithBreak, leadingEmptyLines, cuts }) => {
    const all = [
      ...Array<string>(leadingEmptyLines).fill(''),
      header.replaceAll(';', delimiter),
      ...lines.map((l) => l.join(delimiter)),
    ]
    const breakAt = (i: number) => (mixedBreaks ? breaks[i % breaks.length]! : breaks[0]!)
    const text = all.map((l, i) => l + (i < all.length - 1 || endsWithBreak ? breakAt(i) : '')).join('')
    return { text, delimiter, cuts }
  })

describe('plain CSV lines', () => {
  it('give the rows, line numbers and failing line csv-parse gives, wherever the text is cut', async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, async ({ text, delimiter, cuts }) => {
        expect(await byImport(text, delimiter, cuts)).toEqual(byCsvParse(text, delimiter))
      }),
      { numRuns: 2000 },
    )
  })

  it('hand a file over to csv-parse at its first quote, with the header and line count so far', async () => {
    const text = 'Campus;Cohort\r\nLyon;A\r\n\r\n"Bordeaux; Sud";B\r\nMarseille;"C\r\nD"\r\nChelles;E;F\r\n'
    expect(await byImport(text, ';', [7, 20])).toEqual({
      rows: [
        { line: 2, fields: { campus: 'Lyon', cohort: 'A' } },
        { line: 4, fields: { campus: 'Bordeaux; Sud', cohort: 'B' } },
        { line: 5, fields: { campus: 'Marseille', cohort: 'C\r\nD' } },
      ],
      failedLine: 6,
    })
  })

  it('leave a line over 1 MiB to csv-parse, wherever it is cut', async () => {
    const text = `a;b\r\n1;2\r\n${'x'.repeat(1_200_000)};3\r\n4;5\r\n`
    const expected = byCsvParse(text, ';')
    expect(expected.rows.map((r) => r.line)).toEqual([2, 3, 4])
    expect(await byImport(text, ';', [9, 65_536, 1_100_000, 1_200_007])).toEqual(expected)
  })

  it('report a line with too many fields at its own row, after the rows before it', async () => {
    const text = 'a;b\n1;2\n\n3;4;5\n6;7\n'
    expect(await byImport(text, ';', [5])).toEqual({
      rows: [{ line: 2, fields: { a: '1', b: '2' } }],
      failedLine: 4,
    })
  })
})
