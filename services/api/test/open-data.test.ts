import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { componentSchemas, type OpenDataPackage, type OpenDataResource } from '@trajectoires/contract'
import { openDataPackageExample } from '@trajectoires/contract/examples'
import { seedIfEmpty } from '../src/db/seed.js'
import { createStatsFixtures } from '../src/modules/stats/stats.fixtures.js'
import { as, call, createStaff, createTestApp, expectProblem, type Injector, type TestContext } from './helpers.js'
import { patience } from './patience.js'

// ---------------------------------------------------------------------------------------------
// A small Frictionless Table Schema validator: the types and constraints the package uses.

type Logical = string | number | boolean | null

/** The logical value of a CSV cell, or an error. `null`: a missing value. */
function read(
  raw: string,
  field: OpenDataResource['schema']['fields'][number],
  missing: string[],
): { value: Logical } | { error: string } {
  if (missing.includes(raw)) return { value: null }
  switch (field.type) {
    case 'string':
      return { value: raw }
    case 'integer':
      return /^-?\d+$/.test(raw) ? { value: Number(raw) } : { error: `not an integer: ${raw}` }
    case 'number':
      return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw) ? { value: Number(raw) } : { error: `not a number: ${raw}` }
    case 'boolean':
      return raw === 'true' || raw === 'false' ? { value: raw === 'true' } : { error: `not a boolean: ${raw}` }
    case 'year':
      return /^\d{4}$/.test(raw) ? { value: Number(raw) } : { error: `not a year: ${raw}` }
    case 'date': {
      const ok = /^\d{4}-\d{2}-\d{2}$/.test(raw) && new Date(`${raw}T00:00:00Z`).toISOString().startsWith(raw)
      return ok ? { value: raw } : { error: `not a date: ${raw}` }
    }
    default:
      return { error: `type ${String(field.type)} is not supported by this validator` }
  }
}

/** Every way the CSV breaks its table schema (header, types, constraints, keys). */
function validateTable(resource: OpenDataResource, csv: string, tables: Map<string, Array<Record<string, Logical>>>) {
  const errors: string[] = []
  const { fields, primaryKey, missingValues } = resource.schema
  const records = parse(csv, { bom: false, relax_column_count: false }) as string[][]
  const [header, ...rows] = records
  if (JSON.stringify(header) !== JSON.stringify(fields.map((f) => f.name))) errors.push(`header ${String(header)}`)
  const logical: Array<Record<string, Logical>> = []
  const seen = new Map<string, Set<string>>()
  const keys = new Set<string>()
  rows.forEach((row, r) => {
    const line = `${resource.name} row ${r + 2}`
    if (row.length !== fields.length) errors.push(`${line}: ${row.length} cells`)
    const record: Record<string, Logical> = {}
    fields.forEach((f, i) => {
      const got = read(row[i] ?? '', f, missingValues)
      if ('error' in got) return void errors.push(`${line} ${f.name}: ${got.error}`)
      const v = got.value
      record[f.name] = v
      const c = f.constraints ?? {}
      if (v === null) {
        if (c.required) errors.push(`${line} ${f.name}: required`)
        return
      }
      if (c.minimum !== undefined && typeof v === 'number' && v < c.minimum) errors.push(`${line} ${f.name}: < min`)
      if (c.maximum !== undefined && typeof v === 'number' && v > c.maximum) errors.push(`${line} ${f.name}: > max`)
      if (c.pattern !== undefined && !new RegExp(`^(?:${c.pattern})$`).test(String(row[i])))
        errors.push(`${line} ${f.name}: pattern`)
      if (c.enum !== undefined && !c.enum.includes(String(row[i]))) errors.push(`${line} ${f.name}: not in enum`)
      if (c.unique) {
        const s = seen.get(f.name) ?? new Set<string>()
        if (s.has(String(v))) errors.push(`${line} ${f.name}: not unique`)
        s.add(String(v))
        seen.set(f.name, s)
      }
    })
    const key = JSON.stringify(primaryKey.map((k) => record[k]))
    if (primaryKey.some((k) => record[k] === null || record[k] === undefined))
      errors.push(`${line}: primary key missing`)
    if (keys.has(key)) errors.push(`${line}: primary key ${key} repeated`)
    keys.add(key)
    logical.push(record)
  })
  for (const fk of resource.schema.foreignKeys ?? []) {
    const target = tables.get(fk.reference.resource)
    if (!target) {
      errors.push(`${resource.name}: foreign key to unknown ${fk.reference.resource}`)
      continue
    }
    const known = new Set(target.map((t) => JSON.stringify(fk.reference.fields.map((f) => t[f]))))
    for (const record of logical) {
      const value = JSON.stringify(fk.fields.map((f) => record[f]))
      if (!known.has(value)) errors.push(`${resource.name}: ${value} not in ${fk.reference.resource}`)
    }
  }
  return {
    errors,
    records: logical,
    raw: rows.map((row) => Object.fromEntries(fields.map((f, i) => [f.name, row[i]]))),
  }
}

const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats(ajv)
for (const schema of componentSchemas) ajv.addSchema(schema as object)
const validPackage = ajv.getSchema('OpenDataPackage')!

interface Package {
  descriptor: OpenDataPackage
  etag: string
  csv: Map<string, string>
  tables: Map<string, ReturnType<typeof validateTable>>
}

/** The package as a caller reads it: the descriptor, then every resource through its relative path. */
async function readPackage(caller: Injector): Promise<Package> {
  const res = await call(caller, { method: 'GET', url: '/api/v1/open-data' })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toMatch(/^application\/json/)
  const descriptor = res.data as OpenDataPackage
  const csv = new Map<string, string>()
  for (const resource of descriptor.resources) {
    const url = new URL(resource.path, 'http://api.test/api/v1/open-data')
    const file = await caller.inject({ method: 'GET', url: url.pathname })
    expect(file.statusCode, url.pathname).toBe(200)
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(file.body.charCodeAt(0)).not.toBe(0xfeff)
    csv.set(resource.name, file.body)
  }
  const tables = new Map<string, ReturnType<typeof validateTable>>()
  const logical = new Map<string, Array<Record<string, Logical>>>()
  // Referenced tables first (campuses), so that foreign keys can be checked.
  const ordered = [...descriptor.resources].sort(
    (a, b) => (a.schema.foreignKeys ? 1 : 0) - (b.schema.foreignKeys ? 1 : 0),
  )
  for (const resource of ordered) {
    const table = validateTable(resource, csv.get(resource.name)!, logical)
    tables.set(resource.name, table)
    logical.set(resource.name, table.records)
  }
  return { descriptor, etag: String(res.headers.etag), csv, tables }
}

const cellFields: Array<[string, (c: any) => unknown]> = [
  ['population', (c) => c.population],
  ['excluded', (c) => c.excluded],
  ['denominator', (c) => c.denominator],
  ['numerator', (c) => c.numerator],
  ['unknown', (c) => c.unknown],
  ['response_rate', (c) => c.responseRate],
  ['rate', (c) => c.rate],
  ['ci95_low', (c) => c.ci95?.low ?? null],
  ['ci95_high', (c) => c.ci95?.high ?? null],
  ['rate_all_unknown_placed', (c) => c.bounds?.allUnknownPlaced ?? null],
  ['coverage', (c) => c.coverage],
  ['gap_to_target', (c) => c.gapToTarget],
]

/**
 * Compares a placement table with the public and the unsuppressed answers of `/stats/placement`:
 * every value equals the public one, and every value the public answer withholds is `s`.
 * Returns how many values were withheld.
 */
function checkPlacement(
  table: ReturnType<typeof validateTable>,
  publicGroups: any[],
  staffGroups: any[],
  keyOf: (row: Record<string, string | undefined>) => string,
  groupKey: (g: any) => string,
): number {
  const staffBy = new Map(staffGroups.map((g) => [groupKey(g), g]))
  const publicBy = new Map(publicGroups.map((g) => [groupKey(g), g]))
  expect(table.raw.map(keyOf).sort()).toEqual([...staffBy.keys()].sort())
  let withheld = 0
  for (const row of table.raw) {
    const key = keyOf(row)
    const open = publicBy.get(key)
    const full = staffBy.get(key)
    for (const [name, value] of cellFields) {
      const shown = value(open)
      const truth = value(full)
      if (shown === null && truth !== null) {
        withheld++
        expect(row[name], `${key} ${name} (hidden from the public: ${String(truth)})`).toBe('s')
      } else {
        expect(row[name], `${key} ${name}`).toBe(shown === null ? '' : String(shown))
      }
    }
    expect(row.suppressed).toBe(String(open.suppressed))
    expect(row.suppression_reason).toBe(open.suppressionReason ?? '')
  }
  return withheld
}

async function stats(caller: Injector, query: string) {
  const res = await call(caller, { method: 'GET', url: `/api/v1/stats/placement?${query}` })
  expect(res.statusCode).toBe(200)
  return res.data
}

// ---------------------------------------------------------------------------------------------

describe('open data on the demonstration data', () => {
  let t: TestContext
  let staff: Injector
  let pkg: Package

  beforeAll(async () => {
    t = await createTestApp()
    await seedIfEmpty(t.database.db)
    staff = as(t.app, (await createStaff(t, { role: 'network_staff' })).headers)
    pkg = await readPackage(t.app)
  }, patience(240_000))
  afterAll(() => t.close())

  it('is a tabular data package with licence, sources, metric definitions and the IRIS+ mapping', async () => {
    const d = pkg.descriptor
    expect(validPackage(d), JSON.stringify(validPackage.errors)).toBe(true)
    expect(d.profile).toBe('tabular-data-package')
    expect(d.licenses).toEqual([
      expect.objectContaining({ name: 'etalab-2.0', path: expect.stringMatching(/^https:/) }),
    ])
    expect(d.view).toBe('public')
    expect(d.sources.map((s) => s.title).join(' ')).toMatch(/article/i)
    // Demonstration data are said to be such.
    expect(d.description).toMatch(/démonstration/)
    const metric = (id: string) => call(t.app, { method: 'GET', url: `/api/v1/metrics/${id}` }).then((r) => r.data)
    expect(d.metrics).toEqual([await metric('r_positive'), await metric('r_employment')])
    expect(d.irisPlus.map((m) => m.code)).toEqual(['PI3527', 'PI2998', 'PI4060'])
    // PI3527 (people placed in jobs) is the strict employment rate; PI4060 (clients) one year of entries.
    const iris = (code: string) => d.irisPlus.find((m) => m.code === code)!
    expect(iris('PI3527')).toMatchObject({
      resource: 'employment-network-year',
      fields: ['rate', 'numerator', 'denominator'],
    })
    expect(iris('PI3527').mapsFrom).toMatch(/r_employment/)
    expect(iris('PI4060')).toMatchObject({ resource: 'flows-network-year', fields: ['entrants'] })
    for (const m of d.irisPlus) {
      const resource = d.resources.find((r) => r.name === m.resource)!
      for (const f of m.fields) expect(resource.schema.fields.map((x) => x.name)).toContain(f)
    }
    expect(d.resources.map((r) => r.name)).toEqual([
      'campuses',
      'placement-campus-year',
      'placement-network-year',
      'employment-campus-year',
      'employment-network-year',
      'flows-campus-year',
      'flows-network-year',
      'intake-campus',
      'iris-plus-mapping',
    ])
  })

  it("has the texts and IRIS+ mapping the contract's published example shows (no older copy)", () => {
    const d = pkg.descriptor
    const example = openDataPackageExample
    for (const key of [
      'profile',
      'name',
      'title',
      'description',
      'keywords',
      'licenses',
      'sources',
      'irisPlus',
    ] as const)
      expect(example[key], key).toEqual(d[key])
  })

  it('validates against its own table schemas, and every resource path resolves', () => {
    for (const resource of pkg.descriptor.resources) {
      expect(resource.path).toBe(`open-data/${resource.name}.csv`)
      const table = pkg.tables.get(resource.name)!
      expect(table.errors, resource.name).toEqual([])
      expect(table.records.length, resource.name).toBeGreaterThan(0)
      for (const f of resource.schema.fields)
        expect(f.description.length, `${resource.name}.${f.name}`).toBeGreaterThan(5)
    }
    expect(pkg.tables.get('campuses')!.records).toHaveLength(6)
  })

  it('shows no value that the suppression rules hide, by campus and exit year and for the network', async () => {
    const q = 'metric=r_positive&basis=entrants&checkpoint=m6'
    const byCampus = checkPlacement(
      pkg.tables.get('placement-campus-year')!,
      (await stats(t.app, `${q}&groupBy=campus,exitYear`)).groups,
      (await stats(t.admin, `${q}&groupBy=campus,exitYear`)).groups,
      (row) => `${row.campus_id}|${row.exit_year}`,
      (g) => `${g.key.campus}|${g.key.exitYear}`,
    )
    const byYear = checkPlacement(
      pkg.tables.get('placement-network-year')!,
      (await stats(t.app, `${q}&groupBy=exitYear`)).groups,
      (await stats(t.admin, `${q}&groupBy=exitYear`)).groups,
      (row) => `${row.exit_year}`,
      (g) => `${g.key.exitYear}`,
    )
    // The strict employment rate, from the same release: the public answers of r_employment.
    const e = 'metric=r_employment&basis=entrants&checkpoint=m6'
    const employmentByCampus = checkPlacement(
      pkg.tables.get('employment-campus-year')!,
      (await stats(t.app, `${e}&groupBy=campus,exitYear`)).groups,
      (await stats(t.admin, `${e}&groupBy=campus,exitYear`)).groups,
      (row) => `${row.campus_id}|${row.exit_year}`,
      (g) => `${g.key.campus}|${g.key.exitYear}`,
    )
    checkPlacement(
      pkg.tables.get('employment-network-year')!,
      (await stats(t.app, `${e}&groupBy=exitYear`)).groups,
      (await stats(t.admin, `${e}&groupBy=exitYear`)).groups,
      (row) => `${row.exit_year}`,
      (g) => `${g.key.exitYear}`,
    )
    expect(pkg.tables.get('employment-network-year')!.raw.every((r) => r.metric_id === 'r_employment')).toBe(true)
    // The demonstration data do have small numbers: the check above has something to check.
    expect(byCampus).toBeGreaterThan(0)
    expect(byYear).toBeGreaterThan(0)
    expect(employmentByCampus).toBeGreaterThan(0)
  })

  it('shows no count of the overview that the public does not see (flows and intake)', async () => {
    const open = (await call(t.app, { method: 'GET', url: '/api/v1/stats/overview' })).data
    const full = (await call(t.admin, { method: 'GET', url: '/api/v1/stats/overview' })).data
    const expectCell = (raw: string | undefined, shown: number | null, truth: number | null, what: string) => {
      if (shown === null && truth !== null) expect(raw, what).toBe('s')
      else expect(raw, what).toBe(shown === null ? '' : String(shown))
    }
    const flows = pkg.tables.get('flows-campus-year')!.raw
    let rows = 0
    open.campuses.forEach((c: any, i: number) => {
      c.years.forEach((y: any, j: number) => {
        const truth = full.campuses[i].years[j]
        const row = flows.find((r) => r.campus_id === c.campus.id && r.year === String(y.year))!
        expectCell(row.entrants, y.entrants, truth.entrants, `${c.campus.name} ${y.year} entrants`)
        expectCell(row.completions, y.completions, truth.completions, `${c.campus.name} ${y.year} completions`)
        rows++
      })
      const intake = pkg.tables.get('intake-campus')!.raw.find((r) => r.campus_id === c.campus.id)!
      for (const [column, key] of [
        ['entrants', 'entrants'],
        ['qpv_residents_share', 'qpvResidents'],
        ['no_diploma_share', 'noDiplomaAtEntry'],
        ['neet_share', 'neetAtEntry'],
        ['women_share', 'women'],
      ] as const) {
        expectCell(intake[column], c.intake[key], full.campuses[i].intake[key], `${c.campus.name} ${column}`)
      }
    })
    expect(rows).toBe(flows.length)
    const network = pkg.tables.get('flows-network-year')!.raw
    expect(network).toHaveLength(open.network.years.length)
    open.network.years.forEach((y: any, j: number) => {
      const row = network[j]!
      expect(row.year).toBe(String(y.year))
      expectCell(row.entrants, y.entrants, full.network.years[j].entrants, `${y.year} entrants`)
      expectCell(row.completions, y.completions, full.network.years[j].completions, `${y.year} completions`)
    })
  })

  it('is the public view whoever asks: network staff and administrators get the same files', async () => {
    for (const caller of [staff, t.admin]) {
      const theirs = await readPackage(caller)
      expect(theirs.descriptor).toEqual(pkg.descriptor)
      for (const [name, body] of pkg.csv) expect(theirs.csv.get(name), name).toBe(body)
    }
  })

  it('answers 304 to a current ETag, and changes its ETag when the records change', async () => {
    const again = await t.app.inject({
      method: 'GET',
      url: '/api/v1/open-data',
      headers: { 'if-none-match': pkg.etag },
    })
    expect(again.statusCode).toBe(304)
    const file = await t.app.inject({ method: 'GET', url: '/api/v1/open-data/campuses.csv' })
    expect(file.headers.etag).toMatch(/^W\/"/)
    expect(file.headers.etag).not.toBe(pkg.etag)
    const same = await t.app.inject({
      method: 'GET',
      url: '/api/v1/open-data/campuses',
      headers: { 'if-none-match': String(file.headers.etag) },
    })
    expect(same.statusCode).toBe(304)

    const f = createStatsFixtures(t.database.db)
    const campus = await f.campus('Campus ouvert plus tard', { status: 'planned' })
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/v1/open-data',
      headers: { 'if-none-match': pkg.etag },
    })
    expect(after.statusCode).toBe(200)
    expect(after.headers.etag).not.toBe(pkg.etag)
    const campuses = await t.app.inject({ method: 'GET', url: '/api/v1/open-data/campuses.csv' })
    expect(campuses.body).toContain(campus)
  })

  it('answers 404 for a resource it does not have', async () => {
    expectProblem(await call(t.app, { method: 'GET', url: '/api/v1/open-data/learners.csv' }), 404, 'not_found')
    expectProblem(await call(t.app, { method: 'GET', url: '/api/v1/open-data/..%2Fsecret' }), 400, 'validation_failed')
  })
})

describe('open data on a hand-made scenario with small numbers', () => {
  let t: TestContext
  const id: Record<string, string> = {}

  beforeAll(async () => {
    t = await createTestApp()
    const f = createStatsFixtures(t.database.db)
    // Campus A: 30 who left in 2019 (24 placed), 3 in 2020 (a cell of 1–4 people).
    id.a = await f.campus('Campus A')
    const a19 = await f.cohort(id.a, { start: '2019-01-07', end: '2019-04-05' })
    await f.crowd(id.a, a19, 30, (i) => ({
      person: { exit: '2019-04-05', integration: '2019-01-21' },
      observations: [{ observedOn: '2019-10-05', situation: i < 24 ? 'employed' : 'job_seeking' }],
    }))
    const a20 = await f.cohort(id.a, { start: '2020-01-06', end: '2020-04-03' })
    await f.crowd(id.a, a20, 3, () => ({
      person: { exit: '2020-04-03', integration: '2020-01-20' },
      observations: [{ observedOn: '2020-10-03', situation: 'employed' }],
    }))
    // Campus B: 12 who left in 2019 (under 20: no rate), 25 in 2020.
    id.b = await f.campus('Campus B')
    const b19 = await f.cohort(id.b, { start: '2019-01-07', end: '2019-04-05' })
    await f.crowd(id.b, b19, 12, (i) => ({
      person: { exit: '2019-04-05', integration: '2019-01-21' },
      observations: [{ observedOn: '2019-10-05', situation: i < 7 ? 'employed' : 'inactive' }],
    }))
    const b20 = await f.cohort(id.b, { start: '2020-01-06', end: '2020-04-03' })
    await f.crowd(id.b, b20, 25, (i) => ({
      person: { exit: '2020-04-03', integration: '2020-01-20' },
      observations: [{ observedOn: '2020-10-03', situation: i < 15 ? 'work_study' : 'job_seeking' }],
    }))
    // Campus C: 40 in 2019 (32 placed), 30 in 2020 (18 placed).
    id.c = await f.campus('Campus C')
    const c19 = await f.cohort(id.c, { start: '2019-01-07', end: '2019-04-05' })
    await f.crowd(id.c, c19, 40, (i) => ({
      person: { exit: '2019-04-05', integration: '2019-01-21' },
      observations: [{ observedOn: '2019-10-05', situation: i < 32 ? 'employed' : 'job_seeking' }],
    }))
    const c20 = await f.cohort(id.c, { start: '2020-01-06', end: '2020-04-03' })
    await f.crowd(id.c, c20, 30, (i) => ({
      person: { exit: '2020-04-03', integration: '2020-01-20' },
      observations: [{ observedOn: '2020-10-03', situation: i < 18 ? 'qualifying_training' : 'inactive' }],
    }))
  })
  afterAll(() => t.close())

  it('hides the cell of 3 people, the rate on 12, and enough others that they cannot be worked out', async () => {
    const pkg = await readPackage(t.app)
    for (const [name, table] of pkg.tables) expect(table.errors, name).toEqual([])
    const rows = pkg.tables.get('placement-campus-year')!.raw
    const row = (campus: string, year: number) =>
      rows.find((r) => r.campus_id === campus && r.exit_year === String(year))!

    const small = row(id.a!, 2020)
    for (const column of ['population', 'excluded', 'denominator', 'numerator', 'unknown', 'rate'])
      expect(small[column]).toBe('s')
    expect(small.suppression_reason).toBe('small_cell')
    expect(Object.values(small)).not.toContain('3')

    // Under 20: the rate and the outcome counts are withheld (the counts may go too, as complementary cells).
    const under20 = row(id.b!, 2019)
    expect(['small_denominator', 'small_cell']).toContain(under20.suppression_reason)
    for (const column of ['numerator', 'unknown', 'rate', 'ci95_low', 'ci95_high']) expect(under20[column]).toBe('s')
    expect(Object.values(under20)).not.toContain('7')

    // Campus C's rates are published: 32/40 and 18/30.
    // (or withheld with the others when the release needs them: never another figure).
    expect(['0.8', 's']).toContain(row(id.c!, 2019).rate)
    expect(['0.6', 's']).toContain(row(id.c!, 2020).rate)
    // In each line (campus, year) a hidden value is never alone.
    for (const line of [
      ...[id.a!, id.b!, id.c!].map((c) => rows.filter((r) => r.campus_id === c)),
      ...['2019', '2020'].map((y) => rows.filter((r) => r.exit_year === y)),
    ]) {
      expect(line.filter((r) => r.numerator === 's').length).not.toBe(1)
      expect(line.filter((r) => r.population === 's').length).not.toBe(1)
    }

    const q = 'metric=r_positive&basis=entrants&checkpoint=m6'
    const withheld = checkPlacement(
      pkg.tables.get('placement-campus-year')!,
      (await stats(t.app, `${q}&groupBy=campus,exitYear`)).groups,
      (await stats(t.admin, `${q}&groupBy=campus,exitYear`)).groups,
      (r) => `${r.campus_id}|${r.exit_year}`,
      (g) => `${g.key.campus}|${g.key.exitYear}`,
    )
    expect(withheld).toBeGreaterThanOrEqual(12)
    checkPlacement(
      pkg.tables.get('placement-network-year')!,
      (await stats(t.app, `${q}&groupBy=exitYear`)).groups,
      (await stats(t.admin, `${q}&groupBy=exitYear`)).groups,
      (r) => `${r.exit_year}`,
      (g) => `${g.key.exitYear}`,
    )
    // Without demonstration records the package does not say it has some.
    expect(pkg.descriptor.description).not.toMatch(/démonstration/)
    expect(
      pkg.tables.get('flows-campus-year')!.raw.find((r) => r.campus_id === id.a && r.year === '2020')?.entrants,
    ).toBe('s')
  })
})
