import { labelKey, type Vocabulary } from './imports.labels.js'

/**
 * Converters from spreadsheet cells (or NDJSON values) to typed values. Each returns the value or
 * throws a `CellError` with a plain message; empty cells are `null`.
 */
class CellError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '')

export function text(v: unknown, max = 200): string | null {
  if (isEmpty(v)) return null
  const s = String(v).trim()
  if (s.length > max) throw new CellError('maxLength', `must be at most ${max} characters`)
  return s
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/
const frenchDate = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
/** The number written by the digits of `s` from `start` to `end` (checked to be digits already). */
const digits = (s: string, start: number, end: number) => {
  let n = 0
  for (let i = start; i < end; i++) n = n * 10 + s.charCodeAt(i) - 48
  return n
}
const daysInMonth = (y: number, m: number) =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31

/**
 * `dd/mm/yyyy` (French spreadsheets) or ISO `yyyy-mm-dd`, checked to be a real day. An ISO date
 * comes back as it was given: a bulk import reads one or two a line, so they cost no allocation.
 */
export function date(v: unknown): string | null {
  if (isEmpty(v)) return null
  const s = String(v).trim()
  let y: number, m: number, d: number
  const iso = isoDate.test(s)
  if (iso) {
    ;[y, m, d] = [digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10)]
  } else {
    const match = frenchDate.exec(s)
    if (!match) throw new CellError('format', 'must be a date as dd/mm/yyyy or yyyy-mm-dd')
    ;[d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])]
  }
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new CellError('format', `is not a real day (${s})`)
  }
  return iso ? s : `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

const truthy = new Set(['true', 'oui', 'yes', 'o', 'y', '1', 'vrai', 'x'])
const falsy = new Set(['false', 'non', 'no', 'n', '0', 'faux'])

export function boolean(v: unknown): boolean | null {
  if (isEmpty(v)) return null
  if (typeof v === 'boolean') return v
  const s = String(v).trim().toLowerCase()
  if (truthy.has(s)) return true
  if (falsy.has(s)) return false
  throw new CellError('type', 'must be oui/non (or true/false, 1/0)')
}

export function integer(v: unknown, min: number, max: number): number | null {
  if (isEmpty(v)) return null
  const n = typeof v === 'number' ? v : Number(String(v).trim())
  if (!Number.isInteger(n)) throw new CellError('type', 'must be a whole number')
  if (n < min || n > max) throw new CellError('range', `must be from ${min} to ${max}`)
  return n
}

/**
 * A code of a vocabulary, written as the code or as one of its labels (« En alternance », « CDI »),
 * case, accents and signs aside.
 */
export function term<T extends string>(v: unknown, vocabulary: Vocabulary<T>): T | null {
  if (isEmpty(v)) return null
  const s = String(v).trim()
  if ((vocabulary.codes as readonly string[]).includes(s)) return s as T
  const code = vocabulary.lookup.get(labelKey(s))
  if (code === undefined) {
    throw new CellError('enum', `must be one of: ${vocabulary.codes.join(', ')} (or their French labels)`)
  }
  return code
}

export function required<T>(value: T | null, name = 'this column'): T {
  if (value === null) throw new CellError('required', `${name} is required`)
  return value
}

/** A converter per column: from the raw cell to its value, throwing a `CellError` for a bad cell. */
export type CellReaders = Record<string, (value: unknown) => unknown>
/** The values of a row's cells, by column; a cell that failed is null. */
export type Cells<R extends CellReaders> = { [K in keyof R]: ReturnType<R[K]> | null }
export interface CellIssue {
  field: string
  code: string
  message: string
}

/**
 * Reads a row's cells with the converters of a kind of file, declared once: a row then allocates
 * its values and nothing else, which counts on 100,000 lines. A cell that fails is null and its
 * issue is pushed, so that every failing cell of a line is reported, not only the first. Fields are
 * keyed as `headerKey` makes them (lower case), and so are the columns here.
 */
export function cellsReader<R extends CellReaders>(
  readers: R,
): ((fields: Record<string, unknown>, issues: CellIssue[]) => Cells<R>) & { columns: string[] } {
  const columns = Object.entries(readers).map(([name, read]) => ({ name, key: name.toLowerCase(), read }))
  const readRow = (fields: Record<string, unknown>, issues: CellIssue[]) => {
    const cells: Record<string, unknown> = {}
    for (const { name, key, read } of columns) {
      try {
        cells[name] = read(fields[key])
      } catch (err) {
        if (!(err instanceof CellError)) throw err
        issues.push({ field: name, code: err.code, message: err.message })
        cells[name] = null
      }
    }
    return cells as Cells<R>
  }
  return Object.assign(readRow, { columns: Object.keys(readers) })
}
