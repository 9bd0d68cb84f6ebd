import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { repoRoot } from '../paths.js'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { Type } from '@fastify/type-provider-typebox'
import { access } from '../lib/access.js'
import { NotFound } from '../lib/errors.js'
import { registerWithAccess } from './auth.js'
import { producedTypes } from './negotiation.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the OpenAPI document says of this operation beyond its schemas and access. */
    openapi?: {
      /** Problem statuses the operation also sends, with what they mean here. */
      problems?: Record<number, string>
      /** `false`: a 201 of this operation has no `Location` (nothing to fetch at an address). */
      location?: boolean
      /** Statistics: 200 and 304 carry `Data-Version` and, while newer writes are being added, `Stats-Updating`. */
      figures?: boolean
    }
  }
}

const problemStatuses: Record<string, string> = {
  '400': 'The request is malformed or fails validation; `errors` lists every failing field.',
  '401': 'Credentials are needed, or the ones sent are unknown, expired or revoked.',
  '403': 'The credentials do not allow this (role, scope, campus), or the CSRF token is missing.',
  '429': 'Too many requests: wait for the number of seconds in `Retry-After`.',
  '404': 'The resource does not exist.',
  '409': 'The change conflicts with the current state (duplicate, overlap, still in use).',
  '412': 'The `If-Match` ETag is stale: somebody changed the resource since you read it.',
  '406': 'The `Accept` header allows none of the media types this operation answers with.',
  '413': 'The request body is too large.',
  '414': 'A path segment is longer than any id.',
  '415': 'The request body is not JSON.',
  '422': 'The `Idempotency-Key` was already used with another request.',
  '428': 'The update needs an `If-Match` header.',
  '500': 'Something went wrong on our side.',
  '503': 'The database cannot be reached; try again shortly.',
}

/** Which problem responses an operation documents, by method. */
function problemsFor(route: RouteOptions): string[] {
  const methods = Array.isArray(route.method) ? route.method : [route.method]
  const statuses = new Set(['400', '429', '500', '503'])
  const rule = route.config?.access
  if (rule && !rule.ignoreCredentials) statuses.add('401')
  if (rule && rule.allow !== 'public') statuses.add('403')
  const hasParams = /:/.test(route.url)
  if (hasParams) ['404', '414'].forEach((s) => statuses.add(s))
  if (producedTypes(route.schema).length > 0) statuses.add('406')
  for (const status of Object.keys(route.config?.openapi?.problems ?? {})) statuses.add(status)
  for (const m of methods) {
    if (m === 'POST' || m === 'PATCH' || m === 'PUT') ['409', '413', '415'].forEach((s) => statuses.add(s))
    if (m === 'POST') statuses.add('422')
    if (m === 'PATCH' || m === 'DELETE') ['409', '412', '428'].forEach((s) => statuses.add(s))
  }
  return [...statuses].sort()
}

interface QueryParameter {
  in: string
  example?: unknown
  schema?: { format?: string }
}

/** Formats whose examples are made up (an id nobody has, a day) and narrow or contradict the other filters. */
const narrowingFormats = new Set(['uuid', 'date', 'date-time'])

/**
 * Swagger UI's "Try it out" fills every query parameter that has an example, and sends them all:
 * `exitYear` with `exitFrom`/`exitTo` was refused, a made-up campus id was a 404. Query parameters
 * that filter by an id or a date keep their description but lose the example.
 */
function withCompatibleQueryExamples<T extends { paths?: Record<string, unknown> }>(document: T): T {
  for (const item of Object.values(document.paths ?? {}) as Array<Record<string, { parameters?: unknown }>>) {
    for (const op of Object.values(item)) {
      for (const parameter of (op?.parameters ?? []) as QueryParameter[]) {
        if (parameter.in === 'query' && narrowingFormats.has(parameter.schema?.format ?? '')) delete parameter.example
      }
    }
  }
  return document
}

interface DocParameter {
  in: string
  name: string
  required?: boolean
  description?: string
  schema?: unknown
}

interface DocResponse {
  description?: string
  content?: Record<string, { schema?: { $ref?: string } }>
  headers?: Record<string, unknown>
}

interface DocOperation {
  operationId?: string
  requestBody?: { content?: Record<string, { schema?: unknown }> }
  parameters?: DocParameter[]
  responses?: Record<string, DocResponse>
}

const responseHeaders: Record<string, { description: string; schema: Record<string, unknown> }> = {
  ETag: {
    description:
      "The version of the answer: a record's `version` in quotes (send it in `If-Match` to change the record, or in `If-None-Match` for a 304 while it holds).",
    schema: { type: 'string', examples: ['"3"'] },
  },
  Location: {
    description: 'The address of the record just created.',
    schema: { type: 'string', format: 'uri-reference' },
  },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.',
    schema: { type: 'string', enum: ['true'] },
  },
  'RateLimit-Limit': {
    description: 'Requests allowed in the current window for this key, account or address.',
    schema: { type: 'integer', minimum: 0 },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the current window.',
    schema: { type: 'integer', minimum: 0 },
  },
  'RateLimit-Reset': { description: 'Seconds until the window ends.', schema: { type: 'integer', minimum: 0 } },
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } },
  'Data-Version': {
    description:
      'The data version the figures were computed for (a counter every write moves; a release names it in its id). With `Stats-Updating`, an older version than the records stand at now.',
    schema: { type: 'integer', minimum: 0 },
  },
  'Stats-Updating': {
    description:
      '`true` when newer writes are not in these figures yet and are being added to them: the statistics refresh of an import still running (network staff then get their last answer to the same question, at its `Data-Version`), or a new release being built. Ask again shortly for the updated figures; absent otherwise.',
    schema: { type: 'string', enum: ['true'] },
  },
}

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` })

/**
 * HTTP headers the schemas cannot say, added to the document: `If-Match` required (the service
 * answers 428 without it), `If-None-Match` and 304 on single records, `Idempotency-Key` on every
 * POST that honours it, and the response headers (`ETag`, `Location`, `Idempotent-Replayed`,
 * `RateLimit-*`, `Retry-After`), shared under `components.headers`.
 */
function withHttpHeaders<T extends object>(
  document: T,
  marks: { idempotent: Set<string>; withoutLocation: Set<string>; rateLimited: Set<string>; figures: Set<string> },
): T {
  const doc = document as { paths?: Record<string, unknown>; components?: Record<string, unknown> }
  const components = (doc.components ??= {}) as { schemas?: Record<string, { properties?: object }>; headers?: object }
  const schemas = components.schemas ?? {}
  components.headers = responseHeaders
  // A record with a version (and an update time) is sent with its ETag.
  const versioned = (response: DocResponse | undefined) => {
    const name = response?.content?.['application/json']?.schema?.$ref?.split('/').pop()
    const properties = (name && schemas[name]?.properties) || {}
    return 'version' in properties && 'updatedAt' in properties
  }
  // Whether a schema holds an id (a uuid), at its top level or one object down.
  const namesRecord = (schema: unknown, depth = 0): boolean => {
    const s = schema as { $ref?: string; format?: string; properties?: object; anyOf?: unknown[] } | undefined
    if (!s || depth > 2) return false
    if (s.$ref) return namesRecord(schemas[s.$ref.split('/').pop()!], depth)
    if (s.format === 'uuid') return true
    if (s.anyOf?.some((b) => namesRecord(b, depth))) return true
    return Object.values(s.properties ?? {}).some((p) => namesRecord(p, depth + 1))
  }
  const bodySchema = (op: DocOperation) => op.requestBody?.content?.['application/json']?.schema
  for (const item of Object.values(doc.paths ?? {}) as Array<Record<string, DocOperation>>) {
    for (const [method, op] of Object.entries(item)) {
      const id = op?.operationId
      if (!id || !op.responses) continue
      const parameters = op.parameters ?? []
      for (const p of parameters) {
        if (p.in === 'header' && p.name === 'if-match') {
          p.required = true
          p.description =
            'The ETag last read (`"3"`), a comma-separated list of them, or `*` (any current version). A weak ETag (`W/"3"`) is refused (400): If-Match compares strongly. Without it: 428.'
        }
      }
      if (method === 'get' && versioned(op.responses['200']) && !op.responses['304']) {
        op.responses['304'] = { description: 'Not modified: the record still has the ETag sent in `If-None-Match`.' }
        parameters.push({
          in: 'header',
          name: 'if-none-match',
          required: false,
          description: 'The ETag last read (or a list of them): 304 without a body while the record still has it.',
          schema: { type: 'string' },
        })
      }
      if (marks.idempotent.has(id) && !parameters.some((p) => p.in === 'header' && p.name === 'idempotency-key')) {
        parameters.push({
          in: 'header',
          name: 'idempotency-key',
          required: false,
          description:
            'Makes the request safe to retry: a retry with the same key and body gets the stored answer (with `Idempotent-Replayed: true`) and writes nothing; the same key with another body is a 422. 1 to 200 visible ASCII characters, kept 24 hours.',
          schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
        })
      }
      if (parameters.length > 0) op.parameters = parameters
      if (!op.responses['404'] && (parameters.some((p) => namesRecord(p.schema)) || namesRecord(bodySchema(op)))) {
        op.responses['404'] = {
          description: 'A record the request names by id (in the query or the body) does not exist.',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        }
      }
      const tagged = !!op.responses['304']
      for (const [status, response] of Object.entries(op.responses)) {
        const headers: Record<string, unknown> = { ...response.headers }
        if (/^2/.test(status) || status === '304') {
          if (tagged || versioned(response)) headers.ETag = headerRef('ETag')
          if (marks.figures.has(id)) {
            headers['Data-Version'] = headerRef('Data-Version')
            headers['Stats-Updating'] = headerRef('Stats-Updating')
          }
        }
        if (/^2/.test(status)) {
          if (status === '201' && !marks.withoutLocation.has(id)) headers.Location = headerRef('Location')
          if (marks.idempotent.has(id)) headers['Idempotent-Replayed'] = headerRef('Idempotent-Replayed')
          if (marks.rateLimited.has(id))
            for (const name of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'])
              headers[name] = headerRef(name)
        }
        if (status === '429' || status === '503') headers['Retry-After'] = headerRef('Retry-After')
        if (status === '429' && marks.rateLimited.has(id))
          for (const name of ['RateLimit-Limit', 'RateLimit-Remaining']) headers[name] = headerRef(name)
        if (Object.keys(headers).length > 0) response.headers = headers
      }
    }
  }
  return document
}

interface OpenApiOptions {
  publicUrl?: string | undefined
  version: string
}

/**
 * OpenAPI 3.1 generated from the route schemas. Named schemas keep their `$id` as component
 * name; every operation gets its problem responses from one hook instead of repeating them.
 */
async function openapiPlugin(app: FastifyInstance, options: OpenApiOptions) {
  // What the document's headers depend on, noted per operation as routes are added.
  const idempotent = new Set<string>()
  const withoutLocation = new Set<string>()
  const rateLimited = new Set<string>()
  const figures = new Set<string>()
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide || !route.schema?.operationId) return
    const response = { ...(route.schema.response as Record<string, unknown> | undefined) }
    const own = route.config?.openapi?.problems as Record<string, string> | undefined
    for (const status of problemsFor(route)) {
      if (response[status]) continue
      response[status] = {
        description: own?.[status] ?? problemStatuses[status],
        content: { 'application/problem+json': { schema: Type.Ref('Problem') } },
      }
    }
    route.schema.response = response
    const methods = [route.method].flat()
    if (methods.includes('POST') && route.config?.idempotency !== false) idempotent.add(route.schema.operationId)
    if (route.config?.openapi?.location === false) withoutLocation.add(route.schema.operationId)
    if (route.config?.openapi?.figures) figures.add(route.schema.operationId)
    if (!route.config?.access?.ignoreCredentials) rateLimited.add(route.schema.operationId)
  })

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Trajectoires API',
        version: options.version,
        description:
          'Records and placement statistics of the Plombiers du numérique network: campuses, partner organisations and their consortium roles. Every error is an RFC 9457 problem (`application/problem+json`) with a stable `code`. Updates need `If-Match`; creations accept `Idempotency-Key`. The guide for partners and scripts (authentication, API keys and scopes, pagination, errors, idempotency, rate limits, versioning and deprecation, a walk-through from a key to a first import) is docs/api.md in the repository, served here at [/api/guide.md](/api/guide.md).',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: options.publicUrl ?? '/', description: 'This server' }],
      // Each operation states its own requirement (generated from its `config.access`); this is the default.
      security: [{ session: [] }, { apiKey: [] }],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'trj_session',
            description:
              'The dashboard session, set by `POST /api/v1/auth/login`. Writes made with it also need the `x-csrf-token` header (the `csrfToken` of the login answer or of `GET /api/v1/auth/session`).',
          },
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'trj_<prefix>_<secret>',
            description:
              'An API key issued by an administrator to a partner organisation or a script, sent as `Authorization: Bearer <key>`. What it may do is listed as scopes in each operation’s requirement.',
          },
        },
      },
      tags: [
        { name: 'Campuses', description: 'Schools of the network (écoles).' },
        { name: 'Organisations', description: 'Partner organisations (partenaires).' },
        { name: 'Consortia', description: 'Who carries each campus, with which roles, over time.' },
        { name: 'Tracks', description: 'Training tracks (parcours, formations).' },
        { name: 'Cohorts', description: 'Cohorts (promotions, sessions) of a track at a campus.' },
        {
          name: 'Learners',
          description: 'Pseudonymous learners: no name, contact or social security number is stored.',
        },
        { name: 'Enrolments', description: 'A learner’s path through a cohort, and internships.' },
        {
          name: 'Outcomes',
          description: 'Append-only outcome observations (exit, +6 and +12 months) and follow-ups due.',
        },
        { name: 'Statistics', description: 'Placement metrics, statistics, overview, funnel and snapshots.' },
        {
          name: 'Open data',
          description: 'The public, suppressed aggregates as a Frictionless data package (Licence Ouverte 2.0).',
        },
        { name: 'Imports', description: 'Bulk imports of spreadsheets: all or nothing, dry run, idempotent.' },
        { name: 'Health', description: 'Liveness and readiness probes.' },
        { name: 'Authentication', description: 'Dashboard logins and sessions; who the caller is.' },
        { name: 'Users', description: 'Staff accounts (administrators only).' },
        { name: 'API keys', description: 'Keys of partner organisations and scripts (administrators only).' },
        { name: 'Audit', description: 'The audit trail of every write (administrators only).' },
      ],
    },
    transformObject: (document) =>
      'openapiObject' in document
        ? withHttpHeaders(withCompatibleQueryExamples(document.openapiObject), {
            idempotent,
            withoutLocation,
            rateLimited,
            figures,
          })
        : document.swaggerObject,
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  })

  await registerWithAccess(app, access.open, () =>
    app.register(swaggerUi, {
      routePrefix: '/api/docs',
      // No call to the online validator: the security policy allows this origin only.
      uiConfig: { docExpansion: 'list', deepLinking: true, defaultModelsExpandDepth: 0, validatorUrl: null },
      staticCSP: false,
    }),
  )

  // The partner guide (docs/api.md), linked from the contract's description, and the release notes
  // (CHANGELOG.md: what each version changed), as plain text.
  const texts = { '/api/guide.md': 'docs/api.md', '/api/changelog.md': 'CHANGELOG.md' }
  for (const [url, path] of Object.entries(texts)) {
    const file = join(repoRoot, path)
    app.get(url, { config: { access: access.open }, schema: { hide: true } }, async (_request, reply) => {
      const text = await readFile(file, 'utf8').catch(() => undefined)
      if (text === undefined) throw NotFound(`The file ${path}`)
      return reply.type('text/plain; charset=utf-8').send(text)
    })
  }

  app.get('/api/openapi.json', { config: { access: access.open }, schema: { hide: true } }, (_request, reply) =>
    reply.send(app.swagger()),
  )
}

export default fp(openapiPlugin, { name: 'openapi', dependencies: ['errors'] })
