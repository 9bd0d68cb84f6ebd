import { once } from 'node:events'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { sql } from 'drizzle-orm'
import type { Transaction } from './client.js'

export type CopyValue = string | number | boolean | null

/**
 * The node-postgres client under a transaction on the PostgreSQL server, for `COPY`; undefined on
 * PGlite (or if drizzle ever stops keeping it where it does today: callers then use an INSERT).
 */
export function serverClientOf(tx: Transaction): pg.ClientBase | undefined {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client
  return client instanceof pg.Client ? client : undefined
}

/** One value in COPY's text format: `\N` for null, backslash escapes for the separators. */
function copyText(value: CopyValue): string {
  if (value === null) return '\\N'
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (typeof value === 'number') return String(value)
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value
}

/**
 * The rows in COPY's text format, written straight into a buffer (outside the JS heap, and without
 * a string or an array per row): `value(row, i)` gives the value of column `i`.
 */
function copyLines<R>(rows: readonly R[], width: number, value: (row: R, i: number) => CopyValue): Buffer {
  let buffer = Buffer.allocUnsafe(rows.length * width * 16 + 1024)
  let at = 0
  for (const row of rows) {
    for (let i = 0; i < width; i++) {
      const text = copyText(value(row, i))
      // At most 3 bytes of UTF-8 per UTF-16 unit, plus the separator before and the newline after.
      const needed = at + text.length * 3 + 2
      if (needed > buffer.length) {
        const larger = Buffer.allocUnsafe(Math.max(buffer.length * 2, needed))
        buffer.copy(larger, 0, 0, at)
        buffer = larger
      }
      if (i > 0) buffer[at++] = 0x09
      at += buffer.write(text, at)
    }
    buffer[at++] = 0x0a
  }
  return buffer.subarray(0, at)
}

/**
 * Writes rows with `COPY … FROM STDIN` on the transaction's own connection: PostgreSQL's fastest
 * path for many rows, with the table's checks, constraints and triggers applied as for an INSERT.
 * `onSent` is called once the socket has taken all the data (or the write has failed).
 */
async function copyIn(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  data: Buffer,
  onSent?: () => void,
) {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`))
  const done = once(stream, 'finish')
  // The stream holds the data until the connection reaches this COPY in its queue; its callback
  // comes once the socket has taken the data in.
  stream.write(data, () => onSent?.())
  stream.end()
  await done
}

/** One column of a bulk write: its name, its PostgreSQL type, and how a row gives its value. */
export interface BulkColumn<R> {
  name: string
  type: string
  value: (row: R) => CopyValue
}

/**
 * Writes many rows in one statement: `COPY` on the PostgreSQL server, a multi-row `INSERT` (`unnest`
 * of one array per column) on PGlite. `table` and the columns are written by this code, never input.
 * `onSent` is called once the rows have left this process (a COPY's data is all with the socket),
 * before the database has finished with them.
 */
export async function insertRows<R>(
  tx: Transaction,
  table: string,
  columns: readonly BulkColumn<R>[],
  rows: readonly R[],
  onSent?: () => void,
): Promise<void> {
  if (rows.length === 0) {
    onSent?.()
    return
  }
  const names = columns.map((c) => c.name)
  const server = serverClientOf(tx)
  if (server) {
    const data = copyLines(rows, columns.length, (row, i) => columns[i]!.value(row))
    await copyIn(server, table, names, data, onSent)
    return
  }
  const arrays = columns.map((c) => sql`${sql.param(rows.map(c.value))}::${sql.raw(c.type)}[]`)
  // PGlite runs the statement in this process: there is nothing to hand over first.
  onSent?.()
  await tx.execute(
    sql`insert into ${sql.raw(table)} (${sql.raw(names.join(', '))}) select * from unnest(${sql.join(arrays, sql`, `)})`,
  )
}
