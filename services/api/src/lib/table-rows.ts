import { count, eq, type SQL } from 'drizzle-orm'
import type { PgColumn, PgSelect, PgTable } from 'drizzle-orm/pg-core'
import type { Database, Executor } from '../db/client.js'
import { selectPage, type PageRequest, type SortSpec } from './pagination.js'

/**
 * How a repository reads its records (a `$dynamic()` select): the whole row (`wholeRows`), or the
 * row with the summaries of the records it points to, joined.
 */
type View<Q extends PgSelect> = (tx: Executor) => Q

/** A record as its view reads it. */
type ViewRow<Q extends PgSelect> = Awaited<Q>[number]

/**
 * The whole rows of `table`, as a view. (`from` is given T by hand: it checks its argument against
 * a conditional type, which a type parameter cannot meet.)
 */
export const wholeRows =
  <T extends PgTable>(table: T) =>
  (tx: Executor) =>
    tx
      .select()
      .from<T>(table as never)
      .$dynamic()

/** Reads the record whose `column` equals a value (its id, a unique name) through `view`; undefined when none. */
export function rowBy<Q extends PgSelect>(db: Database, view: View<Q>, column: PgColumn) {
  return async (value: string, tx: Executor = db): Promise<ViewRow<Q> | undefined> => {
    const [row] = await view(tx).where(eq(column, value))
    return row as ViewRow<Q> | undefined
  }
}

/**
 * A resource's `get` (one record by id) and `list` (a keyset page under the filter's sort, of the
 * records matching `where(filter)`), read through the same view (the whole row unless given), the
 * same way for every resource.
 */
export function tableRows<
  T extends PgTable & { id: PgColumn },
  F extends PageRequest & { sort: string },
  Q extends PgSelect = ReturnType<ReturnType<typeof wholeRows<T>>>,
>(
  db: Database,
  table: T,
  options: {
    sorts: Record<F['sort'], SortSpec>
    view?: View<Q>
    where: (filter: F) => Array<SQL | undefined>
  },
) {
  const { sorts, where } = options
  // Without a view, Q is its default: the type of the whole row's select.
  const view = options.view ?? (wholeRows(table) as unknown as View<Q>)
  return {
    async list(filter: F, tx: Executor = db): Promise<Array<ViewRow<Q>>> {
      const rows = await selectPage(view(tx), sorts[filter.sort as F['sort']], table.id, filter, where(filter))
      return rows as Array<ViewRow<Q>>
    },

    get: rowBy(db, view, table.id),
  }
}

/** How many rows of `table` match `where` (all of them without). */
export async function countRows(tx: Executor, table: PgTable, where?: SQL): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(table).where(where)
  return row?.n ?? 0
}

/** Counts the rows of `table` whose `column` equals a value (the records that point to a record). */
export function countBy(db: Database, table: PgTable, column: PgColumn) {
  return async (value: string, tx: Executor = db): Promise<number> => countRows(tx, table, eq(column, value))
}
