import { headerKey } from './imports.parse.js'

/** Canonical column names by their normalised header key. */
export function columnsOf(names: string[]): Map<string, string> {
  return new Map(names.map((n) => [headerKey(n), n]))
}

/** Columns of the row that the file kind does not know. */
export function unknownColumns(fields: Record<string, unknown>, columns: Map<string, string>): string[] {
  return Object.keys(fields).filter((k) => !columns.has(k))
}
