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
 * Writes rows with `COPY … FROM STDIN` on the transaction's own connection: PostgreSQL's fastest
 * path for many rows, with the table's checks, constraints and triggers applied as for an INSERT.
 * `table` and `columns` are identifiers written by this code, never user input.
 */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly CopyValue[])[],
): Promise<void> {
  if (rows.length === 0) return
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`))
  const done = once(stream, 'finish')
  let text = ''
  for (const row of rows) text += row.map(copyText).join('\t') + '\n'
  // The stream holds the text until the connection reaches this COPY in its queue.
  stream.end(text)
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
 */
export async function insertRows<R>(
  tx: Transaction,
  table: string,
  columns: readonly BulkColumn<R>[],
  rows: readonly R[],
): Promise<void> {
  if (rows.length === 0) return
  const names = columns.map((c) => c.name)
  const server = serverClientOf(tx)
  if (server) {
    await copyRows(
      server,
      table,
      names,
      rows.map((r) => columns.map((c) => c.value(r))),
    )
    return
  }
  const arrays = columns.map((c) => sql`${sql.param(rows.map(c.value))}::${sql.raw(c.type)}[]`)
  await tx.execute(
    sql`insert into ${sql.raw(table)} (${sql.raw(names.join(', '))}) select * from unnest(${sql.join(arrays, sql`, `)})`,
  )
}
