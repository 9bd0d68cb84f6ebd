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

/**
 * A day typed the French way (`14/01/2019`, `14-01-2019`, `14.01.2019`) or the ISO way
 * (`2019-01-14`), as `yyyy-mm-dd`; undefined when it is not a real day.
 */
export function parseDay(text: string): string | undefined {
  const value = text.trim()
  let y: number, m: number, d: number
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value)
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  else {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value)
    if (!match) return undefined
    ;[d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])]
  }
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined
  return date.toISOString().slice(0, 10)
}
