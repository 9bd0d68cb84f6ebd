import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  IdParams,
  Campus,
  CampusCreate,
  CampusListQuery,
  CampusPage,
  CampusUpdate,
  ref,
  IfMatchHeaders,
} from '@trajectoires/contract'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { etag, requireIfMatch, sendVersioned } from '../../lib/http.js'
import type { CampusesService } from './campuses.service.js'
import { deleteRoute } from '../../lib/routes.js'
import { access } from '../../lib/access.js'
import { ResponseCache } from '../../lib/read-cache.js'

const tags = ['Campuses']

export const campusesRoutes: FastifyPluginAsyncTypebox<{ service: CampusesService }> = async (app, { service }) => {
  // Campus reads are public and the same for every caller (the service never looks at who asks), so
  // serialised answers are cached by URL at the data version they were read at (`lib/read-cache.ts`).
  const cache = new ResponseCache({ maxEntries: 1000, maxBytes: 8 * 1024 * 1024 })
  async function cachedRead(
    request: FastifyRequest,
    reply: FastifyReply,
    produce: () => Promise<{ value: unknown; etag?: string }>,
  ) {
    const watch = app.dataVersion as typeof app.dataVersion | undefined
    if (!watch) {
      const { value, etag: tag } = await produce()
      if (tag) reply.header('etag', tag)
      return reply.send(value)
    }
    const now = watch.current()
    const version = typeof now === 'number' ? now : await now
    let hit = cache.get(request.url, version)
    if (!hit) {
      const { value, etag: tag } = await produce()
      const body = reply.serialize(value) as string
      hit = { version, body, contentType: 'application/json; charset=utf-8', etag: tag }
      cache.set(request.url, hit)
    }
    if (hit.etag) reply.header('etag', hit.etag)
    return reply.type(hit.contentType).send(hit.body)
  }

  app.get(
    '/campuses',
    {
      config: { access: access.public },
      schema: {
        operationId: 'listCampuses',
        tags,
        summary: 'List campuses',
        description:
          'Cursor-paginated; filter by status, region or department; search by name or commune ignoring case and accents (“chalons” finds Châlons-en-Champagne).',
        querystring: CampusListQuery,
        response: { 200: ref(CampusPage) },
      },
    },
    (request, reply) => cachedRead(request, reply, async () => ({ value: await service.list(request.query) })),
  )

  app.get(
    '/campuses/:id',
    {
      config: { access: access.public },
      schema: {
        operationId: 'getCampus',
        tags,
        summary: 'Get a campus',
        description: 'The `ETag` header carries the version to send back in `If-Match` when updating.',
        params: IdParams,
        response: { 200: ref(Campus) },
      },
    },
    (request, reply) =>
      cachedRead(request, reply, async () => {
        const campus = await service.get(request.params.id)
        return { value: campus, etag: etag(campus.version) }
      }),
  )

  app.post(
    '/campuses',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'createCampus',
        tags,
        summary: 'Create a campus',
        description:
          'The INSEE code must name a current commune; commune, department and region are derived from it. Send `Idempotency-Key` to retry safely.',
        body: ref(CampusCreate),
        response: { 201: ref(Campus) },
      },
    },
    async (request, reply) => {
      const campus = await service.create(request.body)
      return reply
        .code(201)
        .header('etag', etag(campus.version))
        .header('location', `${request.url.split('?')[0]}/${campus.id}`)
        .send(campus)
    },
  )

  app.patch(
    '/campuses/:id',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'updateCampus',
        tags,
        summary: 'Update a campus',
        description: 'Requires `If-Match` with the current ETag; a stale one gets 412 and changes nothing.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ref(CampusUpdate),
        response: { 200: ref(Campus) },
      },
    },
    async (request, reply) =>
      sendVersioned(
        reply,
        await service.update(request.params.id, requireIfMatch(request.headers['if-match']), request.body),
      ),
  )

  deleteRoute(
    app,
    '/campuses/:id',
    {
      access: access.admin,
      operationId: 'deleteCampus',
      tags,
      summary: 'Delete a campus',
      description:
        'Refused with 409 while the campus has consortium memberships (close it instead). Requires `If-Match`.',
    },
    (id, ifMatch) => service.delete(id, ifMatch),
  )
}
