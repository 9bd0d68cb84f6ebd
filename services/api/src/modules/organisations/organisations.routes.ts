import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  IdParams,
  Organisation,
  OrganisationCreate,
  OrganisationListQuery,
  OrganisationPage,
  OrganisationUpdate,
  ref,
  IfMatchHeaders,
} from '@trajectoires/contract'
import { etag, requireIfMatch } from '../../lib/http.js'
import type { OrganisationsService } from './organisations.service.js'
import { deleteRoute, getRoute } from '../../lib/routes.js'
import { access } from '../../lib/access.js'

const tags = ['Organisations']

export const organisationsRoutes: FastifyPluginAsyncTypebox<{ service: OrganisationsService }> = async (
  app,
  { service },
) => {
  app.get(
    '/organisations',
    {
      config: { access: access.public },
      schema: {
        operationId: 'listOrganisations',
        tags,
        summary: 'List partner organisations',
        description: 'Cursor-paginated, filterable by kind, searchable by name ignoring case and accents.',
        querystring: OrganisationListQuery,
        response: { 200: ref(OrganisationPage) },
      },
    },
    (request) => service.list(request.query),
  )

  getRoute(
    app,
    '/organisations/:id',
    {
      access: access.public,
      operationId: 'getOrganisation',
      tags,
      summary: 'Get an organisation',
      description: 'The `ETag` header carries the version to send back in `If-Match` when updating.',
    },
    Organisation,
    (id) => service.get(id),
  )

  app.post(
    '/organisations',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'createOrganisation',
        tags,
        summary: 'Create an organisation',
        description: 'The SIREN, when given, must pass its Luhn check. Send `Idempotency-Key` to retry safely.',
        body: ref(OrganisationCreate),
        response: { 201: ref(Organisation) },
      },
    },
    async (request, reply) => {
      const organisation = await service.create(request.body)
      return reply
        .code(201)
        .header('etag', etag(organisation.version))
        .header('location', `${request.url.split('?')[0]}/${organisation.id}`)
        .send(organisation)
    },
  )

  app.patch(
    '/organisations/:id',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'updateOrganisation',
        tags,
        summary: 'Update an organisation',
        description: 'Requires `If-Match` with the current ETag; a stale one gets 412 and changes nothing.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ref(OrganisationUpdate),
        response: { 200: ref(Organisation) },
      },
    },
    async (request, reply) => {
      const organisation = await service.update(
        request.params.id,
        requireIfMatch(request.headers['if-match']),
        request.body,
      )
      return reply.header('etag', etag(organisation.version)).send(organisation)
    },
  )

  deleteRoute(
    app,
    '/organisations/:id',
    {
      access: access.admin,
      operationId: 'deleteOrganisation',
      tags,
      summary: 'Delete an organisation',
      description: 'Refused with 409 while the organisation sits in a consortium. Requires `If-Match`.',
    },
    (id, ifMatch) => service.delete(id, ifMatch),
  )
}
