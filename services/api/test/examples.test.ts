import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { call, createTestApp } from './helpers.js'
import { patience } from './patience.js'

/**
 * Every operation of the committed contract documents a request example (when it takes a body) and
 * an example of each successful JSON answer, and every example validates against its own schema.
 * Examples come from the media type (`example`, `examples`) or from the schema's `examples`
 * (the `examples` of the TypeBox schemas in packages/contract/src).
 */

interface MediaType {
  schema?: Record<string, unknown>
  example?: unknown
  examples?: Record<string, { value?: unknown }>
}
interface Operation {
  operationId: string
  requestBody?: { content: Record<string, MediaType> }
  responses: Record<string, { content?: Record<string, MediaType> }>
}

const contractPath = fileURLToPath(new URL('../../../packages/contract/openapi.json', import.meta.url))
const doc = JSON.parse(readFileSync(contractPath, 'utf8')) as {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, Record<string, unknown>> }
}

const base = 'urn:trajectoires:contract'
/** A copy with local references made absolute, so that any schema can be compiled on its own. */
function absolute<T>(value: T): T {
  if (Array.isArray(value)) return value.map(absolute) as T
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#') ? base + v : absolute(v),
      ]),
    ) as T
  }
  return value
}

const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats(ajv)
ajv.addSchema({ $id: base, components: absolute(doc.components) })

/** The schema a `$ref` points to (one level), to read its `examples`. */
function resolve(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const ref = schema?.$ref
  if (typeof ref !== 'string') return schema
  return doc.components.schemas[ref.replace('#/components/schemas/', '')]
}

/** Every example of a media type, named by where it comes from. */
function examplesOf(media: MediaType): Array<[string, unknown]> {
  const found: Array<[string, unknown]> = []
  if (media.example !== undefined) found.push(['example', media.example])
  for (const [name, e] of Object.entries(media.examples ?? {})) found.push([`examples.${name}`, e.value])
  const schemaExamples = resolve(media.schema)?.examples
  if (Array.isArray(schemaExamples)) schemaExamples.forEach((e, i) => found.push([`schema examples[${i}]`, e]))
  return found
}

interface Case {
  where: string
  media: MediaType
  json: boolean
}

const cases: Case[] = []
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const name = `${op.operationId} (${method.toUpperCase()} ${path})`
    for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
      cases.push({ where: `${name} request ${type}`, media, json: /json/.test(type) && !/ndjson/.test(type) })
    }
    for (const [status, response] of Object.entries(op.responses)) {
      if (!status.startsWith('2')) continue
      for (const [type, media] of Object.entries(response.content ?? {})) {
        const json = /json/.test(type)
        // Every JSON answer needs an example; other media types are checked when they have one.
        if (json || examplesOf(media).length > 0) cases.push({ where: `${name} ${status} ${type}`, media, json })
      }
    }
  }
}

describe('examples in the contract', () => {
  it('walks a contract with operations', () => {
    expect(cases.length).toBeGreaterThan(70)
  })

  it('has a request example and a response example for every operation', () => {
    const missing = cases.filter((c) => examplesOf(c.media).length === 0).map((c) => c.where)
    expect(missing).toEqual([])
  })

  it('has examples that validate against their own schemas', () => {
    const invalid: string[] = []
    for (const c of cases) {
      if (!c.media.schema) continue
      const validate = ajv.compile(absolute(c.media.schema))
      for (const [source, example] of examplesOf(c.media)) {
        if (!c.json && typeof example !== 'string') invalid.push(`${c.where} ${source}: not text`)
        if (!validate(example)) invalid.push(`${c.where} ${source}: ${ajv.errorsText(validate.errors)}`)
      }
    }
    expect(invalid).toEqual([])
  })

  it('refuses an example that breaks its schema (the check can fail)', () => {
    const validate = ajv.compile(absolute({ $ref: '#/components/schemas/Campus' }))
    const example = (doc.components.schemas.Campus!.examples as unknown[] | undefined)?.[0] ?? {}
    expect(validate({ ...(example as object), unexpected: true })).toBe(false)
  })
})

describe('"Try it out" in the interactive docs', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp()
  }, patience(120_000))
  afterAll(() => t.close())

  // Swagger UI fills every query parameter that has an example: together they must make a request
  // the API answers (not exitYear with exitFrom/exitTo, not made-up ids that are 404s).
  it('pre-fills query examples that the API accepts together', async () => {
    const live = (await call(t.app, { method: 'GET', url: '/api/openapi.json' })).data as {
      paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string; example?: unknown }> }>>
    }
    const refused: string[] = []
    let tried = 0
    for (const [path, item] of Object.entries(live.paths)) {
      const op = item.get
      if (!op || path.includes('{')) continue
      const examples = (op.parameters ?? []).filter((p) => p.in === 'query' && p.example !== undefined)
      if (examples.length === 0) continue
      const query = new URLSearchParams(examples.map((p): [string, string] => [p.name, String(p.example)]))
      const res = await t.admin.inject({ method: 'GET', url: `${path}?${query}` })
      tried++
      if (res.statusCode >= 400) refused.push(`${path}?${query} -> ${res.statusCode} ${res.body.slice(0, 160)}`)
    }
    expect(tried).toBeGreaterThan(3)
    expect(refused).toEqual([])
  })
})

describe('the partner guide', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp()
  }, patience(120_000))
  afterAll(() => t.close())

  it('is docs/api.md, served at /api/guide.md and linked from the interactive docs', async () => {
    const doc = (await call(t.app, { method: 'GET', url: '/api/openapi.json' })).data
    expect(doc.info.description).toContain('(/api/guide.md)')
    const guide = await t.app.inject({ method: 'GET', url: '/api/guide.md' })
    expect(guide.statusCode).toBe(200)
    expect(guide.body).toBe(readFileSync(fileURLToPath(new URL('../../../docs/api.md', import.meta.url)), 'utf8'))
    for (const section of ['## Authentication', '## Errors', '## Rate limits', '## Versioning and deprecation'])
      expect(guide.body).toContain(section)
  })
})
