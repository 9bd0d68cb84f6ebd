/**
 * A cell of an RFC 4180 CSV: quoted when it holds the separator, a quote or a line break. Text that a
 * spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return:
 * OWASP's "CSV injection") gets a leading `'`, as in every CSV the API writes; numbers stay numbers.
 */
export function csvCell(value: unknown, separator: string): string {
  if (value === null || value === undefined) return ''
  const text = Array.isArray(value)
    ? value.join('|')
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value)
  const isText = typeof value !== 'number' && typeof value !== 'boolean'
  const safe = isText && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return safe.includes(separator) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Nested objects as dotted columns (`learner.reference`); arrays stay whole. */
export function flatten(record: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}) {
  for (const [key, value] of Object.entries(record)) {
    const name = prefix ? `${prefix}.${key}` : key
    if (value && typeof value === 'object' && !Array.isArray(value))
      flatten(value as Record<string, unknown>, name, out)
    else out[name] = value
  }
  return out
}

/** A plain-text table with aligned columns; numbers to the right. */
export function renderTable(headers: string[], rows: (string | number | null)[][]): string {
  const cells = rows.map((row) => row.map((v) => (v === null ? '—' : String(v))))
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)))
  const numeric = headers.map((_, i) =>
    rows.every((r) => r[i] === null || typeof r[i] === 'number' || /^[\d.,%\s–-]+$/.test(String(r[i]))),
  )
  const line = (row: string[]) =>
    row
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n')
}

/** 0.6239 → "62.4 %"; null → null. */
export const percent = (value: number | null | undefined, decimals = 1) =>
  value === null || value === undefined ? null : `${(value * 100).toFixed(decimals)} %`

/** 12_345_678 bytes → "11.8 MB". */
export function bytes(count: number): string {
  if (count < 1024) return `${count} B`
  if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} kB`
  return `${(count / 1024 / 1024).toFixed(1)} MB`
}
