import { createHash, type Hash } from 'node:crypto'
import { PassThrough, Readable } from 'node:stream'
import { CsvError, parse } from 'csv-parse'
import { headerAliases, labelKey } from './imports.labels.js'
import { PlainCsvLines } from './imports.plain-csv.js'

export type ImportFormat = 'csv' | 'ndjson'

/** One record of the file: its line number (1-based, as a spreadsheet shows it) and raw fields. */
export interface RawRow {
  line: number
  fields: Record<string, unknown>
}

/** A line that could not even be read as a record (broken quoting, invalid JSON). */
export class UnreadableLine extends Error {
  constructor(
    public readonly line: number,
    message: string,
  ) {
    super(message)
  }
}

const headerKeys = new Map<string, string>()

/**
 * Header names are matched without case, spaces, dashes or underscores: "Learner reference" =
 * learnerReference; a French template header names its column too ("Référence apprenant·e",
 * "Observée le"), accents and signs aside. NDJSON keys come through here on every line: cached.
 */
export function headerKey(name: string): string {
  let key = headerKeys.get(name)
  if (key === undefined) {
    const bare = name.replace(/^\uFEFF/, '')
    key =
      headerAliases.get(labelKey(bare)) ??
      bare
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, '')
        .replace(/[\s_-]+/g, '')
        .toLowerCase()
    if (headerKeys.size >= 1_000) headerKeys.clear()
    headerKeys.set(name, key)
  }
  return key
}

/** Picks `;` or `,` from the header line, the way French spreadsheets export either. */
function sniffDelimiter(firstLine: string): ';' | ',' {
  const count = (c: string) => firstLine.split(c).length - 1
  return count(';') > count(',') ? ';' : ','
}

/**
 * Reads the body as a stream of rows, never holding the file in memory, in batches of the rows that
 * one piece of the body holds (a few hundred): one promise per batch rather than several per row.
 * The SHA-256 of the raw bytes is computed on the way, for Idempotency-Key checks.
 */
export function readRows(
  body: Readable,
  format: ImportFormat,
  encoding?: string,
): { batches: AsyncIterable<RawRow[]>; hash: Hash } {
  const hash = createHash('sha256')
  const tee = new PassThrough()
  body.on('data', (chunk: Buffer) => hash.update(chunk))
  body.on('error', (err) => tee.destroy(err))
  body.pipe(tee)
  return { batches: format === 'csv' ? csvRows(tee, encoding) : ndjsonRows(tee, encoding ?? 'utf-8'), hash }
}

/** Line breaks as readline counts them: `\r\n`, `\n` or a lone `\r`. */
const lineBreak = /\r\n|\n|\r/

async function* ndjsonRows(stream: Readable, encoding: string): AsyncIterable<RawRow[]> {
  // Bytes that are not text in the file's encoding end the reading at their line, never become
  // U+FFFD in the records.
  const decoder = new TextDecoder(encoding, { fatal: true })
  const decode = (chunk?: Buffer) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode()
    } catch {
      // `rest`, the line cut by the previous piece, holds no line break.
      throw new UnreadableLine(
        line + 1 + (chunk ? linesBeforeInvalidUtf8(chunk) : 0),
        encoding === 'utf-8'
          ? 'is not valid UTF-8: save the file in UTF-8, or declare its encoding (charset) in the Content-Type'
          : `is not valid ${encoding}`,
      )
    }
  }
  let line = 0
  let rest = ''
  /** The rows of whole lines, and the unreadable line that ended them if one did. */
  const rowsOf = (lines: string[]): { rows: RawRow[]; unreadable?: UnreadableLine } => {
    const rows: RawRow[] = []
    try {
      readLines(lines, rows)
    } catch (err) {
      // The rows before it are still the file's, to be checked and reported with it.
      if (err instanceof UnreadableLine) return { rows, unreadable: err }
      throw err
    }
    return { rows }
  }
  const readLines = (lines: string[], rows: RawRow[]) => {
    for (const text of lines) {
      line++
      const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim()
      if (trimmed === '') continue
      let value: unknown
      try {
        value = JSON.parse(trimmed)
      } catch {
        throw new UnreadableLine(line, 'is not valid JSON')
      }
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        throw new UnreadableLine(line, 'must be a JSON object')
      }
      const fields: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) {
        // Every column holds one value: a nested one is refused here, before anything walks it (a
        // deeply nested array overflowed the stack further on).
        if (v !== null && typeof v === 'object') {
          throw new UnreadableLine(
            line,
            `holds an object or a list under "${k.slice(0, 100)}": a value must be a text, a number, true, false or null`,
          )
        }
        fields[headerKey(k)] = v
      }
      rows.push({ line, fields })
    }
  }
  // A `\r` ending one piece of the body and the `\n` starting the next are one line break.
  let afterCr = false
  const linesOf = (piece: string) => {
    let text = rest + piece
    if (afterCr && text !== '') {
      if (text.startsWith('\n')) text = text.slice(1)
      afterCr = false
    }
    if (text.endsWith('\r')) afterCr = true
    return text.split(lineBreak)
  }
  // The bytes of `rest`: where a piece is not text, the whole lines before it are still read.
  let restBytes: Buffer[] = []
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let text: string
    try {
      text = decode(chunk)
    } catch (err) {
      if (encoding !== 'utf-8') throw err
      const { rows, unreadable } = rowsOf(wholeLinesBeforeInvalidUtf8(Buffer.concat([...restBytes, chunk]), afterCr))
      if (rows.length > 0) yield rows
      throw unreadable ?? err
    }
    const lastBreak = Math.max(chunk.lastIndexOf(0x0a), chunk.lastIndexOf(0x0d))
    restBytes = lastBreak >= 0 ? [chunk.subarray(lastBreak + 1)] : [...restBytes, chunk]
    const lines = linesOf(text)
    // The last piece is a line cut by the chunk, or empty.
    rest = lines.pop()!
    const { rows, unreadable } = rowsOf(lines)
    if (rows.length > 0) yield rows
    if (unreadable) throw unreadable
  }
  const lines = linesOf(decode())
  if (lines.at(-1) === '') lines.pop()
  const { rows, unreadable } = rowsOf(lines)
  if (rows.length > 0) yield rows
  if (unreadable) throw unreadable
}

/**
 * The whole lines of `bytes` (a line cut by the previous piece, then a piece) before the first one
 * that is not UTF-8. Line breaks are ASCII bytes, never inside a UTF-8 character: the bytes are
 * split as Latin-1 (one character a byte), then each line decoded alone.
 */
function wholeLinesBeforeInvalidUtf8(bytes: Buffer, afterCr: boolean): string[] {
  const start = afterCr && bytes[0] === 0x0a ? 1 : 0
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const lines: string[] = []
  for (const piece of bytes.subarray(start).toString('latin1').split(lineBreak)) {
    try {
      lines.push(decoder.decode(Buffer.from(piece, 'latin1')))
    } catch {
      return lines
    }
  }
  // Every line decoded: the last one is not whole.
  return lines.slice(0, -1)
}

/** Line breaks in a piece of the body before its first byte that is not UTF-8. */
function linesBeforeInvalidUtf8(chunk: Buffer): number {
  // The piece may start inside a character the previous one began.
  let start = 0
  while (start < 3 && start < chunk.length && (chunk[start]! & 0xc0) === 0x80) start++
  const loose = new TextDecoder('utf-8').decode(chunk.subarray(start))
  const at = loose.indexOf('\uFFFD')
  return at < 0 ? 0 : loose.slice(0, at).split(lineBreak).length - 1
}

/** Bytes read before the encoding of a CSV is chosen. */
const headBytes = 65_536

/**
 * The encoding of a CSV from its first bytes: UTF-8 with a BOM or when they are valid UTF-8, else
 * Windows-1252 (what French Excel writes as "CSV (séparateur: point-virgule)"; Latin-1 is a subset
 * of it for letters).
 */
function sniffEncoding(head: Buffer): 'utf-8' | 'windows-1252' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8'
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true })
    return 'utf-8'
  } catch {
    return 'windows-1252'
  }
}

async function* csvRows(stream: Readable, declared?: string): AsyncIterable<RawRow[]> {
  // Read the first 64 KiB (or the whole file, if shorter) to choose the encoding and the delimiter,
  // then parse everything. (Pulling from the iterator by hand: leaving a for-await loop early would
  // destroy the stream.)
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  const head: Buffer[] = []
  let headLength = 0
  while (headLength < headBytes) {
    const next = await chunks.next()
    if (next.done) break
    head.push(next.value)
    headLength += next.value.length
  }
  const encoding = declared ?? sniffEncoding(Buffer.concat(head))
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false })
  const headText = decoder.decode(Buffer.concat(head), { stream: true })
  const delimiter = sniffDelimiter(headText.split(/\r?\n/)[0] ?? '')
  let linesDecoded = 0
  const pieces = (async function* () {
    yield headText
    linesDecoded += headText.split('\n').length - 1
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      let text: string
      try {
        text = decoder.decode(next.value, { stream: true })
      } catch {
        // Valid UTF-8 for 64 KiB, then not: a file mixing encodings is refused, never stored with
        // replacement characters. The line is counted up to the first byte that is not UTF-8.
        const loose = new TextDecoder('utf-8').decode(next.value)
        throw new UnreadableLine(
          linesDecoded + loose.slice(0, loose.indexOf('\uFFFD')).split('\n').length,
          'is not valid UTF-8 while the lines before it are: save the file as "CSV UTF-8" and send it again',
        )
      }
      yield text
      linesDecoded += text.split('\n').length - 1
    }
    let last: string
    try {
      last = decoder.decode()
    } catch {
      throw new UnreadableLine(linesDecoded + 1, 'ends in the middle of a UTF-8 character: the file is cut short')
    }
    yield last
  })()

  yield* csvTextRows(pieces, delimiter)
}

/**
 * The rows of a CSV's text, in pieces cut anywhere: lines without quotes are split directly
 * (imports.plain-csv.ts), and the rest of the file, from the first line that needs it, goes through
 * csv-parse.
 */
export async function* csvTextRows(pieces: AsyncIterator<string>, delimiter: string): AsyncIterable<RawRow[]> {
  const plain = new PlainCsvLines(delimiter, headerKey)
  for (let piece = await pieces.next(), ended = false; !ended; piece = await pieces.next()) {
    // After the last piece, what is left of the text is read as the last line.
    ended = piece.done === true
    const read = plain.read(piece.done ? '' : piece.value, ended)
    if (read.rows.length > 0) yield read.rows
    if (read.mismatchedLine !== undefined) throw new UnreadableLine(read.mismatchedLine, columnsDiffer)
    if (read.rest !== undefined) {
      const rest = read.rest
      yield* parsedRows(
        (async function* () {
          yield rest
          if (ended) return
          for (let more = await pieces.next(); !more.done; more = await pieces.next()) yield more.value
        })(),
        delimiter,
        plain,
      )
      return
    }
  }
}

const columnsDiffer = 'has a different number of columns than the header'

/**
 * Reads with csv-parse the text that plain reading handed over, from the start of a line: the header
 * and record delimiter it found already, and the lines it read, carry over.
 */
async function* parsedRows(text: AsyncIterable<string>, delimiter: string, plain: PlainCsvLines) {
  // The row of a record is the lines before this text, then the parser's count (with the header's
  // line when the parser reads it).
  const offset = plain.consumed + (plain.keys ? 0 : 1)
  const source = Readable.from(text, { objectMode: false })
  const parser = parse({
    delimiter,
    columns: plain.keys ?? ((header: string[]) => header.map(headerKey)),
    // The line break found before the first quote, once a line has been read with it: found inside
    // a quoted header, it may not be the file's (csv-parse finds that one outside quotes).
    ...(plain.lineBreak && plain.consumed > 0 ? { record_delimiter: plain.lineBreak } : {}),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: false,
    // The row as a spreadsheet numbers it: the header, then one per record or blank line. (The
    // parser's own line count is where a record ends, and counts a quoted CRLF twice.)
    // Every record is also kept here until it is handed over: when a later record of the same piece
    // of the body fails, the stream's error drops the records it still held, and those lines were
    // neither checked nor counted.
    on_record: (record: Record<string, string>, context: { records: number; empty_lines: number }): RawRow => {
      const row = { line: offset + context.records + context.empty_lines, fields: record }
      parsed.push(row)
      return row
    },
  })
  const parsed: RawRow[] = []
  // `pipe` does not pass an error on: a body cut off (client gone, timeout) left the parser waiting
  // for more, and the import's transaction (PGlite's only connection) held for good.
  source.on('error', (err) => parser.destroy(err))
  source.pipe(parser)
  try {
    // The parser pushes every record of a piece of the body at once: they are taken together, from
    // `parsed` (the stream's own copies are read only to keep it flowing).
    for await (const _ of parser as AsyncIterable<RawRow>) {
      while (parser.read() !== null);
      if (parsed.length > 0) yield parsed.splice(0)
    }
  } catch (err) {
    // Not the file's fault (the body was cut off): the import fails as a whole. (Every error of the
    // file is a CsvError; not every one's code starts with CSV_: a misplaced opening quote failed
    // the whole request with a 500 when that was the test.)
    if (!(err instanceof CsvError)) throw err
    const e = err as CsvError & { lines?: number; records?: number; empty_lines?: number }
    if (parsed.length > 0) yield parsed.splice(0)
    // The row of the record that failed, numbered as `on_record` numbers the others: the parser's
    // own line is where it gave up (the end of the file, for a quote never closed).
    const line =
      e.records !== undefined ? offset + 1 + e.records + (e.empty_lines ?? 0) : plain.consumed + (e.lines ?? 0)
    throw new UnreadableLine(line, csvMessage(e))
  }
}

function csvMessage(e: CsvError): string {
  switch (e.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return columnsDiffer
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'opens a quote that is never closed'
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return 'has a misplaced quote'
    default:
      return e.message
  }
}
