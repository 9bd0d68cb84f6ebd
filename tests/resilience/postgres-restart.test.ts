/**
 * PostgreSQL goes down and comes back under load: requests during the outage get 503 problem+json
 * (`database_unavailable`, with Retry-After) and never a 500, /readyz turns red, the same API
 * process recovers by itself, and every acknowledged write is in the database afterwards.
 */
import { describe, expect, it } from 'vitest'
import { loginHeaders, type RunningApi } from '../e2e/support/server.js'
import type { ThrowawayPostgres } from './support/postgres.js'
import { loadTrackPrefix, startLoad, until } from './support/load.js'
import { apiOnThrowawayPostgres } from './support/env.js'

let postgres: ThrowawayPostgres
let api: RunningApi

apiOnThrowawayPostgres(
  (both) => ({ postgres, api } = both),
  () => api,
)

const readiness = async () => {
  const response = await fetch(`${api.url}/readyz`)
  return {
    status: response.status,
    body: (await response.json()) as { status: string; checks: Record<string, string> },
  }
}

describe('a PostgreSQL restart under load', () => {
  it('answers 503 problem+json meanwhile, turns /readyz red, recovers alone and loses no acknowledged write', async () => {
    const headers = await loginHeaders(api.url)
    const load = startLoad(api.url, headers, 4, 'restart')
    let outage: Awaited<ReturnType<typeof readiness>> | undefined
    try {
      await until('some writes acknowledged before the outage', () => load.count() >= 20)

      await postgres.stop('fast')
      const answersBefore = load.answers.length
      await until('a request answered during the outage', () =>
        load.answers.slice(answersBefore).some((a) => a.status === 503),
      )
      outage = await readiness()
      await postgres.start()

      await until('/readyz green again', async () => (await readiness()).status === 200)
      const afterRecovery = load.count()
      await until('writes acknowledged after the recovery', () => load.count() >= afterRecovery + 20)
    } catch (err) {
      throw new Error(`${String(err)}\nanswers: ${JSON.stringify(load.summary())}\n${api.output().slice(-3000)}`, {
        cause: err,
      })
    } finally {
      await load.stop()
    }

    // Readiness was red while the server was down, and says why.
    expect(outage).toEqual({
      status: 503,
      body: expect.objectContaining({
        status: 'not_ready',
        checks: expect.objectContaining({ database: 'unreachable' }),
      }),
    })

    // Every answer was a success or a 503 problem: no 500, no dropped connection.
    const statuses = new Set(load.answers.map((a) => a.status))
    expect([...statuses].filter((s) => ![200, 201, 503].includes(s))).toEqual([])
    const unavailable = load.answers.filter((a) => a.status === 503)
    expect(unavailable.length).toBeGreaterThan(0)
    for (const answer of unavailable) {
      expect(answer).toMatchObject({
        contentType: 'application/problem+json; charset=utf-8',
        code: 'database_unavailable',
      })
      expect(Number(answer.retryAfter)).toBeGreaterThan(0)
    }

    // The same process served before, during and after: it was never restarted.
    expect(await Promise.race([api.exited.then(() => 'exited'), Promise.resolve('running')])).toBe('running')

    // No acknowledged write is lost. Writes whose answer was a 503 may or may not have committed
    // (the server can go down between COMMIT and the answer), so the table holds at least these.
    const stored = await postgres.query<{ id: string }>('select id from tracks where name like $1', [
      `${loadTrackPrefix}%`,
    ])
    const storedIds = new Set(stored.map((r) => r.id))
    const lost = load.acknowledged.filter((id) => !storedIds.has(id))
    expect(lost).toEqual([])
    expect(stored.length).toBeGreaterThanOrEqual(load.acknowledged.length)
  })
})
