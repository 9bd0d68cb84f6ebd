/**
 * One cell of a CSV the product writes, as text: quoted when it holds the delimiter, a quote or a
 * line break, and, when it is text, kept from being read as a formula by a spreadsheet (OWASP's
 * "CSV injection": a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * leading `'`). Numbers are not text: `-0,05` stays a negative number.
 *
 * @param text the cell as it will be written (a number already formatted, `-0,05` or `-0.05`)
 * @param delimiter the file's field delimiter
 * @param isText whether the value was text (a name, a code…) rather than a number the writer formatted
 */
export function csvCell(text: string, delimiter: string, isText: boolean): string {
  const safe = isText && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return safe.includes(delimiter) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}
