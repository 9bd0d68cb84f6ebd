import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { freshDatabase } from '../../test/helpers.js'
import { rows, type DatabaseHandle } from './client.js'
import { insertRows, serverClientOf, type BulkColumn, type CopyValue } from './copy.js'

let database: DatabaseHandle
let drop: () => Promise<void>

beforeAll(async () => {
  ;({ database, drop } = await freshDatabase())
})
afterAll(() => drop())

describe('COPY inside a transaction', () => {
  it('reaches the connection of a transaction on the server, and none on PGlite', async () => {
    await database.db.transaction(async (tx) => {
      // Imports rely on it on the server: a drizzle upgrade that moves the client would fail here.
      expect(serverClientOf(tx) !== undefined).toBe(database.kind === 'postgres')
    })
  })

  it.runIf(process.env.TEST_DATABASE_URL)(
    'writes every kind of value, escapes included, and rolls back with its transaction',
    async () => {
      await database.db.execute(sql`create table copy_probe (t text, n int, b boolean, d date)`)
      // Multi-byte characters, and a value far longer than the buffer's first guess.
      const long = 'Châlons-en-Champagne, œuvre, 🚀 '.repeat(4000)
      const values = [
        ['tab\there', 1, true, '2024-02-29'],
        ['line\nbreak\r and \\ backslash', null, false, null],
        [null, -7, null, '1999-12-31'],
        [long, 5, true, '2000-01-01'],
      ] as const
      // Each row as an array of its values, column by column (the type serves only PGlite's INSERT).
      const columns = (names: string[]): BulkColumn<readonly CopyValue[]>[] =>
        names.map((name, i) => ({ name, type: 'text', value: (row) => row[i]! }))
      await database.db.transaction(async (tx) => {
        await insertRows(tx, 'copy_probe', columns(['t', 'n', 'b', 'd']), values)
      })
      const read = rows<{ t: string | null; n: number | null; b: boolean | null; d: string | null }>(
        await database.db.execute(sql`select t, n, b, d::text as d from copy_probe order by n nulls first`),
      )
      expect(read).toEqual([
        { t: 'line\nbreak\r and \\ backslash', n: null, b: false, d: null },
        { t: null, n: -7, b: null, d: '1999-12-31' },
        { t: 'tab\there', n: 1, b: true, d: '2024-02-29' },
        { t: long, n: 5, b: true, d: '2000-01-01' },
      ])

      await expect(
        database.db.transaction(async (tx) => {
          await insertRows(tx, 'copy_probe', columns(['t', 'n']), [['kept?', 2]])
          throw new Error('roll back')
        }),
      ).rejects.toThrow('roll back')
      await expect(
        database.db.transaction(async (tx) => {
          await insertRows(tx, 'copy_probe', columns(['t', 'n']), [['not a number', 'x']])
        }),
      ).rejects.toThrow(/invalid input syntax for type integer/)
      const count = rows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from copy_probe`))
      expect(count[0]!.n).toBe(4)
    },
  )
})
