import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { breakingChanges, intendedBreaks, isIntended } from './contract-breaking.rules.js'

/** A small contract: a list of campuses with a query, a creation with a body, and a Campus schema. */
function fixture() {
  return {
    openapi: '3.1.0',
    info: { title: 'fixture', version: '1' },
    paths: {
      '/api/v1/campuses': {
        get: {
          operationId: 'listCampuses',
          parameters: [
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } },
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['planned', 'open', 'closed'] } },
          ],
          responses: {
            '200': {
              description: 'A page.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      items: { type: 'array', items: { $ref: '#/components/schemas/Campus' } },
                      nextCursor: { anyOf: [{ type: 'string' }, { type: 'null' }] },
                    },
                    required: ['items', 'nextCursor'],
                  },
                },
              },
            },
            '400': { description: 'Bad request.' },
          },
        },
        post: {
          operationId: 'createCampus',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CampusCreate' } } },
          },
          responses: {
            '201': {
              description: 'Created.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Campus' } } },
            },
          },
        },
      },
      '/api/v1/campuses/{id}': {
        get: {
          operationId: 'getCampus',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            '200': {
              description: 'A campus.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Campus' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Campus: {
          type: 'object',
          additionalProperties: false,
          properties: {
            id: { type: 'string', format: 'uuid' },
            name: { type: 'string' },
            status: { type: 'string', enum: ['planned', 'open', 'closed'] },
            yearlyCapacity: { type: 'integer' },
            latitude: { anyOf: [{ type: 'number' }, { type: 'null' }] },
          },
          required: ['id', 'name', 'status', 'yearlyCapacity', 'latitude'],
        },
        CampusCreate: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            status: { type: 'string', enum: ['planned', 'open', 'closed'] },
            yearlyCapacity: { type: 'integer', minimum: 1 },
          },
          required: ['name'],
        },
      },
    },
  }
}

type Doc = ReturnType<typeof fixture>
const changed = (edit: (d: Doc) => void) => {
  const d = fixture()
  edit(d)
  return breakingChanges(fixture(), d)
}
const rules = (edit: (d: Doc) => void) => changed(edit).map((c) => `${c.operation} ${c.rule} ${c.where}`.trim())
const campus = (d: Doc) => d.components.schemas.Campus.properties as Record<string, any>
const create = (d: Doc) => d.components.schemas.CampusCreate as any
const list = (d: Doc) => d.paths['/api/v1/campuses'].get as any

describe('breaking changes: each rule', () => {
  it('passes an unchanged contract', () => {
    expect(breakingChanges(fixture(), fixture())).toEqual([])
  })

  it('fails on a removed path, operation or success status', () => {
    expect(rules((d) => delete (d.paths as any)['/api/v1/campuses/{id}'])).toEqual(['getCampus path_removed'])
    expect(rules((d) => delete (d.paths['/api/v1/campuses'] as any).post)).toEqual(['createCampus operation_removed'])
    expect(rules((d) => delete list(d).responses['200'])).toEqual(['listCampuses response_removed response 200'])
  })

  it('fails on a removed response property, or one that became optional or nullable', () => {
    expect(rules((d) => delete campus(d).yearlyCapacity)).toContain(
      'listCampuses property_removed response 200 application/json /items/items/yearlyCapacity',
    )
    expect(
      rules((d) => {
        d.components.schemas.Campus.required = ['id', 'name', 'status', 'latitude']
      }),
    ).toContain('getCampus became_optional response 200 application/json /yearlyCapacity')
    expect(
      rules((d) => {
        campus(d).name = { anyOf: [{ type: 'string' }, { type: 'null' }] }
      }),
    ).toContain('getCampus became_nullable response 200 application/json /name')
  })

  it('fails on a type change', () => {
    expect(
      rules((d) => {
        campus(d).yearlyCapacity = { type: 'string' }
      }),
    ).toContain('getCampus type_changed response 200 application/json /yearlyCapacity')
    expect(
      rules((d) => {
        create(d).properties.yearlyCapacity = { type: 'string' }
      }),
    ).toEqual(['createCampus type_changed request application/json /yearlyCapacity'])
  })

  it('fails on a new required request property or parameter', () => {
    expect(
      rules((d) => {
        create(d).properties.inseeCode = { type: 'string' }
        create(d).required = ['name', 'inseeCode']
      }),
    ).toEqual(['createCampus new_required request application/json /inseeCode'])
    expect(
      rules((d) => {
        create(d).required = ['name', 'status']
      }),
    ).toEqual(['createCampus new_required request application/json /status'])
    expect(
      rules((d) => {
        list(d).parameters.push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } })
      }),
    ).toEqual(['listCampuses new_required query region'])
    expect(
      rules((d) => {
        list(d).parameters[0].required = true
      }),
    ).toEqual(['listCampuses new_required query limit'])
  })

  it('fails on an enum value removed from a response, or narrowed in a request', () => {
    expect(
      rules((d) => {
        campus(d).status = { type: 'string', enum: ['planned', 'open'] }
      }),
    ).toContain('getCampus enum_value_removed response 200 application/json /status')
    expect(
      rules((d) => {
        create(d).properties.status = { type: 'string', enum: ['planned', 'open'] }
      }),
    ).toEqual(['createCampus enum_narrowed request application/json /status'])
    expect(
      rules((d) => {
        list(d).parameters[1].schema.enum = ['open']
      }),
    ).toEqual(['listCampuses enum_narrowed query status'])
  })

  it('fails on a stricter request constraint', () => {
    for (const edit of [
      (d: Doc) => (create(d).properties.name.minLength = 2),
      (d: Doc) => (create(d).properties.name.maxLength = 100),
      (d: Doc) => (create(d).properties.name.pattern = '^[A-Z]'),
      (d: Doc) => (create(d).properties.yearlyCapacity.maximum = 500),
      (d: Doc) => (list(d).parameters[0].schema.maximum = 50),
    ]) {
      expect(rules(edit)).toHaveLength(1)
      expect(changed(edit)[0]!.rule).toBe('stricter_constraint')
    }
  })

  it('fails on a removed request property or parameter (unknown ones are refused)', () => {
    expect(rules((d) => delete create(d).properties.status)).toEqual([
      'createCampus property_removed request application/json /status',
    ])
    expect(rules((d) => list(d).parameters.pop())).toEqual(['listCampuses parameter_removed query status'])
  })
})

describe('breaking changes: what is not breaking', () => {
  it('passes additions: a new operation, property, optional parameter, enum value, status', () => {
    const d = fixture()
    ;(d.paths as any)['/api/v1/open-data'] = { get: { operationId: 'getOpenData', responses: { '200': {} } } }
    campus(d).openingDate = { type: 'string', format: 'date' }
    create(d).properties.openingDate = { type: 'string', format: 'date' }
    list(d).parameters.push({ name: 'region', in: 'query', schema: { type: 'string' } })
    create(d).properties.status.enum.push('suspended')
    list(d).parameters[1].schema.enum.push('suspended')
    list(d).responses['304'] = { description: 'Not modified.' }
    expect(breakingChanges(fixture(), d)).toEqual([])
  })

  it('passes looser requests and stricter responses', () => {
    const d = fixture()
    create(d).properties.name.minLength = 0
    delete create(d).properties.name.maxLength
    create(d).properties.yearlyCapacity = { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] }
    list(d).parameters[0].schema.maximum = 500
    campus(d).latitude = { type: 'number' }
    campus(d).yearlyCapacity = { type: 'integer', minimum: 1 }
    ;(d.paths['/api/v1/campuses'].post.requestBody as any).required = false
    delete list(d).responses['400']
    expect(breakingChanges(fixture(), d)).toEqual([])
  })

  it('passes examples and descriptions', () => {
    const d = fixture()
    ;(d.components.schemas.Campus as any).examples = [{ id: 'x' }]
    ;(d.components.schemas.Campus as any).description = 'A school.'
    expect(breakingChanges(fixture(), d)).toEqual([])
  })
})

describe('breaking changes: marked as intended in CHANGELOG.md', () => {
  const changelog = (lines: string) => `# Changelog

## Unreleased

### Changed

${lines}

## 0.1.0

- Breaking: getCampus — an old release, not this one
`

  it('reads the Unreleased section only', () => {
    expect(intendedBreaks(changelog('- Breaking: listCampuses — `status` loses `closed`'))).toEqual([
      { name: 'listCampuses', reason: '`status` loses `closed`' },
    ])
    expect(intendedBreaks(changelog('- nothing breaking'))).toEqual([])
    expect(intendedBreaks(changelog('Breaking: GET /api/v1/campuses/{id} — moved to /api/v2'))).toEqual([
      { name: 'GET /api/v1/campuses/{id}', reason: 'moved to /api/v2' },
    ])
  })

  it('lets a change through when its operationId, path or method and path is named', () => {
    const [change] = changed((d) => delete (d.paths as any)['/api/v1/campuses/{id}'])
    for (const name of ['getCampus', '/api/v1/campuses/{id}', 'GET /api/v1/campuses/{id}']) {
      expect(isIntended(change!, intendedBreaks(changelog(`- Breaking: ${name} — gone in v2`)))).toBe(true)
    }
    expect(isIntended(change!, intendedBreaks(changelog('- Breaking: listCampuses — another one')))).toBe(false)
    // A line without a reason does not count, nor one in a released section.
    expect(isIntended(change!, intendedBreaks(changelog('- Breaking: getCampus')))).toBe(false)
    expect(isIntended(change!, intendedBreaks(changelog('')))).toBe(false)
  })

  it('runs as a command: fails on an unmarked change, passes once it is marked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-breaking-'))
    const head = fixture()
    delete (head.paths as any)['/api/v1/campuses/{id}']
    writeFileSync(join(dir, 'base.json'), JSON.stringify(fixture()))
    writeFileSync(join(dir, 'head.json'), JSON.stringify(head))
    writeFileSync(join(dir, 'plain.md'), changelog('- nothing'))
    writeFileSync(join(dir, 'marked.md'), changelog('- Breaking: getCampus — replaced by /api/v2/campuses/{id}'))
    const script = fileURLToPath(new URL('./contract-breaking.ts', import.meta.url))
    const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url))
    const run = (md: string) =>
      execFileSync(
        tsx,
        [script, '--base', join(dir, 'base.json'), '--head', join(dir, 'head.json'), '--changelog', join(dir, md)],
        { encoding: 'utf8', stdio: 'pipe' },
      )
    expect(() => run('plain.md')).toThrow(/getCampus \(GET \/api\/v1\/campuses\/\{id\}\).*path_removed/)
    expect(run('marked.md')).toMatch(/1 breaking change\(s\) marked as intended/)
  })
})
