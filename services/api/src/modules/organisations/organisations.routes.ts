import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  Organisation,
  OrganisationCreate,
  OrganisationListQuery,
  OrganisationPage,
  OrganisationUpdate,
} from '@trajectoires/contract'
import type { OrganisationsService } from './organisations.service.js'
import { resourceRoutes } from '../../lib/routes.js'
import { access } from '../../lib/access.js'

export const organisationsRoutes: FastifyPluginAsyncTypebox<{ service: OrganisationsService }> = async (
  app,
  { service },
) => {
  resourceRoutes(app, {
    path: '/organisations',
    tags: ['Organisations'],
    schemas: {
      item: Organisation,
      page: OrganisationPage,
      query: OrganisationListQuery,
      create: OrganisationCreate,
      update: OrganisationUpdate,
    },
    campusScoped: false,
    service,
    list: {
      access: access.public,
      operationId: 'listOrganisations',
      summary: 'List partner organisations',
      description: 'Cursor-paginated, filterable by kind, searchable by name ignoring case and accents.',
    },
    get: { access: access.public, operationId: 'getOrganisation', summary: 'Get an organisation' },
    create: {
      access: access.admin,
      operationId: 'createOrganisation',
      summary: 'Create an organisation',
      description: 'The SIREN, when given, must pass its Luhn check. Send `Idempotency-Key` to retry safely.',
    },
    update: { access: access.admin, operationId: 'updateOrganisation', summary: 'Update an organisation' },
    delete: {
      access: access.admin,
      operationId: 'deleteOrganisation',
      summary: 'Delete an organisation',
      description: 'Refused with 409 while the organisation sits in a consortium. Requires `If-Match`.',
    },
  })
}
