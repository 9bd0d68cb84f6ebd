import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AsOfQuery,
  CampusIdParams,
  Consortium,
  Membership,
  MembershipCreate,
  MembershipHistoryQuery,
  MembershipList,
  MembershipUpdate,
  OrganisationIdParams,
  ref,
} from '@trajectoires/contract'
import { sendCreated } from '../../lib/http.js'
import type { ConsortiumService } from './consortium.service.js'
import { deleteRoute, getRoute, updateRoute } from '../../lib/routes.js'
import { access } from '../../lib/access.js'

const tags = ['Consortia']

export const consortiumRoutes: FastifyPluginAsyncTypebox<{ service: ConsortiumService }> = async (app, { service }) => {
  app.get(
    '/campuses/:campusId/consortium',
    {
      config: { access: access.public },
      schema: {
        operationId: 'getCampusConsortium',
        tags,
        summary: 'The consortium of a campus on a day',
        description: 'Memberships holding on `asOf` (today when absent), carriers first.',
        params: CampusIdParams,
        querystring: AsOfQuery,
        response: { 200: ref(Consortium) },
      },
    },
    (request) => service.consortium(request.params.campusId, request.query.asOf),
  )

  app.get(
    '/campuses/:campusId/memberships',
    {
      config: { access: access.public },
      schema: {
        operationId: 'listCampusMemberships',
        tags,
        summary: 'Every membership of a campus, past and present',
        description: 'The full history of the consortium; `asOf` narrows it to one day.',
        params: CampusIdParams,
        querystring: MembershipHistoryQuery,
        response: { 200: ref(MembershipList) },
      },
    },
    (request) => service.campusHistory(request.params.campusId, request.query.asOf),
  )

  app.post(
    '/campuses/:campusId/memberships',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'createMembership',
        tags,
        summary: 'Add an organisation to a campus consortium',
        description:
          'Periods of the same organisation at the same campus may not overlap (409). To change roles while keeping history, close the current membership and create a new one.',
        params: CampusIdParams,
        body: ref(MembershipCreate),
        response: { 201: ref(Membership) },
      },
    },
    async (request, reply) =>
      sendCreated(reply, await service.create(request.params.campusId, request.body), '/api/v1/memberships'),
  )

  app.get(
    '/organisations/:organisationId/campuses',
    {
      config: { access: access.public },
      schema: {
        operationId: 'listOrganisationMemberships',
        tags,
        summary: 'The campuses an organisation takes part in',
        description: 'Its memberships, past and present; `asOf` narrows them to one day.',
        params: OrganisationIdParams,
        querystring: MembershipHistoryQuery,
        response: { 200: ref(MembershipList) },
      },
    },
    (request) => service.organisationCampuses(request.params.organisationId, request.query.asOf),
  )

  getRoute(
    app,
    '/memberships/:id',
    {
      access: access.public,
      operationId: 'getMembership',
      tags,
      summary: 'Get a membership',
    },
    Membership,
    (id) => service.get(id),
  )

  updateRoute(
    app,
    '/memberships/:id',
    {
      access: access.admin,
      operationId: 'updateMembership',
      tags,
      summary: 'Update a membership',
      description: 'Typically to close it (`validTo`). Requires `If-Match`; a stale ETag gets 412.',
    },
    { body: MembershipUpdate, item: Membership },
    (id, ifMatch, input) => service.update(id, ifMatch, input),
  )

  deleteRoute(
    app,
    '/memberships/:id',
    {
      access: access.admin,
      operationId: 'deleteMembership',
      tags,
      summary: 'Delete a membership entered by mistake',
      description: 'To end a membership that really existed, close it with `validTo` instead. Requires `If-Match`.',
    },
    (id, ifMatch) => service.delete(id, ifMatch),
  )
}
