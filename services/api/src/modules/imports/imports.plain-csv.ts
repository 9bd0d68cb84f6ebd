import type { RawRow } from './imports.parse.js'

/** What a piece of a CSV read as plain lines gives. */
interface PlainRead {
  rows: RawRow[]
  /** A record whose number of fields is not the header's: its line; the rows before it are in `rows`. */
  mismatchedLine?: number
  /**
   * The text from the first line plain reading cannot take on (a quote, another kind of line break,
   * a line over 1 MiB): csv-parse reads it and the rest of the file.
   */
  rest?: string
}

/** A line longer than this (no line break in sight) is left to csv-parse. */
const longestPlainLine = 1 << 20

const anomalies: Record<string, RegExp> = {
  '\r\n': /"|\r(?!\n)|(?<!\r)\n/,
  '\n': /["\r]/,
  '\r': /["\n]/,
}

/**
 * Reads the lines of a CSV that hold no quote, the way csv-parse reads them with the import's
 * options (`trim`, `skip_empty_lines`, a fixed number of columns), but with the platform's own
 * string splitting instead of a loop over every byte; it hands the file over to csv-parse at the
 * first line it cannot take, and csv-parse reads everything from there.
 *
 * Written by hand for a measured reason: on the 100,000 lines of bench:import, csv-parse took 730 ms
 * of the API's 2.7 s of CPU, about a quarter of the import (docs/benchmarks.md, 7 December), where
 * these lines take about 100 ms. Its results are checked against csv-parse's on generated files,
 * cut at random places (imports.plain-csv.test.ts).
 *
 * Line numbers are spreadsheet rows, as the csv-parse path counts them: every physical line, the
 * header and empty lines included.
 */
export class PlainCsvLines {
  /** Lines read: empty lines before the header, the header, records and empty lines. */
  consumed = 0
  /** The header's columns (as `keyOf` names them), once read. */
  keys: string[] | undefined
  /** The file's line break, found at the first one as csv-parse finds it. */
  lineBreak: string | undefined
  private pending = ''

  constructor(
    private readonly delimiter: string,
    private readonly keyOf: (name: string) => string,
  ) {}

  /** Reads the whole lines of what the last call left and `piece`; with `end`, the last line too. */
  read(piece: string, end: boolean): PlainRead {
    const text = this.pending + piece
    this.pending = ''
    const lineBreak = this.lineBreak ?? this.findLineBreak(text, end)
    if (lineBreak === undefined) {
      // No line break yet: at the end, the text is one line, for csv-parse.
      if (end) return text === '' ? { rows: [] } : { rows: [], rest: text }
      return this.waitForMore(text)
    }
    let whole = text
    if (!end) {
      const last = text.lastIndexOf(lineBreak)
      if (last < 0) return this.waitForMore(text)
      whole = text.slice(0, last + lineBreak.length)
      this.pending = text.slice(last + lineBreak.length)
    }
    const anomaly = anomalies[lineBreak]!.exec(whole)
    if (!anomaly) return this.readLines(whole, lineBreak, end)
    // Plain lines up to the one that holds the anomaly; csv-parse takes the rest of the text.
    const at = anomaly.index
    const before = at === 0 ? -1 : whole.lastIndexOf(lineBreak, at - 1)
    const from = before < 0 ? 0 : before + lineBreak.length
    const read = this.readLines(whole.slice(0, from), lineBreak, false)
    if (read.mismatchedLine !== undefined) return read
    read.rest = text.slice(from)
    this.pending = ''
    return read
  }

  /** Keeps a line not yet whole for the next piece, unless it is too long to be read here. */
  private waitForMore(text: string): PlainRead {
    if (text.length > longestPlainLine) return { rows: [], rest: text }
    this.pending = text
    return { rows: [] }
  }

  private findLineBreak(text: string, end: boolean): string | undefined {
    const at = text.search(/[\r\n]/)
    if (at < 0) return undefined
    if (text[at] === '\n') return (this.lineBreak = '\n')
    if (at + 1 === text.length && !end) return undefined
    return (this.lineBreak = text[at + 1] === '\n' ? '\r\n' : '\r')
  }

  private readLines(whole: string, lineBreak: string, end: boolean): PlainRead {
    const rows: RawRow[] = []
    if (whole === '') return { rows }
    const lines = whole.split(lineBreak)
    // The text ends with a line break (or, at the end, the file did): nothing after it.
    if (!end || lines.at(-1) === '') lines.pop()
    const { delimiter } = this
    for (const line of lines) {
      this.consumed++
      if (line.length === 0) continue
      const values = line.split(delimiter)
      // A line of spaces is an empty line to csv-parse with `trim`.
      if (values.length === 1 && values[0]!.trim() === '') continue
      const keys = this.keys
      if (keys === undefined) {
        this.keys = values.map((name) => this.keyOf(name.trim()))
        continue
      }
      if (values.length !== keys.length) return { rows, mismatchedLine: this.consumed }
      const fields: Record<string, string> = {}
      for (let i = 0; i < values.length; i++) fields[keys[i]!] = values[i]!.trim()
      rows.push({ line: this.consumed, fields })
    }
    return { rows }
  }
}
