/**
 * `pnpm bench:stats`, part `import`: what statistics readers meet right after a 100,000-row import
 * on the data set of `pnpm bench:data` (issue 21: "the first statistics request after a 100k import
 * < 200 ms", on 1,000,000 enrolments).
 *
 * The import writes, and observations are append-only, so it runs on a copy of the data set
 * (`CREATE DATABASE … TEMPLATE`, dropped at the end) with an API of its own. Network staff ask the
 * network's six-month rate, the public the same total; both are answered once (the public's first
 * release is waited for). Then 100,000 six-month observations of as many exited enrolments, spread
 * over every campus, go through `POST /imports/outcomes` as a campus sends them (`;`, BOM,
 * `dd/mm/yyyy`, campus and cohort names, learner references): each a job on an open-ended contract
 * on its due date, which the six-month checkpoint then resolves to. Right after the answer: staff's
 * first request (it must not wait for the refresh the import left: its latency, and whether it says
 * `Stats-Updating`), the public's first request, then polling every 50 ms until staff's answer
 * includes the rows (no longer `Stats-Updating`, more placed) and the public's comes from a release
 * of the import's data version.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import {
  backendPids,
  copyDatabase,
  copyObservations,
  cpuOf,
  cpuSpent,
  dropDatabase,
  fmt,
  freePort,
  login,
  postFile,
  releaseVersion,
  socketUrl,
  startApiServer,
  waitFor200,
  type Child,
} from './support.js'

export interface ImportPartResult {
  rows: number
  /** Until the import's answer, ms. */
  answerMs: number
  /** CPU time until the answer, ms: the API process, and the database's backends. */
  apiCpuMs: number
  backendsCpuMs: number
  /** Staff's first statistics request after the answer: its latency, and whether it said `Stats-Updating`. */
  firstStaffMs: number
  firstStaffUpdating: boolean
  /** The public's first request after the answer (the last release). */
  firstPublicMs: number
  /** From the import's start until staff's answer includes the rows, ms. */
  includedMs: number
  /** From the import's start until the public's answer comes from a release of the import's data version, ms. */
  publicFreshMs: number
  placedBefore: number
  placedAfter: number
  /** PostgreSQL's `COPY` of the same rows alone (refresh deferred), on a fresh copy, ms; and the import's answer as a share of it. */
  copyAloneMs: number
  answerToCopy: number
}

const copyName = 'trajectoires_bench_stats_import'
const give = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(text, values)).rows
  } finally {
    await client.end()
  }
}

/**
 * The campus spreadsheet: six-month observations of `rows` exited enrolments, all campuses mixed;
 * and the same rows for `COPY`.
 */
async function writeFiles(url: string, rows: number, file: string, copyFile: string): Promise<number> {
  const lines = await query<{ id: string; campus: string; cohort: string; reference: string; due: string }>(
    url,
    `select f.enrolment_id as id, c.name as campus, k.name as cohort, l.reference,
       to_char((f.exit_date + interval '6 months')::date, 'DD/MM/YYYY') as due
     from stats_facts f
     join enrolments e on e.id = f.enrolment_id
     join learners l on l.id = e.learner_id
     join cohorts k on k.id = f.cohort_id
     join campuses c on c.id = f.campus_id
     where f.exit_date + interval '6 months' <= current_date
     order by md5(f.enrolment_id::text)
     limit $1`,
    [rows],
  )
  const csv = [
    'Campus;Cohort;Learner reference;Checkpoint;Observed on;Situation;Contract type;Contract months;In fibre sector;Source',
    ...lines.map((r) => `${r.campus};${r.cohort};${r.reference};m6;${r.due};employed;cdi;;oui;self_declared`),
  ]
  writeFileSync(file, `\uFEFF${csv.join('\r\n')}\r\n`)
  // The same rows with their ids resolved, for PostgreSQL's own COPY.
  const iso = (french: string) => `${french.slice(6)}-${french.slice(3, 5)}-${french.slice(0, 2)}`
  writeFileSync(copyFile, lines.map((r) => `${r.id},m6,${iso(r.due)},employed,cdi,,true,self_declared,user\n`).join(''))
  return lines.length
}

async function getJson(url: string, headers: Record<string, string> = {}) {
  const t0 = performance.now()
  const res = await fetch(url, { headers })
  const text = await res.text()
  const ms = performance.now() - t0
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${text.slice(0, 300)}`)
  return { ms, body: JSON.parse(text), updating: res.headers.get('stats-updating') === 'true' }
}

/**
 * Runs the part on a copy of `databaseUrl` (nothing may be connected to it meanwhile: the caller
 * stops its servers first). `admin` must be able to log in on that database.
 */
export async function importPart(options: {
  databaseUrl: string
  rows: number
  admin: { email: string; password: string }
  cpus: string | undefined
}): Promise<ImportPartResult> {
  const dir = mkdtempSync(join(tmpdir(), 'trajectoires-bench-stats-import-'))
  const copyUrl = socketUrl(copyName)
  let api: Child | undefined
  try {
    const copyStarted = performance.now()
    await copyDatabase(options.databaseUrl, copyName)
    const file = join(dir, 'outcomes.csv')
    const copyFile = join(dir, 'outcomes.copy.csv')
    const rows = await writeFiles(copyUrl, options.rows, file, copyFile)
    console.log(
      `  a copy of the data set in ${fmt((performance.now() - copyStarted) / 1000, 1)} s; ${rows.toLocaleString('en-US')} ` +
        'six-month observations of as many exited enrolments, every campus',
    )

    const port = await freePort()
    api = startApiServer({
      name: 'API (copy)',
      databaseUrl: copyUrl,
      port,
      cpus: options.cpus,
      env: { SEED_ON_EMPTY: 'false', RATE_LIMIT_ENABLED: 'false' },
    })
    const origin = `http://127.0.0.1:${port}`
    await waitFor200(`${origin}/readyz`, api, 180_000)
    const staff = await login(origin, options.admin)
    const url = `${origin}/api/v1/stats/placement`
    // Both questions asked before, as the dashboard and the public site would have: the public's
    // first answer waits for the first release.
    await waitFor200(url, api, 600_000)
    const before = await getJson(url, { cookie: staff.cookie })
    const placedBefore = Number(before.body.total.numerator)

    const backendsBefore = cpuOf(await backendPids(copyUrl))
    const apiBefore = cpuOf([api.process.pid!])
    const started = performance.now()
    const res = await postFile(`${origin}/api/v1/imports/outcomes`, file, staff)
    const answerMs = performance.now() - started
    const apiCpuMs = cpuSpent(apiBefore, cpuOf([api.process.pid!])) / 1000
    // Backends the import opened count in full (the pool grows during it); this query's own does not.
    const backendsCpuMs = cpuSpent(backendsBefore, cpuOf(await backendPids(copyUrl))) / 1000
    if (res.status !== 200) throw new Error(`import answered ${res.status}: ${res.body.slice(0, 2000)}`)
    const written = (JSON.parse(res.body) as { written: { observations: number } }).written.observations
    if (written !== rows) throw new Error(`the import wrote ${written} of ${rows} rows: ${res.body.slice(0, 2000)}`)
    const [{ version }] = (await query<{ version: string }>(
      copyUrl,
      'select version from data_version where id = 1',
    )) as [{ version: string }]

    const firstStaff = await getJson(url, { cookie: staff.cookie })
    const firstPublic = await getJson(url)
    let includedMs: number | undefined
    let publicFreshMs: number | undefined
    let placedAfter = placedBefore
    if (!firstStaff.updating) {
      includedMs = performance.now() - started
      placedAfter = Number(firstStaff.body.total.numerator)
    }
    if (releaseVersion(firstPublic.body) >= Number(version)) publicFreshMs = performance.now() - started
    while (includedMs === undefined || publicFreshMs === undefined) {
      if (performance.now() - started > 900_000)
        throw new Error('the import was not in the statistics after 15 minutes')
      await give(50)
      if (includedMs === undefined) {
        const m = await getJson(url, { cookie: staff.cookie })
        if (!m.updating) {
          includedMs = performance.now() - started
          placedAfter = Number(m.body.total.numerator)
        }
      }
      if (publicFreshMs === undefined && releaseVersion((await getJson(url)).body) >= Number(version))
        publicFreshMs = performance.now() - started
    }
    if (!(placedAfter > placedBefore))
      throw new Error(`staff's answer says it is up to date but counts ${placedAfter} placed, as before the import`)
    await api.stop()
    api = undefined
    await copyDatabase(options.databaseUrl, copyName)
    const copyAloneMs = copyObservations(copyUrl, copyFile)
    const result: ImportPartResult = {
      rows,
      answerMs,
      apiCpuMs,
      backendsCpuMs,
      firstStaffMs: firstStaff.ms,
      firstStaffUpdating: firstStaff.updating,
      firstPublicMs: firstPublic.ms,
      includedMs,
      publicFreshMs,
      placedBefore,
      placedAfter,
      copyAloneMs,
      answerToCopy: copyAloneMs / answerMs,
    }
    console.log(
      `  import answered after ${fmt(answerMs / 1000, 2)} s (${fmt(rows / (answerMs / 1000), 0)} rows/s; ` +
        `CPU until then: API ${fmt(apiCpuMs, 0)} ms, its database's backends ${fmt(backendsCpuMs, 0)} ms)\n` +
        `  first statistics request after it, network staff: ${fmt(firstStaff.ms, 1)} ms` +
        ` (${firstStaff.updating ? 'the last answer, Stats-Updating: true' : 'already up to date'}); public: ${fmt(firstPublic.ms, 1)} ms\n` +
        `  staff's answer includes the rows after ${fmt(includedMs / 1000, 1)} s (placed at six months ${placedBefore.toLocaleString('en-US')} → ${placedAfter.toLocaleString('en-US')}); ` +
        `the public's after ${fmt(publicFreshMs / 1000, 1)} s (its new release)\n` +
        `  PostgreSQL COPY of the same rows alone (refresh deferred), on a fresh copy: ${fmt(copyAloneMs / 1000, 2)} s; ` +
        `the import's answer at ${fmt((100 * copyAloneMs) / answerMs, 0)} % of it`,
    )
    return result
  } catch (err) {
    if (api) console.error(api.output())
    throw err
  } finally {
    await api?.stop()
    await dropDatabase(copyName).catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}
