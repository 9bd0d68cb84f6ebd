/**
 * The API process is killed (SIGKILL) in the middle of a 100,000-row import: afterwards nothing of
 * the import is in the database, and the same request with the same Idempotency-Key then succeeds,
 * once (a second send replays the stored report and writes nothing).
 *
 * "In the middle" is made certain: the file is streamed up to 60% and the kill waits until the
 * import's transaction has written rows (its backend holds a transaction id), with the rest of the
 * file not yet sent.
 */
import { request, type ClientRequest } from 'node:http'
import { beforeAll, describe, expect, it } from 'vitest'
import { loginHeaders, type RunningApi } from '../e2e/support/server.js'
import type { ThrowawayPostgres } from './support/postgres.js'
import { until } from './support/load.js'
import { apiOnThrowawayPostgres, startResilienceApi } from './support/env.js'

const rowsWanted = 100_000
let postgres: ThrowawayPostgres
let api: RunningApi
let csv: string

/** 50,000 exited enrolments at the Lyon campus, written in SQL; the file observes each twice (exit, +6 months). */
async function prepare(): Promise<string> {
  const enrolmentCount = rowsWanted / 2
  const [lyon] = await postgres.query<{ id: string }>(`select id from campuses where commune = 'Lyon'`)
  const [track] = await postgres.query<{ id: string }>(
    `insert into tracks (name, search_key, hours, components) values ('Kill', 'kill', 250, '{technical_platform}') returning id`,
  )
  await postgres.query(
    `insert into cohorts (campus_id, track_id, name, search_key, start_date, end_date, planned_seats, status)
     select $1, $2, 'KILL-' || g, 'kill-' || g, d, d + 88, 14, 'completed'
     from generate_series(1, $3::int) g, lateral (select date '2019-01-07' + ((g * 7) % 1800) as d) s`,
    [lyon!.id, track!.id, Math.ceil(enrolmentCount / 14)],
  )
  await postgres.query(
    `insert into learners (campus_id, reference, birth_year, sex, diploma_at_entry, referrer)
     select $1, 'K-' || lpad(g::text, 6, '0'), 2000, 'male', 'none', 'mission_locale' from generate_series(1, $2::int) g`,
    [lyon!.id, enrolmentCount],
  )
  await postgres.query(
    `insert into enrolments (learner_id, cohort_id, stage, applied_on, stage_changed_on, integration_confirmed_on, exit_date, exit_reason)
     select l.id, k.id, 'completed', k.start_date - 20, k.end_date, k.start_date + 14, k.end_date, 'completed'
     from learners l join cohorts k on k.name = 'KILL-' || ((substr(l.reference, 3)::int - 1) / 14 + 1)
     where l.reference like 'K-%'`,
  )
  const rows = await postgres.query<{ cohort: string; reference: string; exit: string }>(
    `select k.name as cohort, l.reference, to_char(e.exit_date + 5, 'DD/MM/YYYY') as exit,
            to_char(e.exit_date + 183, 'DD/MM/YYYY') as m6
     from enrolments e join learners l on l.id = e.learner_id join cohorts k on k.id = e.cohort_id
     where l.reference like 'K-%' order by l.reference`,
  )
  const lines = [
    'Campus;Cohort;Learner reference;Checkpoint;Observed on;Situation;Contract type;Contract months;Source',
  ]
  for (const r of rows as Array<{ cohort: string; reference: string; exit: string; m6: string }>) {
    lines.push(`Plombiers du numérique Lyon;${r.cohort};${r.reference};exit;${r.exit};job_seeking;;;self_declared`)
    lines.push(`Plombiers du numérique Lyon;${r.cohort};${r.reference};m6;${r.m6};employed;cdd;6;self_declared`)
  }
  return `${lines.join('\n')}\n`
}

apiOnThrowawayPostgres(
  (both) => ({ postgres, api } = both),
  () => api,
)
beforeAll(async () => {
  csv = await prepare()
})

/** Starts the import and streams `upTo` bytes of the file; the rest is sent with `req.end(rest)`. */
function startImport(url: string, headers: Record<string, string>, key: string, upTo: number) {
  let req!: ClientRequest
  const answer = new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    req = request(
      `${url}/api/v1/imports/outcomes`,
      {
        method: 'POST',
        agent: false,
        headers: {
          ...headers,
          'content-type': 'text/csv',
          'content-length': Buffer.byteLength(csv),
          'idempotency-key': key,
        },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
  })
  const bytes = Buffer.from(csv)
  req.write(bytes.subarray(0, upTo))
  return { req, rest: bytes.subarray(upTo), answer }
}

const observations = async () =>
  (await postgres.query<{ n: number }>('select count(*)::int as n from outcome_observations'))[0]!.n

describe('SIGKILL in the middle of a 100,000-row import', () => {
  it('leaves no trace of it, and the same request with the same Idempotency-Key then succeeds once', async () => {
    expect(csv.split('\n').length - 2).toBe(rowsWanted)
    const before = await observations()
    const key = 'kill-test-import-1'

    const first = startImport(api.url, await loginHeaders(api.url), key, Math.floor(Buffer.byteLength(csv) * 0.6))
    first.answer.catch(() => {}) // the connection dies with the process
    // The import's transaction has written batches (COPY on the server): its backend holds a transaction id.
    await until(
      'the import writing rows',
      async () =>
        (
          await postgres.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
             where datname = 'trajectoires' and backend_xid is not null
             and query ~* '(insert into|copy) "?outcome_observations'`,
          )
        )[0]!.n > 0,
      60_000,
    ).catch(async (err: unknown) => {
      first.req.end(first.rest)
      const answer = await first.answer.catch((e: unknown) => ({ body: String(e) }))
      const activity = await postgres.query(`select state, backend_xid, left(query, 200) as q from pg_stat_activity`)
      throw new Error(`${String(err)}\n${JSON.stringify(activity)}\n${answer.body.slice(0, 1500)}`, { cause: err })
    })
    process.kill(api.pid, 'SIGKILL')
    expect(await api.exited).toEqual({ code: null, signal: 'SIGKILL' })
    first.req.destroy()

    // PostgreSQL sees the connection drop and rolls the transaction back.
    await until(
      'the killed import’s transaction gone',
      async () =>
        (
          await postgres.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity where datname = 'trajectoires' and pid <> pg_backend_pid()`,
          )
        )[0]!.n === 0,
    )
    expect(await observations()).toBe(before)
    expect(await postgres.query('select key from idempotency_keys where key = $1', [key])).toEqual([])
    const audit = await postgres.query("select id from audit_events where action = 'import'")
    expect(audit).toEqual([])

    // A new process on the same database; the same request with the same key runs it for real.
    api = await startResilienceApi({ databaseUrl: postgres.url })
    const headers = await loginHeaders(api.url)
    const retry = startImport(api.url, headers, key, 0)
    retry.req.end(retry.rest)
    const done = await retry.answer
    expect(done.status, done.body.slice(0, 500)).toBe(200)
    expect(JSON.parse(done.body)).toMatchObject({
      committed: true,
      rows: rowsWanted,
      written: { observations: rowsWanted },
    })
    expect(done.headers['idempotent-replayed']).toBeUndefined()
    expect(await observations()).toBe(before + rowsWanted)

    // Once: sent again, it is replayed from the stored report and writes nothing.
    const again = startImport(api.url, headers, key, 0)
    again.req.end(again.rest)
    const replay = await again.answer
    expect(replay.status).toBe(200)
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect(JSON.parse(replay.body)).toEqual(JSON.parse(done.body))
    expect(await observations()).toBe(before + rowsWanted)
  })
})
