import { sql } from 'drizzle-orm'
import { rows, type Database } from '../../db/client.js'

export interface StatsDrainer {
  /** Starts refreshing what bulk imports left pending, in the background (one drain at a time). */
  soon(): void
  /** Refreshes what is pending now, if anything: called before computing from the facts or cubes. */
  ensure(): Promise<void>
  /**
   * Whether the facts and cubes hold every write committed so far: when imports left a refresh
   * pending, starts the drain in the background (or asks the running one for another pass) and waits
   * for it up to `waitMs`; false when it is still running then (or failed).
   */
  settle(waitMs: number): Promise<boolean>
  /** Resolves when no background drain is running. */
  idle(): Promise<void>
}

/**
 * Bulk imports leave the statistics refresh of their enrolments until after their commit
 * (migration 0008, `stats_pending` and `stats_drain()`). This drains it: right after such an import,
 * in the background, and before any statistics computation that reads the facts or cubes, so that
 * no answer misses a committed write. `stats_drain()` holds an advisory lock to the end of its
 * statement, so a drain from another instance or a concurrent `ensure()` waits for the running one
 * and then finds nothing left, rather than skipping enrolments still being refreshed.
 */
export function createStatsDrainer(
  db: Database,
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void },
): StatsDrainer {
  let running: Promise<boolean> | undefined
  let again = false

  async function drain(): Promise<number> {
    const started = performance.now()
    const [row] = rows<{ drained: number }>(await db.execute(sql`select stats_drain() as drained`))
    const drained = Number(row?.drained ?? 0)
    if (drained > 0) {
      log.info(
        { enrolments: drained, ms: Math.round(performance.now() - started) },
        'statistics refreshed after import',
      )
    }
    return drained
  }

  /** Drains until no pass was asked for meanwhile; false when a pass failed. */
  async function loop(): Promise<boolean> {
    do {
      again = false
      try {
        await drain()
      } catch (err) {
        // Left pending: the next statistics request or import drains it.
        log.warn({ err }, 'statistics refresh after import failed; it will be retried')
        return false
      }
    } while (again)
    return true
  }

  async function pending(): Promise<boolean> {
    const [row] = rows<{ pending: boolean }>(
      await db.execute(sql`select exists (select 1 from stats_pending) as pending`),
    )
    return row?.pending === true
  }

  /** Starts a background drain, or asks the running one for another pass; resolves when it ends. */
  function soon(): Promise<boolean> {
    if (running) {
      again = true
      return running
    }
    const started = loop().finally(() => {
      if (running === started) running = undefined
    })
    running = started
    return started
  }

  return {
    soon() {
      void soon()
    },
    async ensure() {
      if (await pending()) await drain()
    },
    async settle(waitMs) {
      // A drain under way may have started before the caller's writes committed: one more pass then.
      if (!running && !(await pending())) return true
      const done = soon()
      if (waitMs === Number.POSITIVE_INFINITY) return done
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), waitMs)
      })
      return Promise.race([done, late]).finally(() => clearTimeout(timer))
    },
    async idle() {
      while (running) await running
    },
  }
}
