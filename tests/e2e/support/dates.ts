/** Dates relative to today, for records whose follow-up must be due (or not) when the test runs. */

/** The ISO day (`YYYY-MM-DD`) of a date, in UTC. */
export const day = (date: Date) => date.toISOString().slice(0, 10)

/** An ISO day written the French way (`DD/MM/YYYY`), as the CSV imports take it. */
export const french = (iso: string) => iso.split('-').reverse().join('/')

/** The ISO day `months` months and `days` days before today (a day of month no later than the 28th). */
export function monthsAgo(months: number, days = 0): string {
  const date = new Date()
  date.setUTCDate(1) // no month-end overflow; the day is set below
  date.setUTCMonth(date.getUTCMonth() - months)
  date.setUTCDate(Math.min(new Date().getUTCDate(), 28) - days)
  return day(date)
}
