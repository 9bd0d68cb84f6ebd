import { describe, expect, it } from 'vitest'
import { asc, eq, sql } from 'drizzle-orm'
import { call, createTestApp, expectProblem } from '../../../test/helpers.js'
import { auditEvents, cohorts } from '../../db/schema/index.js'
import { t, prepareRecords, importFile, count, enrolmentsCsv, useImportScenario } from './imports.scenario.js'

useImportScenario()

/** The lines of a comma-separated enrolments file: `size` learners (`${prefix}-0`…) applying to Romans 2019-1. */
function romansApplicants(prefix: string, size: number, sex: 'female' | 'male'): string[] {
  const lines = ['campus,cohort,learnerReference,birthYear,sex,diplomaAtEntry,referrer,appliedOn,stage']
  for (let i = 0; i < size; i++) {
    lines.push(
      `Plombiers du numérique Romans-sur-Isère,Romans 2019-1,${prefix}-${i},2000,${sex},none,e2c,10/01/2019,applied`,
    )
  }
  return lines
}

describe('bulk import of enrolments', () => {
  it('checks a French spreadsheet on a dry run and writes nothing', async () => {
    const res = await importFile('enrolments', enrolmentsCsv, { dryRun: true })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.data).toMatchObject({
      kind: 'enrolments',
      format: 'csv',
      dryRun: true,
      committed: false,
      rows: 3,
      validRows: 3,
      invalidRows: 0,
      // Nothing was written; what would be is said apart.
      written: { learners: 0, enrolments: 0 },
      wouldWrite: { learners: 3, enrolments: 3 },
      importId: null,
      skipped: [],
      skippedRows: 0,
      errors: [],
    })
    expect(await count('enrolments')).toBe(0)
    expect(await count('learners')).toBe(0)
  })

  it('reads a spreadsheet saved in Windows-1252 (French Excel) as it was written', async () => {
    expect(enrolmentsCsv).toMatch(/é/)
    const res = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/imports/enrolments?dryRun=true',
      // No BOM: Excel writes none in Windows-1252.
      payload: Buffer.from(enrolmentsCsv.replace(/^\uFEFF/, ''), 'latin1'),
      headers: { 'content-type': 'text/csv' },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.data).toMatchObject({ rows: 3, validRows: 3, errors: [] })
  })

  it('imports it, learners and stage history included', async () => {
    const res = await importFile('enrolments', enrolmentsCsv)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.data).toMatchObject({ committed: true, rows: 3, written: { learners: 3, enrolments: 3 } })
    const list = await call(t.admin, { method: 'GET', url: '/api/v1/learners?q=LYO-00' })
    expect(list.data.items.map((l: { reference: string }) => l.reference).sort()).toEqual([
      'LYO-001',
      'LYO-002',
      'LYO-003',
    ])
    const enrolments = (await t.database.db.execute(
      sql`select l.reference, e.stage, e.exit_date::text as exit, e.exit_reason from enrolments e join learners l on l.id = e.learner_id order by l.reference`,
    )) as unknown as { rows: unknown[] }
    expect(enrolments.rows).toEqual([
      { reference: 'LYO-001', stage: 'completed', exit: '2019-04-05', exit_reason: 'completed' },
      { reference: 'LYO-002', stage: 'withdrawn', exit: '2019-02-15', exit_reason: 'dropout' },
      { reference: 'LYO-003', stage: 'in_training', exit: null, exit_reason: null },
    ])
    expect(await count('enrolment_stage_changes')).toBe(6)
  })

  it('refuses the whole file when one line fails, even the last, and lists every failing line', async () => {
    const lines = romansApplicants('ROM', 300, 'female')
    lines.push('Plombiers du numérique Romans-sur-Isère,Romans 2019-1,ROM-X,2000,female,none,e2c,31/02/2019,applied')
    const res = await importFile('enrolments', lines.join('\n'))
    const problem = expectProblem(res, 422, 'import_rejected')
    expect(problem.report).toMatchObject({ committed: false, rows: 301, invalidRows: 1 })
    expect(problem.report.errors).toEqual([
      { line: 302, field: 'appliedOn', code: 'format', message: 'is not a real day (31/02/2019)' },
    ])
    expect(await count('learners')).toBe(3)
  })

  it('names the line, column and rule of every kind of mistake', async () => {
    const csv = [
      'campus;cohort;learnerReference;birthYear;sex;diplomaAtEntry;referrer;appliedOn;stage;exitDate;exitReason',
      'Nowhere;Lyon 2019-1;A-1;2000;female;none;e2c;01/12/2018;applied;;',
      'Plombiers du numérique Lyon;Lyon 2030;A-2;2000;female;none;e2c;01/12/2018;applied;;',
      'Plombiers du numérique Lyon;Lyon 2019-1;A-3;1960;female;none;e2c;01/12/2018;applied;;',
      'Plombiers du numérique Lyon;Lyon 2019-1;A-4;2000;female;none;e2c;01/12/2018;completed;;',
      'Plombiers du numérique Lyon;Lyon 2019-1;LYO-001;2000;female;none;mission_locale;01/12/2018;applied;;',
      'Plombiers du numérique Lyon;Lyon 2019-2;LYO-003;2001;male;none;self;01/02/2019;applied;;',
      'Plombiers du numérique Lyon;Lyon 2019-1;A-5;2000;robot;none;e2c;01/12/2018;applied;;',
    ].join('\n')
    const problem = expectProblem(await importFile('enrolments', csv), 422, 'import_rejected')
    const byLine = Object.fromEntries(
      problem.report.errors.map((e: { line: number; field: string; code: string }) => [e.line, `${e.field}:${e.code}`]),
    )
    expect(byLine).toEqual({
      2: 'campus:not_found',
      3: 'cohort:not_found',
      4: 'birthYear:age_at_entry',
      5: 'exitReason:exit_reason',
      6: 'learnerReference:duplicate',
      7: 'cohort:overlap',
      8: 'sex:enum',
    })
  })

  it('refuses unknown columns, so that no personal data slips in', async () => {
    const csv =
      'campus;cohort;learnerReference;firstName;email\nPlombiers du numérique Lyon;Lyon 2019-1;Z-1;Inès;ines@example.fr'
    const problem = expectProblem(await importFile('enrolments', csv), 422, 'import_rejected')
    expect(problem.report.errors.map((e: { field: string }) => e.field)).toEqual(['firstname', 'email'])
  })

  it('checks lines past the first 5,000 against learners of the file and of the database', async () => {
    // Lines are checked 5,000 at a time, each chunk's learners loaded by reference: a learner
    // created in the first chunk, or recorded before, must still be found in the second.
    const lines = romansApplicants('ROMC', 5200, 'male')
    lines.push('Plombiers du numérique Romans-sur-Isère,Romans 2019-1,ROMC-5,2000,male,none,e2c,10/01/2019,applied')
    lines.push('Plombiers du numérique Lyon,Lyon 2019-2,LYO-003,,,,,01/02/2019,applied')
    lines.push('Plombiers du numérique Lyon,Lyon 2019-2,LYO-002,2001,,,,01/02/2019,applied')
    const problem = expectProblem(await importFile('enrolments', lines.join('\n')), 422, 'import_rejected')
    // The first 5,000 lines were written before the failing ones were read, then rolled back.
    expect(problem.report).toMatchObject({
      rows: 5203,
      invalidRows: 3,
      committed: false,
      written: { learners: 0, enrolments: 0 },
      wouldWrite: { learners: 0, enrolments: 0 },
      importId: null,
    })
    expect(
      problem.report.errors.map((e: { line: number; field: string; code: string }) => `${e.line} ${e.field}:${e.code}`),
    ).toEqual(['5202 learnerReference:duplicate', '5203 cohort:overlap', '5204 birthYear:mismatch'])
    expect(await count('learners')).toBe(3)
  })

  it('reports a broken line instead of guessing', async () => {
    const csv = 'campus;cohort;learnerReference\n"Plombiers du numérique Lyon;Lyon 2019-1;Z-2'
    const problem = expectProblem(await importFile('enrolments', csv), 422, 'import_rejected')
    expect(problem.report.errors[0]).toMatchObject({ code: 'unreadable' })
  })
})

describe('bulk import of outcomes', () => {
  const outcomes = [
    {
      campus: 'Plombiers du numérique Lyon',
      cohort: 'Lyon 2019-1',
      learnerReference: 'LYO-001',
      checkpoint: 'exit',
      observedOn: '2019-04-05',
      situation: 'employed',
      contractType: 'cdd',
      contractMonths: 6,
      inFibreSector: true,
      source: 'self_declared',
    },
    {
      campus: 'Plombiers du numérique Lyon',
      cohort: 'Lyon 2019-1',
      learnerReference: 'LYO-001',
      checkpoint: 'm6',
      observedOn: '2019-10-07',
      situation: 'employed',
      contractType: 'cdi',
      source: 'employer_confirmed',
    },
    {
      campus: 'Plombiers du numérique Lyon',
      cohort: 'Lyon 2019-1',
      learnerReference: 'LYO-002',
      checkpoint: 'm6',
      observedOn: '2019-08-20',
      situation: 'job_seeking',
      source: 'self_declared',
    },
  ]
  const ndjson = outcomes.map((o) => JSON.stringify(o)).join('\n')

  it('imports NDJSON observations, and an Idempotency-Key retry does not import twice', async () => {
    const first = await importFile('outcomes', ndjson, { type: 'application/x-ndjson', key: 'outcomes-2019-10' })
    expect(first.statusCode, first.body).toBe(200)
    expect(first.data).toMatchObject({ format: 'ndjson', committed: true, written: { observations: 3 } })
    const retry = await importFile('outcomes', ndjson, { type: 'application/x-ndjson', key: 'outcomes-2019-10' })
    expect(retry.statusCode).toBe(200)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.data).toEqual(first.data)
    expect(await count('outcome_observations')).toBe(3)

    const other = await importFile(
      'outcomes',
      outcomes
        .slice(0, 1)
        .map((o) => JSON.stringify(o))
        .join('\n'),
      {
        type: 'application/x-ndjson',
        key: 'outcomes-2019-10',
      },
    )
    expectProblem(other, 422, 'idempotency_key_reused')
    expect(await count('outcome_observations')).toBe(3)
  })

  it('applies the observation rules and needs an exited enrolment', async () => {
    const rows = [
      { ...outcomes[0], contractType: null },
      { ...outcomes[0], learnerReference: 'LYO-003' },
      { ...outcomes[0], checkpoint: 'm12', observedOn: '2019-05-01' },
      { ...outcomes[0], learnerReference: 'NOBODY' },
    ]
    const res = await importFile('outcomes', rows.map((o) => JSON.stringify(o)).join('\n'), {
      type: 'application/x-ndjson',
    })
    const problem = expectProblem(res, 422, 'import_rejected')
    expect(
      problem.report.errors.map((e: { line: number; field: string; code: string }) => `${e.line}:${e.field}:${e.code}`),
    ).toEqual([
      '1:contractType:contract_required',
      '1:contractMonths:contract_months_not_applicable',
      '2:learnerReference:not_exited',
      '3:observedOn:checkpoint_window',
      '4:learnerReference:not_found',
    ])
    expect(await count('outcome_observations')).toBe(3)
  })

  it('refuses an empty file and a body that is neither CSV nor NDJSON', async () => {
    expectProblem(await importFile('outcomes', 'campus;cohort\n'), 422, 'import_rejected')
    expectProblem(await importFile('outcomes', '{}', { type: 'application/json' }), 415, 'unsupported_media_type')
    expectProblem(await importFile('nothing', 'a\n1'), 400, 'validation_failed')
  })
})

describe('audit trail', () => {
  const importEvents = () =>
    t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceType, 'import')).orderBy(asc(auditEvents.id))

  it('records one event per committed import, none on a dry run, a rejected file or a replay', async () => {
    // Earlier in this file: one committed import of each kind (and dry runs, rejections, a replay).
    const lyon = (await call(t.admin, { method: 'GET', url: '/api/v1/campuses?q=lyon' })).data.items[0]
    expect((await importEvents()).map((e) => [e.action, (e.changes as { kind: string }).kind, e.campusId])).toEqual([
      ['import', 'enrolments', lyon.id],
      ['import', 'outcomes', lyon.id],
    ])
    const header = 'campus,cohort,learnerReference,birthYear,sex,diplomaAtEntry,referrer,appliedOn,stage'
    const line = (reference: string, appliedOn = '01/02/2019') =>
      `Plombiers du numérique Lyon,Lyon 2019-2,${reference},2000,female,none,self,${appliedOn},applied`
    const csv = [header, line('LYO-A01'), line('LYO-A02')].join('\n')
    expect((await importFile('enrolments', csv, { dryRun: true })).statusCode).toBe(200)
    expectProblem(
      await importFile('enrolments', [csv, line('LYO-A03', '31/02/2019')].join('\n')),
      422,
      'import_rejected',
    )
    expect(await importEvents()).toHaveLength(2)

    const res = await importFile('enrolments', csv, { key: 'audit-enrolments-1' })
    expect(res.data).toMatchObject({ committed: true, rows: 2, written: { learners: 2, enrolments: 2 } })
    const retry = await importFile('enrolments', csv, { key: 'audit-enrolments-1' })
    expect(retry.headers['idempotent-replayed']).toBe('true')
    const events = await importEvents()
    expect(events).toHaveLength(3)
    expect(events[2]).toMatchObject({
      action: 'import',
      resourceType: 'import',
      resourceId: res.data.importId,
      campusId: lyon.id,
      changes: {
        kind: 'enrolments',
        rows: 2,
        written: { learners: 2, enrolments: 2 },
        total: { learners: 2, enrolments: 2 },
        campusIds: [lyon.id],
      },
    })
    // The trail of the campus finds it, and its id finds the records it wrote.
    const trail = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/audit-events?campusId=${lyon.id}&action=import`,
    })
    expect(trail.data.items.map((e: { resourceId: string }) => e.resourceId)).toContain(res.data.importId)
    const learners = await call(t.admin, { method: 'GET', url: `/api/v1/learners?importId=${res.data.importId}` })
    expect(learners.data.items.map((l: { reference: string; importId: string }) => [l.reference, l.importId])).toEqual([
      ['LYO-A01', res.data.importId],
      ['LYO-A02', res.data.importId],
    ])
    const enrolments = await call(t.admin, { method: 'GET', url: `/api/v1/enrolments?importId=${res.data.importId}` })
    expect(enrolments.data.items).toHaveLength(2)
  })

  it('names every campus of an import, with its own counts, and lists the observations it recorded', async () => {
    const romans = (await call(t.admin, { method: 'GET', url: '/api/v1/campuses?q=romans' })).data.items[0]
    const lyon = (await call(t.admin, { method: 'GET', url: '/api/v1/campuses?q=lyon' })).data.items[0]
    const header =
      'campus,cohort,learnerReference,birthYear,sex,diplomaAtEntry,referrer,appliedOn,stage,exitDate,exitReason'
    const csv = [
      header,
      'Plombiers du numérique Lyon,Lyon 2019-2,LYO-B01,2000,female,none,self,01/02/2019,completed,07/06/2019,completed',
      'Plombiers du numérique Romans-sur-Isère,Romans 2019-1,ROM-B01,2000,male,none,e2c,10/01/2019,completed,28/06/2019,completed',
      'Plombiers du numérique Romans-sur-Isère,Romans 2019-1,ROM-B02,2001,male,none,e2c,10/01/2019,applied,,',
    ].join('\n')
    const res = await importFile('enrolments', csv)
    expect(res.statusCode, res.body).toBe(200)
    const events = (await importEvents()).filter((e) => e.resourceId === res.data.importId)
    expect(events.map((e) => [e.campusId, (e.changes as { written: unknown }).written])).toEqual(
      [
        [lyon.id, { learners: 1, enrolments: 1 }],
        [romans.id, { learners: 2, enrolments: 2 }],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    )
    for (const e of events) expect(e.changes).toMatchObject({ total: { learners: 3, enrolments: 3 } })

    const observed = await importFile(
      'outcomes',
      JSON.stringify({
        campus: 'Plombiers du numérique Romans-sur-Isère',
        cohort: 'Romans 2019-1',
        learnerReference: 'ROM-B01',
        checkpoint: 'exit',
        observedOn: '2019-06-28',
        situation: 'job_seeking',
        source: 'self_declared',
      }),
      { type: 'application/x-ndjson' },
    )
    expect(observed.data).toMatchObject({ committed: true, written: { observations: 1 } })
    const enrolments = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/enrolments?importId=${observed.data.importId}`,
    })
    expect(enrolments.data.items.map((e: { learner: { reference: string } }) => e.learner.reference)).toEqual([
      'ROM-B01',
    ])
    const history = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/enrolments/${enrolments.data.items[0].id}/observations`,
    })
    expect(JSON.stringify(history.data)).toContain(observed.data.importId)
  })
})

describe('statistics after an import', () => {
  it('shows in the statistics at once: their refresh, left until the commit, is drained first', async () => {
    const [cohort] = await t.database.db.select().from(cohorts).where(eq(cohorts.name, 'Lyon 2019-1'))
    const atExit = async () =>
      (await call(t.admin, { method: 'GET', url: `/api/v1/stats/placement?cohortId=${cohort!.id}&checkpoint=exit` }))
        .data.total
    expect(await atExit()).toMatchObject({ denominator: 2, numerator: 1 })
    const line = {
      campus: 'Plombiers du numérique Lyon',
      cohort: 'Lyon 2019-1',
      learnerReference: 'LYO-002',
      checkpoint: 'exit',
      observedOn: '2019-02-20',
      situation: 'qualifying_training',
      source: 'self_declared',
    }
    const imported = await importFile('outcomes', JSON.stringify(line), { type: 'application/x-ndjson' })
    expect(imported.statusCode, imported.body).toBe(200)
    expect(await atExit()).toMatchObject({ denominator: 2, numerator: 2 })
    await t.app.statsDrainer.idle()
    expect(await count('stats_pending')).toBe(0)
  })
})

describe('observations sent again', () => {
  const observation = {
    campus: 'Plombiers du numérique Lyon',
    cohort: 'Lyon 2019-1',
    learnerReference: 'LYO-002',
    checkpoint: 'm12',
    observedOn: '2020-02-14',
    situation: 'employed',
    contractType: 'cdi',
    employer: null,
    source: 'self_declared',
  }
  const ndjson = (...rows: object[]) => rows.map((o) => JSON.stringify(o)).join('\n')
  const post = (body: string, options: { dryRun?: boolean; key?: string } = {}) =>
    importFile('outcomes', body, { type: 'application/x-ndjson', ...options })

  it('are skipped and reported as duplicate: the same file under another key writes nothing new', async () => {
    const first = await post(ndjson(observation), { key: 'dup-1' })
    expect(first.data).toMatchObject({ committed: true, written: { observations: 1 }, skippedRows: 0 })
    const before = await count('outcome_observations')

    const dry = await post(ndjson(observation), { dryRun: true })
    expect(dry.statusCode, dry.body).toBe(200)
    expect(dry.data).toMatchObject({
      rows: 1,
      validRows: 1,
      invalidRows: 0,
      skippedRows: 1,
      written: { observations: 0 },
      wouldWrite: { observations: 0 },
      errors: [],
    })
    expect(dry.data.skipped).toEqual([expect.objectContaining({ line: 1, code: 'duplicate' })])

    const again = await post(ndjson(observation), { key: 'dup-2' })
    expect(again.statusCode, again.body).toBe(200)
    expect(again.data).toMatchObject({ committed: true, written: { observations: 0 }, skippedRows: 1 })
    expect(await count('outcome_observations')).toBe(before)

    // A line repeated within a file is written once; an observation that differs is written.
    const corrected = { ...observation, observedOn: '2020-02-17' }
    const mixed = await post(ndjson(observation, corrected, corrected), { key: 'dup-3' })
    expect(mixed.data).toMatchObject({ committed: true, written: { observations: 1 }, skippedRows: 2 })
    expect(mixed.data.skipped.map((i: { line: number }) => i.line)).toEqual([1, 3])
    expect(await count('outcome_observations')).toBe(before + 1)
  })
})

describe('connections', () => {
  // On a server, an import's lookups read on the reader pool, outside its transaction. Were they to
  // take a connection of the main pool, imports holding every connection would each wait for one.
  it.runIf(process.env.TEST_DATABASE_URL)(
    'runs with a main pool of one connection, which its own transaction holds',
    async () => {
      const small = await createTestApp({ dbPoolSize: 1 })
      try {
        await prepareRecords(small)
        const post = (kind: string, payload: string, type: string) =>
          call(small.admin, {
            method: 'POST',
            url: `/api/v1/imports/${kind}`,
            payload,
            headers: { 'content-type': type },
          })
        const enrolled = await post('enrolments', enrolmentsCsv, 'text/csv')
        expect(enrolled.statusCode, enrolled.body).toBe(200)
        expect(enrolled.data).toMatchObject({ committed: true, written: { learners: 3, enrolments: 3 } })
        const observed = await post(
          'outcomes',
          JSON.stringify({
            campus: 'Plombiers du numérique Lyon',
            cohort: 'Lyon 2019-1',
            learnerReference: 'LYO-001',
            checkpoint: 'exit',
            observedOn: '2019-04-05',
            situation: 'job_seeking',
            source: 'self_declared',
          }),
          'application/x-ndjson',
        )
        expect(observed.statusCode, observed.body).toBe(200)
        expect(observed.data).toMatchObject({ committed: true, written: { observations: 1 } })
      } finally {
        await small.close()
      }
    },
  )
})
