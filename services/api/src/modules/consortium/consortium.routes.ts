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
} from '@trajectoires/contract'
import type { Static, TSchema } from 'typebox'
import type { ConsortiumService } from './consortium.service.js'
import { createRoute, readRoute, recordRoutes } from '../../lib/routes.js'
import { access } from '../../lib/access.js'

const tags = ['Consortia']

export const consortiumRoutes: FastifyPluginAsyncTypebox<{ service: ConsortiumService }> = async (app, { service }) => {
  /** A public read of memberships, by the campus or organisation its path names, on a day or over time. */
  const membershipsRead = <P extends TSchema, Q extends TSchema>(
    path: string,
    { operationId, summary, description }: { operationId: string; summary: string; description: string },
    schemas: { params: P; query: Q; response: TSchema },
    read: (params: Static<P>, query: Static<Q>) => Promise<unknown>,
  ) => readRoute(app, path, { access: access.public, operationId, tags, summary, description }, schemas, read)

  membershipsRead(
    '/campuses/:campusId/consortium',
    {
      operationId: 'getCampusConsortium',
      summary: 'The consortium of a campus on a day',
      description: 'Memberships holding on `asOf` (today when absent), carriers first.',
    },
    { params: CampusIdParams, query: AsOfQuery, response: Consortium },
    ({ campusId }, { asOf }) => service.consortium(campusId, asOf),
  )

  membershipsRead(
    '/campuses/:campusId/memberships',
    {
      operationId: 'listCampusMemberships',
      summary: 'Every membership of a campus, past and present',
      description: 'The full history of the consortium; `asOf` narrows it to one day.',
    },
    { params: CampusIdParams, query: MembershipHistoryQuery, response: MembershipList },
    ({ campusId }, { asOf }) => service.campusHistory(campusId, asOf),
  )

  createRoute(
    app,
    '/campuses/:campusId/memberships',
    {
      access: access.admin,
      operationId: 'createMembership',
      tags,
      summary: 'Add an organisation to a campus consortium',
      description:
        'Periods of the same organisation at the same campus may not overlap (409). To change roles while keeping history, close the current membership and create a new one.',
    },
    { params: CampusIdParams, body: MembershipCreate, item: Membership },
    '/memberships',
    (input, { campusId }) => service.create(campusId, input),
  )

  membershipsRead(
    '/organisations/:organisationId/campuses',
    {
      operationId: 'listOrganisationMemberships',
      summary: 'The campuses an organisation takes part in',
      description: 'Its memberships, past and present; `asOf` narrows them to one day.',
    },
    { params: OrganisationIdParams, query: MembershipHistoryQuery, response: MembershipList },
    ({ organisationId }, { asOf }) => service.organisationCampuses(organisationId, asOf),
  )

  recordRoutes(app, {
    path: '/memberships/:id',
    tags,
    schemas: { item: Membership, update: MembershipUpdate },
    service,
    get: { access: access.public, operationId: 'getMembership', summary: 'Get a membership' },
    update: {
      access: access.admin,
      operationId: 'updateMembership',
      summary: 'Update a membership',
      description: 'Typically to close it (`validTo`). Requires `If-Match`; a stale ETag gets 412.',
    },
    delete: {
      access: access.admin,
      operationId: 'deleteMembership',
      summary: 'Delete a membership entered by mistake',
      description: 'To end a membership that really existed, close it with `validTo` instead. Requires `If-Match`.',
    },
  })
}
