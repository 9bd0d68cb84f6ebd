import { and, asc, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { PgSelect } from 'drizzle-orm/pg-core'
import { Invalid } from './errors.js'

export interface SortSpec {
  column: AnyColumn
  /** SQL type the cursor value is cast to. */
  cast: 'text' | 'timestamptz' | 'date' | 'integer'
  /** Reads the sort value from a row, as stored in the cursor. */
  read: (row: never) => string | number
}

/** The sort on creation time that every list offers. */
export const createdAtSort = (column: AnyColumn) =>
  ({ column, cast: 'timestamptz', read: (r: { createdAt: Date }) => r.createdAt.toISOString() }) satisfies SortSpec

/** The sort on the accent-free name, so that « Éole » comes between « Alpha » and « Zèbre ». */
const searchKeySort = (column: AnyColumn) =>
  ({ column, cast: 'text', read: (r: { searchKey: string }) => r.searchKey }) satisfies SortSpec

/** The sort on a field whose value goes into the cursor as it is read: a text, or a `YYYY-MM-DD` date. */
export const fieldSort = <T extends Record<K, AnyColumn>, K extends string>(table: T, key: K, cast: 'text' | 'date') =>
  ({ column: table[key], cast, read: (r: Record<K, string>) => r[key] }) satisfies SortSpec

/** The sorts every named record offers: by its accent-free name, and by creation time. */
export const nameSorts = (table: { searchKey: AnyColumn; createdAt: AnyColumn }) => ({
  name: searchKeySort(table.searchKey),
  createdAt: createdAtSort(table.createdAt),
})

export interface Cursor {
  v: string | number
  id: string
  /** The `sort` the cursor was issued for: a page after it under another order is meaningless. */
  s?: string
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url')
}

/** 400: the `cursor` parameter is not one this API issued. */
export const notACursor = () =>
  Invalid([
    {
      in: 'query',
      field: '/cursor',
      code: 'cursor',
      message: 'is not a cursor this API issued; start again without it',
    },
  ])

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Reads a cursor; with `sort`, refuses one issued for another order (its position means nothing
 * there, and the page would silently skip or repeat rows).
 */
export function decodeCursor(raw: string | undefined, sort?: string): Cursor | undefined {
  if (raw === undefined) return undefined
  let value: Cursor | undefined
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor
  } catch {
    // fall through
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    (typeof value.v !== 'string' && typeof value.v !== 'number') ||
    typeof value.id !== 'string' ||
    !uuid.test(value.id)
  )
    throw notACursor()
  if (sort !== undefined && value.s !== sort) {
    throw Invalid([
      {
        in: 'query',
        field: '/cursor',
        code: 'cursor_sort',
        message: `was issued for another sort than ${JSON.stringify(sort)}; keep the sort while paging, or start again without a cursor`,
      },
    ])
  }
  return value
}

/**
 * Whether a cursor's sort value can be cast to its column's type: a hand-made cursor is refused
 * here (400) rather than by the database (which failed with a 500).
 */
function castable(value: string | number, cast: SortSpec['cast']): boolean {
  switch (cast) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2_147_483_647
    case 'date':
      return (
        typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
        new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
      )
    case 'timestamptz':
      return (
        typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
        !Number.isNaN(Date.parse(value))
      )
    case 'text':
      return typeof value === 'string' && !value.includes('\u0000')
  }
}

/**
 * Keyset pagination on (sort column, id): stable under inserts, and as fast on page 1,000 as on
 * page 1. Returns the WHERE fragment for the page after `cursor` and the ORDER BY.
 */
function keyset(
  spec: SortSpec,
  idColumn: AnyColumn,
  direction: 'asc' | 'desc',
  cursor: Cursor | undefined,
): { where: SQL | undefined; orderBy: SQL[] } {
  const order = direction === 'asc' ? asc : desc
  const orderBy = [order(spec.column), order(idColumn)]
  if (!cursor) return { where: undefined, orderBy }
  if (!castable(cursor.v, spec.cast)) throw notACursor()
  const value = sql`cast(${cursor.v} as ${sql.raw(spec.cast)})`
  const where =
    direction === 'asc'
      ? sql`(${spec.column}, ${idColumn}) > (${value}, cast(${cursor.id} as uuid))`
      : sql`(${spec.column}, ${idColumn}) < (${value}, cast(${cursor.id} as uuid))`
  return { where, orderBy }
}

/** What a repository's list takes besides its filters: the order, and which page of how many rows. */
export interface PageRequest {
  direction: 'asc' | 'desc'
  cursor?: Cursor | undefined
  limit: number
}

/**
 * One page of a list (a `$dynamic()` select): the rows matching `conditions` after the cursor, in
 * the sort's order, one more than the limit so that `toPage` knows whether another page follows.
 */
export function selectPage<Q extends PgSelect>(
  query: Q,
  spec: SortSpec,
  idColumn: AnyColumn,
  page: PageRequest,
  conditions: Array<SQL | undefined>,
): Q {
  const { where, orderBy } = keyset(spec, idColumn, page.direction, page.cursor)
  return query
    .where(and(...conditions, where))
    .orderBy(...orderBy)
    .limit(page.limit + 1)
}

/** Splits `-name` into (`name`, `desc`); `key` is the sort as written, which cursors carry. */
function parseSort<T extends string>(
  sort: string | undefined,
  fallback: T,
): { field: T; direction: 'asc' | 'desc'; key: string } {
  const s = sort ?? fallback
  return s.startsWith('-')
    ? { field: s.slice(1) as T, direction: 'desc', key: s }
    : { field: s as T, direction: 'asc', key: s }
}

/** Cuts the extra row fetched to learn whether another page exists, and makes its cursor. */
function toPage<R extends { id: string }, T>(
  rows: R[],
  limit: number,
  read: (row: R) => string | number,
  map: (row: R) => T,
  sort?: string,
): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit
  const pageRows = more ? rows.slice(0, limit) : rows
  const last = pageRows.at(-1)
  return {
    items: pageRows.map(map),
    nextCursor:
      more && last ? encodeCursor({ v: read(last), id: last.id, ...(sort === undefined ? {} : { s: sort }) }) : null,
  }
}

/** The paging part of a list's query string, as the contract has it. */
interface ListQuery {
  sort?: string | undefined
  cursor?: string | undefined
  limit?: number | undefined
}

/**
 * A page of a list, the same way for every resource: the query's sort (or `fallback`), its cursor
 * (refused when issued for another sort) and its limit (20 by default) go to `list`, which adds its
 * filters; the rows it returns are cut to the page and mapped to the contract.
 */
export async function listPage<Key extends string, R extends { id: string }, T>(
  query: ListQuery,
  specs: Record<Key, { read: (row: R) => string | number }>,
  fallback: string,
  list: (page: PageRequest & { sort: Key }) => Promise<R[]>,
  map: (row: R) => T,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const { field, direction, key } = parseSort(query.sort, fallback)
  const sort = field as Key
  const limit = query.limit ?? 20
  const rows = await list({ sort, direction, cursor: decodeCursor(query.cursor, key), limit })
  return toPage(rows, limit, specs[sort].read, map, key)
}
