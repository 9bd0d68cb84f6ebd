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
import Type from 'typebox'
import { etag, requireIfMatch } from '../../lib/http.js'
import type { CampusesService } from './campuses.service.js'
import { access } from '../../lib/access.js'

const tags = ['Campuses']

export const campusesRoutes: FastifyPluginAsyncTypebox<{ service: CampusesService }> = async (app, { service }) => {
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
    (request) => service.list(request.query),
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
    async (request, reply) => {
      const campus = await service.get(request.params.id)
      return reply.header('etag', etag(campus.version)).send(campus)
    },
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
    async (request, reply) => {
      const campus = await service.update(request.params.id, requireIfMatch(request.headers['if-match']), request.body)
      return reply.header('etag', etag(campus.version)).send(campus)
    },
  )

  app.delete(
    '/campuses/:id',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'deleteCampus',
        tags,
        summary: 'Delete a campus',
        description:
          'Refused with 409 while the campus has consortium memberships (close it instead). Requires `If-Match`.',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'Deleted.' }) },
      },
    },
    async (request, reply) => {
      await service.delete(request.params.id, requireIfMatch(request.headers['if-match']))
      return reply.code(204).send(null)
    },
  )
}
