import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ImportRejectedError, createClient, paginate, type TrajectoiresClient } from '@trajectoires/client'
import type { ImportReport, PlacementResult } from '@trajectoires/contract'
import { enrolmentsCsv, generatedCohortDates, outcomesCsv, type GeneratedCohort } from './support/import-files'
import { runCommand, type CommandRun } from './support/commands'
import { buildCli } from './support/packages'
import { loginHeaders, repoRoot, type RunningApi } from './support/server'
import { apiTargets } from './support/targets'

const bin = join(repoRoot, 'packages/cli/bin/trajectoires.js')

/** Runs `trajectoires …` as a user would, stderr not a terminal. */
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CommandRun> {
  return runCommand(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      npm_lifecycle_event: undefined,
      TRAJECTOIRES_API_URL: undefined,
      TRAJECTOIRES_API_KEY: undefined,
      ...env,
    },
  })
}

/** The report without the server's timing and the import's id, which differ between two runs of a file. */
const untimed = ({ durationMs, importId: _, ...report }: ImportReport) => {
  expect(durationMs).toEqual(expect.any(Number))
  return report
}

/** The total row of `stats placement --format table`, split on runs of two spaces or more. */
function tableRow(stdout: string, label: string): string[] {
  const line = stdout.split('\n').find((l) => l.startsWith(`${label}  `))
  if (!line) throw new Error(`no ${label} row in:\n${stdout}`)
  return line.split(/\s{2,}/)
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)} %`)

describe.each(apiTargets())(
  'trajectoires CLI against the real API on $database',
  ({ start }) => {
    let api: RunningApi
    let admin: TrajectoiresClient
    let env: Record<string, string>
    let work: string
    let lyon: { id: string; name: string }

    beforeAll(async () => {
      // The bin runs the build when it is up to date: the JavaScript a partner installs, not tsx.
      buildCli()
      // A shared machine can be slow to start the API (seed, password hash): wait longer than usual.
      api = await start({
        timeoutMs: 240_000,
        // `export` reads every exited enrolment's observations: more requests than the default limit allows a minute.
        env: { RATE_LIMIT_AUTHENTICATED_MAX: '100000' },
      })
      admin = createClient({ baseUrl: api.url, headers: await loginHeaders(api.url) })
      const key = await admin.createApiKey({
        name: 'CLI e2e',
        scopes: ['records:read', 'stats:read', 'enrolments:write', 'outcomes:write'],
        networkWide: true,
      })
      env = { TRAJECTOIRES_API_URL: api.url, TRAJECTOIRES_API_KEY: key.data.key }
      work = mkdtempSync(join(tmpdir(), 'trajectoires-cli-'))
      lyon = (await admin.listCampuses({ q: 'lyon' })).items[0]!
    }, 300_000)

    afterAll(async () => {
      await api?.stop()
      if (work) rmSync(work, { recursive: true, force: true })
    })

    /** A new cohort at Lyon for generated spreadsheets. */
    async function newCohort(): Promise<GeneratedCohort & { cohortId: string }> {
      const track = (await admin.listTracks({ limit: 1 })).items[0]!
      const name = `CLI ${randomUUID().slice(0, 8)}`
      const cohort = await admin.createCohort({
        campusId: lyon.id,
        trackId: track.id,
        name,
        ...generatedCohortDates,
        plannedSeats: 1000,
      })
      return { campus: lyon.name, cohort: name, prefix: `C${randomUUID().slice(0, 6)}`, cohortId: cohort.data.id }
    }

    it('prints --help for every command and refuses unknown options with exit code 2', async () => {
      for (const args of [
        [],
        ['stats'],
        ['stats', 'placement'],
        ['import'],
        ['import', 'outcomes'],
        ['export'],
        ['open-data'],
      ]) {
        const run = await cli([...args, '--help'])
        expect(run.code, args.join(' ')).toBe(0)
        expect(run.stdout).toMatch(/^Usage: trajectoires/)
      }
      const help = await cli(['stats', 'placement', '--help'])
      for (const flag of [
        '--metric',
        '--basis',
        '--checkpoint',
        '--campus',
        '--cohort',
        '--exit-year',
        '--exit-from',
        '--exit-to',
        '--as-of',
        '--group-by',
        '--format',
      ])
        expect(help.stdout).toContain(flag)
      const bad = await cli(['stats', 'placement', '--format', 'xml'], env)
      expect(bad.code).toBe(2)
      expect(bad.stderr).toMatch(/--format.*xml|xml.*--format/s)
    })

    it('prints the placement rate as JSON, CSV and a table, with the same values as the API', async () => {
      // The CLI's key reads the public release, as anyone without a staff account does.
      const expected = await createClient({ baseUrl: api.url }).getPlacement({ exitYear: 2019, groupBy: 'campus' })

      const json = await cli(
        ['stats', 'placement', '--exit-year', '2019', '--group-by', 'campus', '--format', 'json'],
        env,
      )
      expect(json.code).toBe(0)
      const parsed = JSON.parse(json.stdout) as PlacementResult
      expect({ ...parsed, asOf: '' }).toEqual({ ...expected, asOf: '' })
      expect(parsed.groups).toHaveLength(6)

      const csv = await cli(
        ['stats', 'placement', '--exit-year', '2019', '--group-by', 'campus', '--format', 'csv'],
        env,
      )
      expect(csv.code).toBe(0)
      const [header, ...rows] = csv.stdout
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/)
      const columns = header!.split(';')
      const total = Object.fromEntries(rows[0]!.split(';').map((v, i) => [columns[i], v]))
      expect(rows).toHaveLength(7)
      expect(total).toMatchObject({ scope: 'total', metric: 'r_positive', checkpoint: 'm6', basis: 'entrants' })
      // A hidden value is an empty cell in CSV, null in JSON (the release may hide a year's figures).
      const cell = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v.replace(',', '.')))
      expect(cell(total.denominator)).toBe(expected.total.denominator)
      expect(cell(total.numerator)).toBe(expected.total.numerator)
      expect(cell(total.rate)).toBe(expected.total.rate)

      const table = await cli(['stats', 'placement', '--exit-year', '2019', '--group-by', 'campus'], env)
      expect(table.code).toBe(0)
      const [, population, excluded, denominator, numerator, unknown, rate] = tableRow(table.stdout, 'Total')
      const shown = (v: number | null) => (v === null ? '—' : String(v))
      expect([population, excluded, denominator, numerator, unknown]).toEqual([
        shown(expected.total.population),
        shown(expected.total.excluded),
        shown(expected.total.denominator),
        shown(expected.total.numerator),
        shown(expected.total.unknown),
      ])
      expect(rate).toBe(percent(expected.total.rate))
      const lyonGroup = expected.groups.find((g) => g.key.campus === lyon.id)!
      expect(tableRow(table.stdout, lyon.name)[6]).toBe(percent(lyonGroup.rate))
    })

    it('passes every statistics filter through, the campus by name, and explains a refused combination', async () => {
      const args = [
        'stats',
        'placement',
        '--campus',
        'Lyon',
        '--basis',
        'completers',
        '--checkpoint',
        'm12',
        '--exit-from',
        '2019-01-01',
        '--exit-to',
        '2020-12-31',
        '--as-of',
        '2026-01-01T00:00:00Z',
        '--group-by',
        'exitYear,sex',
        '--metric',
        'r_positive',
        '--metric-version',
        '1',
        '--format',
        'json',
      ]
      // A partner's key reads the public release: this figure is not one of its cells.
      const notPublished = await cli(args, env)
      expect(notPublished.code).toBe(1)
      expect(notPublished.stderr).toMatch(/403 not_published/)
      // Network staff compute it (a staff session through the client: keys never see unprotected figures).
      const result = await admin.getPlacement({
        campusId: lyon.id,
        basis: 'completers',
        checkpoint: 'm12',
        exitFrom: '2019-01-01',
        exitTo: '2020-12-31',
        asOf: '2026-01-01T00:00:00Z',
        groupBy: 'exitYear,sex',
      })
      expect(result).toMatchObject({
        basis: 'completers',
        checkpoint: 'm12',
        metric: { id: 'r_positive', version: 1 },
        filters: { campusId: lyon.id, exitFrom: '2019-01-01', exitTo: '2020-12-31', groupBy: ['exitYear', 'sex'] },
      })
      expect(Date.parse(result.asOf)).toBe(Date.parse('2026-01-01T00:00:00Z'))

      const cohort = (await admin.listCohorts({ campusId: lyon.id, year: 2019, limit: 1 })).items[0]!
      const one = JSON.parse(
        (
          await cli(
            [
              'stats',
              'placement',
              '--cohort',
              cohort.id,
              '--exit-year',
              cohort.endDate.slice(0, 4),
              '--format',
              'json',
            ],
            env,
          )
        ).stdout,
      )
      expect(one.filters.cohortId).toBe(cohort.id)

      const refused = await cli(['stats', 'placement', '--exit-year', '2019', '--exit-from', '2019-01-01'], env)
      expect(refused.code).toBe(1)
      expect(refused.stdout).toBe('')
      expect(refused.stderr).toMatch(/400 validation_failed/)
      expect(refused.stderr).toMatch(/--exit-year/)
      expect(refused.stderr).toMatch(/request id: \S+/)

      const unreachable = await cli(['stats', 'placement', '--api-url', 'http://127.0.0.1:9'])
      expect(unreachable.code).toBe(1)
      expect(unreachable.stderr).toMatch(/Could not reach the API/)
    })

    it('imports enrolments, checks outcomes with --dry-run, then imports them once even when run twice', async () => {
      const cohort = await newCohort()
      const enrolmentsFile = join(work, `${cohort.prefix}-enrolments.csv`)
      writeFileSync(enrolmentsFile, enrolmentsCsv(cohort, 40))
      const enrolled = await cli(['import', 'enrolments', enrolmentsFile], env)
      expect(enrolled.code, enrolled.stderr).toBe(0)
      expect(enrolled.stdout).toMatch(
        /enrolments \(csv\): 40 rows, 40 valid, 0 invalid; committed: 40 learners, 40 enrolments written/,
      )
      const enrolments = await admin.listEnrolments({ cohortId: cohort.cohortId, limit: 100 })
      expect(enrolments.items).toHaveLength(40)
      expect(enrolments.items.every((e) => e.stage === 'completed')).toBe(true)

      const outcomesFile = join(work, `${cohort.prefix}-outcomes.csv`)
      writeFileSync(outcomesFile, outcomesCsv(cohort, 80))
      const dry = await cli(['import', 'outcomes', outcomesFile, '--dry-run', '--json'], env)
      expect(dry.code, dry.stderr).toBe(0)
      const dryReport = JSON.parse(dry.stdout) as ImportReport
      expect(dryReport).toMatchObject({
        dryRun: true,
        committed: false,
        rows: 80,
        validRows: 80,
        written: { observations: 0 },
        wouldWrite: { observations: 80 },
      })
      const first = enrolments.items[0]!
      expect((await admin.listOutcomeObservations(first.id)).items).toEqual([])

      const real = await cli(['import', 'outcomes', outcomesFile, '--json'], env)
      expect(real.code, real.stderr).toBe(0)
      const report = JSON.parse(real.stdout) as ImportReport
      expect(report).toMatchObject({ dryRun: false, committed: true, rows: 80, written: { observations: 80 } })
      expect(real.stderr).toMatch(/importing outcomes: 100%/)
      const history = await admin.listOutcomeObservations(first.id)
      expect(history.items.map((o) => o.checkpoint).sort()).toEqual(['exit', 'm6'])

      // The key derived from the content: running the command again replays the first report
      const again = await cli(['import', 'outcomes', outcomesFile, '--json'], env)
      expect(again.code).toBe(0)
      expect(JSON.parse(again.stdout)).toEqual(report)
      expect((await admin.listOutcomeObservations(first.id)).items).toHaveLength(2)

      // An explicit key, NDJSON by its extension: a new import of the same facts
      const ndjson = join(work, `${cohort.prefix}.ndjson`)
      writeFileSync(
        ndjson,
        `${JSON.stringify({ campus: lyon.id, cohort: cohort.cohort, learnerReference: first.learner.reference, checkpoint: 'm12', observedOn: '2025-04-07', situation: 'employed', contractType: 'cdi', source: 'document' })}\n`,
      )
      const keyed = await cli(['import', 'outcomes', ndjson, '--idempotency-key', randomUUID()], env)
      expect(keyed.code, keyed.stderr).toBe(0)
      expect(keyed.stdout).toMatch(/outcomes \(ndjson\): 1 rows, 1 valid, 0 invalid; committed: 1 observations written/)
      expect((await admin.listOutcomeObservations(first.id)).current.m12?.situation).toBe('employed')
    })

    it('reports a rejected import line by line, as the HTTP endpoint does, and exits 1', async () => {
      const cohort = await newCohort()
      writeFileSync(join(work, 'e.csv'), enrolmentsCsv(cohort, 500))
      expect((await cli(['import', 'enrolments', join(work, 'e.csv')], env)).code).toBe(0)
      const content = outcomesCsv(cohort, 1000, [7, 500, 1001])
      const file = join(work, `${cohort.prefix}-bad.csv`)
      writeFileSync(file, content)

      const run = await cli(['import', 'outcomes', file, '--json'], env)
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/import rejected: 3 of 1000 lines failed; nothing was written/)
      const fromCli = JSON.parse(run.stdout) as ImportReport

      const fromHttp = await admin
        .importRecords('outcomes', content, { format: 'csv' })
        .then(() => undefined)
        .catch((err: unknown) => (err instanceof ImportRejectedError ? err.report : undefined))
      expect(fromHttp).toBeDefined()
      expect(untimed(fromCli)).toEqual(untimed(fromHttp!))
      expect([...new Set(fromCli.errors.map((e) => e.line))]).toEqual([7, 500, 1001])
      expect(fromCli.errors.every((e) => /observed/i.test(e.field))).toBe(true)

      const table = await cli(['import', 'outcomes', file], env)
      expect(table.code).toBe(1)
      for (const error of fromCli.errors) {
        const row = table.stdout.split('\n').find((l) => new RegExp(`^\\s*${error.line}\\s{2,}`).test(l))
        expect(row, `line ${error.line}`).toContain(error.field)
        expect(row).toContain(error.message)
      }
      const enrolment = (await admin.listEnrolments({ cohortId: cohort.cohortId, limit: 1 })).items[0]!
      expect((await admin.listOutcomeObservations(enrolment.id)).items).toEqual([])
    })

    it('ends a 2,000-row import with the same report as the HTTP endpoint, progress on stderr', async () => {
      const cohort = await newCohort()
      writeFileSync(join(work, 'e2.csv'), enrolmentsCsv(cohort, 1000))
      expect((await cli(['import', 'enrolments', join(work, 'e2.csv'), '--no-progress'], env)).code).toBe(0)
      const content = outcomesCsv(cohort, 2000)
      const file = join(work, `${cohort.prefix}-2000.csv`)
      writeFileSync(file, content)

      const run = await cli(['import', 'outcomes', file, '--json'], env)
      expect(run.code, run.stderr).toBe(0)
      const progress = run.stderr.split('\n').filter((l) => l.startsWith('importing outcomes: '))
      expect(progress.length).toBeGreaterThanOrEqual(2)
      expect(progress.at(-1)).toMatch(/^importing outcomes: 100% \(/)
      const fromCli = JSON.parse(run.stdout) as ImportReport
      expect(fromCli).toMatchObject({ committed: true, rows: 2000, validRows: 2000, written: { observations: 2000 } })

      // The same observations from another source through HTTP: the same report. (The same file again
      // would write nothing: every line a duplicate of what the CLI recorded.)
      const fromHttp = await admin.importRecords('outcomes', outcomesCsv(cohort, 2000, [], 'document'), {
        format: 'csv',
      })
      expect(untimed(fromCli)).toEqual(untimed(fromHttp))
      const again = await admin.importRecords('outcomes', content, { format: 'csv' })
      expect(again).toMatchObject({ committed: true, skippedRows: 2000, written: { observations: 0 } })
    })

    it("exports a campus's records as NDJSON and CSV files that match the API", async () => {
      // Marseille: the imports above went to Lyon, and `export` reads each exited enrolment's observations.
      const marseille = (await admin.listCampuses({ q: 'marseille' })).items[0]!
      const out = join(work, 'export-ndjson')
      const run = await cli(['export', '--campus', marseille.id, '--out', out], env)
      expect(run.code, run.stderr).toBe(0)
      expect(readdirSync(out).sort()).toEqual([
        'cohorts.ndjson',
        'enrolments.ndjson',
        'learners.ndjson',
        'observations.ndjson',
      ])
      const read = (name: string) =>
        readFileSync(join(out, name), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { id: string; campusId?: string; enrolmentId?: string })

      const cohorts = read('cohorts.ndjson')
      const expectedCohorts: string[] = []
      for await (const c of paginate(admin.listCohorts, { campusId: marseille.id, limit: 100 }))
        expectedCohorts.push(c.id)
      expect(cohorts.map((c) => c.id).sort()).toEqual(expectedCohorts.sort())
      expect(cohorts.every((c) => c.campusId === marseille.id)).toBe(true)

      const learners = read('learners.ndjson')
      const expectedLearners: string[] = []
      for await (const l of paginate(admin.listLearners, { campusId: marseille.id, limit: 100 }))
        expectedLearners.push(l.id)
      expect(learners.map((l) => l.id).sort()).toEqual(expectedLearners.sort())
      const enrolments = read('enrolments.ndjson')
      const expectedEnrolments: string[] = []
      for await (const e of paginate(admin.listEnrolments, { campusId: marseille.id, limit: 100 }))
        expectedEnrolments.push(e.id)
      expect(enrolments.map((e) => e.id).sort()).toEqual(expectedEnrolments.sort())
      const observations = read('observations.ndjson')
      expect(observations.length).toBeGreaterThan(0)
      const sample = observations[0]!
      const history = await admin.listOutcomeObservations(sample.enrolmentId!)
      expect(
        observations
          .filter((o) => o.enrolmentId === sample.enrolmentId)
          .map((o) => o.id)
          .sort(),
      ).toEqual(history.items.map((o) => o.id).sort())
      expect(run.stdout).toContain(`learners.ndjson: ${learners.length} records`)

      const csvOut = join(work, 'export-csv')
      const csv = await cli(['export', '--campus', 'Marseille', '--out', csvOut, '--format', 'csv'], env)
      expect(csv.code, csv.stderr).toBe(0)
      const lines = readFileSync(join(csvOut, 'learners.csv'), 'utf8')
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
      expect(lines).toHaveLength(learners.length + 1)
      expect(lines[0]!.split(';')).toEqual(expect.arrayContaining(['id', 'campusId', 'reference', 'birthYear']))
      const enrolmentHeader = readFileSync(join(csvOut, 'enrolments.csv'), 'utf8').split('\r\n')[0]!
      expect(enrolmentHeader).toContain('learner.reference')
    })

    it('downloads the open data package: datapackage.json and every CSV it names', async () => {
      const out = join(work, 'open-data')
      const run = await cli(['open-data', '--out', out], { TRAJECTOIRES_API_URL: api.url })
      expect(run.code, run.stderr).toBe(0)
      const descriptor = JSON.parse(readFileSync(join(out, 'datapackage.json'), 'utf8')) as {
        resources: { path: string; schema: { fields: { name: string }[] } }[]
      }
      expect(descriptor).toEqual(await admin.getOpenData())
      expect(descriptor.resources.length).toBeGreaterThan(0)
      for (const resource of descriptor.resources) {
        const file = join(out, resource.path)
        expect(existsSync(file), resource.path).toBe(true)
        const header = readFileSync(file, 'utf8').split('\r\n')[0]!
        expect(header.split(',')).toEqual(resource.schema.fields.map((f) => f.name))
      }
    })
  },
  300_000,
)
