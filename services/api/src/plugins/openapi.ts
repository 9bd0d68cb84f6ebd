import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { Type } from '@fastify/type-provider-typebox'

const problemStatuses: Record<string, string> = {
  '400': 'The request is malformed or fails validation; `errors` lists every failing field.',
  '404': 'The resource does not exist.',
  '409': 'The change conflicts with the current state (duplicate, overlap, still in use).',
  '412': 'The `If-Match` ETag is stale: somebody changed the resource since you read it.',
  '413': 'The request body is too large.',
  '415': 'The request body is not JSON.',
  '422': 'The `Idempotency-Key` was already used with another request.',
  '428': 'The update needs an `If-Match` header.',
  '500': 'Something went wrong on our side.',
  '503': 'The database cannot be reached; try again shortly.',
}

/** Which problem responses an operation documents, by method. */
function problemsFor(route: RouteOptions): string[] {
  const methods = Array.isArray(route.method) ? route.method : [route.method]
  const statuses = new Set(['400', '500', '503'])
  const hasParams = /:/.test(route.url)
  if (hasParams) statuses.add('404')
  for (const m of methods) {
    if (m === 'POST' || m === 'PATCH' || m === 'PUT') ['409', '413', '415'].forEach((s) => statuses.add(s))
    if (m === 'POST') statuses.add('422')
    if (m === 'PATCH' || m === 'DELETE') ['409', '412', '428'].forEach((s) => statuses.add(s))
  }
  return [...statuses].sort()
}

export interface OpenApiOptions {
  publicUrl?: string | undefined
  version: string
}

/**
 * OpenAPI 3.1 generated from the route schemas. Named schemas keep their `$id` as component
 * name; every operation gets its problem responses from one hook instead of repeating them.
 */
async function openapiPlugin(app: FastifyInstance, options: OpenApiOptions) {
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide || !route.schema?.operationId) return
    const response = { ...(route.schema.response as Record<string, unknown> | undefined) }
    for (const status of problemsFor(route)) {
      if (response[status]) continue
      response[status] = {
        description: problemStatuses[status],
        content: { 'application/problem+json': { schema: Type.Ref('Problem') } },
      }
    }
    route.schema.response = response
  })

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Trajectoires API',
        version: options.version,
        description:
          'Records and placement statistics of the Plombiers du numérique network: campuses, partner organisations and their consortium roles. Every error is an RFC 9457 problem (`application/problem+json`) with a stable `code`. Updates need `If-Match`; creations accept `Idempotency-Key`. See docs/api.md in the repository for a walk-through.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: options.publicUrl ?? '/', description: 'This server' }],
      // Every operation is public until access control lands; said explicitly rather than left out.
      security: [],
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
        { name: 'Imports', description: 'Bulk imports of spreadsheets: all or nothing, dry run, idempotent.' },
        { name: 'Health', description: 'Liveness and readiness probes.' },
      ],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  })

  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, defaultModelsExpandDepth: 0 },
    staticCSP: false,
  })

  app.get('/api/openapi.json', { schema: { hide: true } }, (_request, reply) => reply.send(app.swagger()))
}

export default fp(openapiPlugin, { name: 'openapi', dependencies: ['errors'] })
