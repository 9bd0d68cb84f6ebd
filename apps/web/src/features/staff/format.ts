import { useI18n } from '../../i18n'

/** Null-safe short forms of the i18n formatters, for tables of records where values may be missing. */
export function useFormat() {
  const { formatDate, formatDateTime, formatPercent, formatNumber } = useI18n()
  const date = (iso: string | null | undefined) => (iso ? formatDate(iso.slice(0, 10), 'short') : '')
  const dateTime = (iso: string | null | undefined) => (iso ? formatDateTime(iso) : '')
  const percent = (fraction: number | null | undefined) =>
    fraction === null || fraction === undefined ? '' : formatPercent(fraction)
  const number = (value: number | null | undefined) =>
    value === null || value === undefined ? '' : formatNumber(value)
  return { date, dateTime, percent, number }
}

/** Today as `yyyy-mm-dd` (UTC), the API's day. */
export const todayIso = () => new Date().toISOString().slice(0, 10)

const isoDay = /^(\d{4})-(\d{1,2})-(\d{1,2})$/
const frenchDay = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/

/** Year, month and day of a day typed `dd/mm/yyyy` (or with `.` or `-`) or `yyyy-mm-dd`, unchecked. */
function dayParts(text: string): [number, number, number] | undefined {
  const value = text.trim()
  let match = isoDay.exec(value)
  if (match) return [Number(match[1]), Number(match[2]), Number(match[3])]
  match = frenchDay.exec(value)
  return match ? [Number(match[3]), Number(match[2]), Number(match[1])] : undefined
}

/**
 * A day typed the French way (`14/01/2019`, `14-01-2019`, `14.01.2019`) or the ISO way
 * (`2019-01-14`), as `yyyy-mm-dd`; undefined when it is not a real day.
 */
export function parseDay(text: string): string | undefined {
  const parts = dayParts(text)
  if (!parts) return undefined
  const [y, m, d] = parts
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined
  return date.toISOString().slice(0, 10)
}

/**
 * Why `parseDay` refused `text`: `no_such_month` or `no_such_day` when it has the shape of a date
 * (`31/11/2026`, `12/13/2026`), `format` otherwise.
 */
export function dayProblem(text: string): 'format' | 'no_such_day' | 'no_such_month' {
  const parts = dayParts(text)
  if (!parts) return 'format'
  const [, m] = parts
  return m < 1 || m > 12 ? 'no_such_month' : 'no_such_day'
}

/** `yyyy-mm-dd` as `dd/mm/yyyy`, the way it is typed in France. */
export const formatDayFr = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-')
  return `${d}/${m}/${y}`
}
