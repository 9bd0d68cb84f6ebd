/**
 * Converters from spreadsheet cells (or NDJSON values) to typed values. Each returns the value or
 * throws a `CellError` with a plain message; empty cells are `null`.
 */
export class CellError extends Error {
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

/** `dd/mm/yyyy` (French spreadsheets) or ISO `yyyy-mm-dd`, checked to be a real day. */
export function date(v: unknown): string | null {
  if (isEmpty(v)) return null
  const s = String(v).trim()
  let y: number, m: number, d: number
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (match) {
    ;[y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  } else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) {
    ;[d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])]
  } else {
    throw new CellError('format', 'must be a date as dd/mm/yyyy or yyyy-mm-dd')
  }
  const probe = new Date(Date.UTC(y, m - 1, d))
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    throw new CellError('format', `is not a real day (${s})`)
  }
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
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

export function oneOf<T extends string>(v: unknown, values: readonly T[]): T | null {
  if (isEmpty(v)) return null
  const s = String(v).trim()
  if (!(values as readonly string[]).includes(s)) throw new CellError('enum', `must be one of: ${values.join(', ')}`)
  return s as T
}

export function required<T>(value: T | null, name = 'this column'): T {
  if (value === null) throw new CellError('required', `${name} is required`)
  return value
}
