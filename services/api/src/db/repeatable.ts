import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { apiRoot } from '../paths.js'

/**
 * The repeatable step after the versioned migrations: the current source of every SQL function and
 * view, one file each under db/sql (`CREATE OR REPLACE`), applied in one transaction whenever the
 * files differ from what the database last received. Versioned migrations keep the tables; a
 * function or view is changed in its file, never in a new migration.
 */
export const sqlFolder = join(apiRoot, 'src/db/sql')

/** Applied in this order: functions first (views call them), then views; files by name in each. */
const parts = ['functions', 'views'] as const

export interface RepeatableSource {
  /** Paths relative to db/sql, in the order they are applied. */
  files: string[]
  /** Every file's text, in order. */
  text: string
  /** SHA-256 of the files' names and texts: what the database records after applying them. */
  checksum: string
}

export function repeatableSource(folder = sqlFolder): RepeatableSource {
  const files = parts.flatMap((part) =>
    readdirSync(join(folder, part))
      .filter((name) => name.endsWith('.sql'))
      .sort()
      .map((name) => `${part}/${name}`),
  )
  const texts = files.map((file) => readFileSync(join(folder, file), 'utf8'))
  const hash = createHash('sha256')
  files.forEach((file, i) => hash.update(`${file}\n${texts[i]}\n`))
  return { files, text: texts.join('\n'), checksum: hash.digest('hex') }
}

/** Runs SQL text (one or more statements, no parameters) on one connection; the last statement's rows. */
export type RunSql = (text: string) => Promise<Array<Record<string, unknown>>>

/** Where the checksum of the applied source is kept, beside drizzle's own journal of migrations. */
const stateTable = 'drizzle.__trajectoires_repeatable'

/**
 * Applies the SQL source if the database has not received this version of it yet; true when it
 * did. One transaction: a file that fails leaves every function as it was. Call it after the
 * versioned migrations, on a connection nothing else uses meanwhile (under the migration lock).
 */
export async function applyRepeatable(run: RunSql, source = repeatableSource()): Promise<boolean> {
  await run('BEGIN')
  try {
    await run(
      `CREATE TABLE IF NOT EXISTS ${stateTable} (id integer PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL)`,
    )
    const [state] = await run(`SELECT checksum FROM ${stateTable} WHERE id = 1`)
    if (state?.checksum === source.checksum) {
      await run('COMMIT')
      return false
    }
    // As pg_dump does: a function's body is checked when it runs, so files may come in any order.
    await run('SET LOCAL check_function_bodies = off')
    await run(source.text)
    await run(
      `INSERT INTO ${stateTable} (id, checksum, applied_at) VALUES (1, '${source.checksum}', now())
       ON CONFLICT (id) DO UPDATE SET checksum = excluded.checksum, applied_at = excluded.applied_at`,
    )
    await run('COMMIT')
    return true
  } catch (error) {
    await run('ROLLBACK').catch(() => {})
    throw error
  }
}
