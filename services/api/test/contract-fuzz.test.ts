import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsImport from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seed } from '../src/db/seed.js'
import { insertCohort, newLearner } from '../src/modules/enrolments/enrolments.fixtures.js'
import { call, createKey, createStaff, createTestApp, type TestContext } from './helpers.js'
import { patience } from './patience.js'

/**
 * Property-based check of the published contract: for every operation of openapi.json, requests
 * generated from its own schemas (valid ones, and ones twisted on purpose: a field missing or of
 * the wrong type, NUL characters, huge numbers, over-long ids, a bad percent-encoding, an odd
 * Accept or If-Match, no credentials…) are sent through `app.inject`. Every answer must be below
 * 500, have a status the operation documents, and a body its documented schema accepts. Bounded:
 * a fixed seed and `FUZZ_RUNS` runs per operation (25 by default).
 */

type Schema = Record<string, any>
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie'
  name: string
  required?: boolean
  schema: Schema
  example?: unknown
}
interface Operation {
  method: string
  path: string
  operationId: string
  parameters?: Parameter[]
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema; example?: unknown }> }
  responses: Record<string, { content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> }>
}

const document = JSON.parse(
  readFileSync(new URL('../../../packages/contract/openapi.json', import.meta.url), 'utf8'),
) as { paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>; components: { schemas: Schema } }

const operations: Operation[] = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'patch', 'put', 'delete'].includes(method))
    .map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
)

const runs = Number(process.env.FUZZ_RUNS ?? 25)
const seedValue = 20261206

// ---- Response validation: the components under their own names, so that any schema compiles alone.

const addFormats = ((addFormatsImport as unknown as { default?: typeof addFormatsImport }).default ??
  addFormatsImport) as unknown as (ajv: Ajv2020) => Ajv2020
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: false, validateFormats: true }))
const localRefs = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replace(/"#\/components\/schemas\/([^"]+)"/g, '"$1"'))
for (const [name, schema] of Object.entries(document.components.schemas)) {
  ajv.addSchema({ ...(localRefs(schema) as Schema), $id: name })
}
const validators = new Map<Schema, ValidateFunction>()
function validatorFor(schema: Schema): ValidateFunction {
  let v = validators.get(schema)
  if (!v) {
    v = ajv.compile(localRefs(schema) as Schema)
    validators.set(schema, v)
  }
  return v
}

// ---- Request generation from the schemas.

/** Ids seen in answers, reused as path and body ids so that requests reach real records too. */
const seenIds: string[] = []
/** Ids that must survive the run: the accounts and key the requests are made with. */
const protectedIds = new Set<string>()
const fallbackId = '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10'

const resolve = (schema: Schema): Schema =>
  schema.$ref ? resolve(document.components.schemas[String(schema.$ref).split('/').pop()!]) : schema

const knownId = fc.nat().map((i) => (seenIds.length > 0 ? seenIds[i % seenIds.length]! : fallbackId))

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.oneof({ arbitrary: knownId, weight: 3 }, { arbitrary: fc.uuid(), weight: 1 })
    case 'date':
      return fc
        .date({ min: new Date('2015-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10))
    case 'date-time':
      return fc
        .date({ min: new Date('2015-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString())
    case 'email':
      return fc.emailAddress()
    case 'uri':
      return fc.webUrl()
  }
  if (schema.pattern) {
    try {
      return fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((s) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? 1000))
    } catch {
      // a pattern fast-check cannot generate from: plain strings below
    }
  }
  const minLength = schema.minLength ?? 0
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 24, 24)) })
}

function arbitrary(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema)
  const generated = generate(s, depth)
  // Example ids name nothing here: ids come from the records seen instead.
  const examples = s.format === 'uuid' ? [] : ((s.examples as unknown[] | undefined) ?? [])
  return examples.length > 0
    ? fc.oneof({ arbitrary: fc.constantFrom(...examples), weight: 2 }, { arbitrary: generated, weight: 1 })
    : generated
}

function generate(s: Schema, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const)
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]))
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined
  if (branches) return fc.oneof(...branches.map((b) => arbitrary(b, depth + 1)))
  if (s.allOf) {
    const merged: Schema = { type: 'object', properties: {}, required: [] }
    for (const part of (s.allOf as Schema[]).map(resolve)) {
      Object.assign(merged.properties, part.properties)
      merged.required.push(...(part.required ?? []))
    }
    return generate(merged, depth)
  }
  const types = [s.type].flat().filter(Boolean) as string[]
  if (types.length > 1) return fc.oneof(...types.map((type) => generate({ ...s, type }, depth)))
  switch (types[0]) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer':
      return fc.integer({ min: s.minimum ?? -5, max: s.maximum ?? 3000 })
    case 'number':
      return fc.double({ min: s.minimum ?? -5, max: s.maximum ?? 3000, noNaN: true, noDefaultInfinity: true })
    case 'string':
      return stringArbitrary(s)
    case 'array': {
      const item = arbitrary(s.items ?? {}, depth + 1)
      const constraints = {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
      }
      return s.uniqueItems
        ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) })
        : fc.array(item, constraints)
    }
    case 'object': {
      const required = new Set<string>(s.required ?? [])
      const entries = Object.entries((s.properties ?? {}) as Record<string, Schema>).filter(
        ([name]) => depth < 4 || required.has(name),
      )
      return fc.record(Object.fromEntries(entries.map(([name, p]) => [name, arbitrary(p, depth + 1)])), {
        requiredKeys: [...required].filter((name) => entries.some(([n]) => n === name)),
      })
    }
    default:
      return fc.jsonValue({ maxDepth: 1 })
  }
}

/** Values of one request part, by name: required ones always, optional ones now and then. */
function partArbitrary(parameters: Parameter[]): fc.Arbitrary<Record<string, unknown>> {
  const special: Record<string, fc.Arbitrary<unknown>> = {
    'if-match': fc.oneof(
      fc.integer({ min: 1, max: 4 }).map((v) => `"${v}"`),
      fc.constantFrom('*', '"1", "2"', 'W/"1"', 'abc', ''),
    ),
    'if-none-match': fc.oneof(
      fc.integer({ min: 1, max: 4 }).map((v) => `"${v}"`),
      fc.constantFrom('*', 'W/"1"', '"x", "1"'),
    ),
    'idempotency-key': fc.oneof(fc.uuid(), fc.constantFrom('é', 'x'.repeat(201))),
    accept: fc.constantFrom('application/json', 'text/csv', '*/*', 'text/*', 'application/xml', 'application/json;q=0'),
  }
  const valueOf = (p: Parameter) =>
    special[p.name.toLowerCase()] ??
    (p.example !== undefined ? fc.oneof(fc.constant(p.example), arbitrary(p.schema)) : arbitrary(p.schema))
  // Optional parameters are left out three times in four: one odd filter spoils a whole request.
  return fc
    .record(
      Object.fromEntries(
        parameters.map((p) => [
          p.name,
          p.required ? valueOf(p) : fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, valueOf(p)),
        ]),
      ),
    )
    .map((values) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)))
}

/** Ways to spoil a request, each aimed at a different layer. */
const twists = fc.oneof(
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 6 },
  {
    arbitrary: fc.record({
      kind: fc.constant('query' as const),
      value: fc.constantFrom('2147483648', '1e999', '-1', '\u0000', '', 'x'.repeat(300), 'eyJ2IjoieCIsImlkIjoiLS0tIn0'),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('path' as const),
      value: fc.constantFrom('x'.repeat(150), 'urn:uuid:0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10', '0', '%E0%A4%A', 'a b'),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('body' as const),
      how: fc.constantFrom('drop', 'extra', 'wrongType', 'nul', 'huge', 'malformed', 'textPlain', 'empty'),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('accept' as const),
      value: fc.constantFrom('application/xml', 'text/csv', 'image/png, */*;q=0', 'text/html', 'nonsense'),
    }),
    weight: 1,
  },
)

const actors = ['admin', 'admin', 'anonymous', 'key', 'campus_staff'] as const
type Actor = (typeof actors)[number]

function requestArbitrary(op: Operation) {
  const params = op.parameters ?? []
  const jsonBody = op.requestBody?.content['application/json']
  const fileBody = op.requestBody && !jsonBody ? Object.entries(op.requestBody.content) : []
  return fc.record({
    path: partArbitrary(params.filter((p) => p.in === 'path')),
    query: partArbitrary(params.filter((p) => p.in === 'query')),
    headers: partArbitrary(params.filter((p) => p.in === 'header')),
    body: jsonBody
      ? arbitrary(jsonBody.schema)
      : fileBody.length > 0
        ? fc.oneof(
            fc.constantFrom(...fileBody.map(([type, c]) => ({ type, text: String(c.example ?? '') }))),
            fc.record({ type: fc.constantFrom(...fileBody.map(([type]) => type)), text: fc.string() }),
            fc.constant({ type: 'application/x-ndjson', text: '{]\n' }),
          )
        : fc.constant(undefined),
    actor: fc.constantFrom(...actors),
    twist: twists,
    pick: fc.nat(),
  })
}

type Generated = ReturnType<typeof requestArbitrary> extends fc.Arbitrary<infer T> ? T : never

function spoilBody(body: unknown, how: string, pick: number): { payload?: string; contentType?: string } {
  const json = (v: unknown) => ({ payload: JSON.stringify(v) })
  if (how === 'malformed') return { payload: '{"a": ' }
  if (how === 'textPlain') return { payload: 'hello', contentType: 'text/plain' }
  if (how === 'empty') return { payload: '' }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return json(how === 'huge' ? 2147483648 : body)
  const record = { ...(body as Record<string, unknown>) }
  const keys = Object.keys(record)
  const key = keys.length > 0 ? keys[pick % keys.length]! : 'name'
  switch (how) {
    case 'drop':
      delete record[key]
      break
    case 'extra':
      record.notAProperty = 1
      break
    case 'wrongType':
      record[key] = typeof record[key] === 'string' ? 12 : 'twelve'
      break
    case 'nul':
      record[key] = 'a\u0000b'
      break
    case 'huge':
      record[key] = 2147483648
      break
  }
  return json(record)
}

let t: TestContext
const tally: Record<string, Record<number, number>> = {}
const credentials: Record<Actor, Record<string, string>> = { admin: {}, anonymous: {}, key: {}, campus_staff: {} }
let logoutSession: Record<string, string> = {}

/** The request as sent, for the failure message. */
interface Sent {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string
}

function build(op: Operation, g: Generated): Sent {
  const twist = g.twist
  const params = op.parameters ?? []
  let url = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (twist.kind === 'path') return twist.value === '%E0%A4%A' ? twist.value : encodeURIComponent(twist.value)
    return encodeURIComponent(String(g.path[name] ?? fallbackId))
  })
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(g.query)) {
    for (const v of [value].flat()) query.append(name, typeof v === 'string' ? v : JSON.stringify(v))
  }
  const queryNames = params.filter((p) => p.in === 'query').map((p) => p.name)
  if (twist.kind === 'query' && queryNames.length > 0) query.set(queryNames[g.pick % queryNames.length]!, twist.value)
  if ([...query.keys()].length > 0) url += `?${query.toString()}`

  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(g.headers)) {
    const text = String(value)
    // Header values are visible ASCII on the wire; light-my-request refuses the rest.
    if (/^[\x20-\x7e]*$/.test(text)) headers[name] = text
  }
  if (twist.kind === 'accept') headers.accept = twist.value
  // Logging out ends a session: only the one made for it, so that the others keep calling.
  const actor = op.operationId === 'logout' && g.actor !== 'anonymous' ? logoutSession : credentials[g.actor]
  Object.assign(headers, actor)

  let payload: string | undefined
  if (op.requestBody) {
    const file = g.body as { type: string; text: string } | undefined
    if (!op.requestBody.content['application/json'] && file) {
      headers['content-type'] = file.type
      payload = file.text
    } else {
      headers['content-type'] = 'application/json'
      const spoiled =
        twist.kind === 'body' ? spoilBody(g.body, twist.how, g.pick) : { payload: JSON.stringify(g.body ?? {}) }
      payload = spoiled.payload
      if (spoiled.contentType) headers['content-type'] = spoiled.contentType
    }
  }
  return { method: op.method, url, headers, ...(payload !== undefined ? { payload } : {}) }
}

/** Every uuid `id` of an answer (the record, or the items of a page), kept for later requests. */
function collectIds(data: unknown) {
  const add = (v: unknown) => {
    const id = (v as { id?: unknown } | null)?.id
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id) && !protectedIds.has(id) && !seenIds.includes(id))
      seenIds.push(id)
  }
  add(data)
  const items = (data as { items?: unknown } | null)?.items
  if (Array.isArray(items)) items.slice(0, 5).forEach(add)
}

/** What is wrong with an answer, or undefined. */
function check(op: Operation, res: Awaited<ReturnType<typeof call>>): string | undefined {
  const status = String(res.statusCode)
  if (res.statusCode >= 500) return `${status}: ${res.body.slice(0, 500)}`
  const documented = op.responses[status]
  if (!documented) return `undocumented status ${status}: ${res.body.slice(0, 500)}`
  if (res.body === '') return undefined
  const type = String(res.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
  const content = documented.content?.[type]
  if (!content) {
    return `status ${status} documents ${Object.keys(documented.content ?? {}).join(', ') || 'no body'}, got ${type}`
  }
  if (!/json$/.test(type)) return undefined
  const validate = validatorFor(content.schema)
  if (!validate(res.data)) {
    return `body breaks the schema of ${status} ${type}: ${ajv.errorsText(validate.errors)}; ${res.body.slice(0, 500)}`
  }
  if (/^2/.test(status)) {
    for (const header of ['ETag', 'Location']) {
      if (documented.headers?.[header] && res.headers[header.toLowerCase()] === undefined)
        return `status ${status} documents ${header}, which the answer lacks`
    }
  }
  return undefined
}

beforeAll(async () => {
  t = await createTestApp()
  await seed(t.database.db)
  const campus = (await call(t.admin, { method: 'GET', url: '/api/v1/campuses?limit=1' })).data.items[0].id as string
  // A few records of each kind for the generated ids to find (the demo data would cost seconds).
  const cohort = await insertCohort(t.database.db, {
    campusId: campus,
    name: 'Fuzz 2019-1',
    startDate: '2019-01-07',
    endDate: '2019-06-28',
  })
  for (let i = 0; i < 2; i++) {
    const learner = await newLearner(t.admin, campus)
    await call(t.admin, {
      method: 'POST',
      url: '/api/v1/enrolments',
      payload: { learnerId: learner.id, cohortId: cohort.id, appliedOn: '2018-11-05' },
    })
  }
  const campusStaff = await createStaff(t, { role: 'campus_staff', campusIds: [campus] })
  const logoutStaff = await createStaff(t, { role: 'network_staff' })
  const key = await createKey(t.admin, {
    scopes: ['records:read', 'enrolments:write', 'outcomes:write', 'stats:read'],
    campusIds: [campus],
  })
  const admin = await call(t.admin, { method: 'GET', url: '/api/v1/auth/me' })
  for (const id of [campusStaff.id, logoutStaff.id, key.id, admin.data?.id, admin.data?.user?.id]) {
    if (typeof id === 'string') protectedIds.add(id)
  }
  credentials.admin = t.asAdmin
  credentials.campus_staff = campusStaff.headers
  credentials.key = key.headers
  logoutSession = logoutStaff.headers
  // Records to start from: a page of each list.
  for (const list of [
    'campuses',
    'organisations',
    'tracks',
    'cohorts',
    'learners',
    'enrolments',
    'users',
    'snapshots',
  ]) {
    collectIds((await call(t.admin, { method: 'GET', url: `/api/v1/${list}?limit=5` })).data)
  }
}, patience(180_000))
afterAll(async () => {
  // FUZZ_STATS=1 prints the statuses each operation got: how far the generated requests reach.
  if (process.env.FUZZ_STATS) console.log(JSON.stringify(tally, null, 1))
  await t?.close()
})

describe('every operation of the contract, fuzzed', () => {
  it('covers every operation of openapi.json', () => {
    expect(operations.length).toBeGreaterThan(70)
  })

  for (const op of operations) {
    it(
      `${op.operationId} (${op.method} ${op.path}) answers as documented`,
      async () => {
        await fc.assert(
          fc.asyncProperty(requestArbitrary(op), async (generated) => {
            const sent = build(op, generated)
            const res = await call(t.app, sent)
            tally[op.operationId] = {
              ...tally[op.operationId],
              [res.statusCode]: (tally[op.operationId]?.[res.statusCode] ?? 0) + 1,
            }
            if (res.statusCode < 300) collectIds(res.data)
            const problem = check(op, res)
            if (problem)
              throw new Error(
                `${sent.method} ${sent.url} ${JSON.stringify(sent.headers)} ${sent.payload ?? ''}\n→ ${problem}`,
              )
          }),
          { seed: seedValue, numRuns: runs, endOnFailure: true },
        )
      },
      patience(60_000),
    )
  }
})
