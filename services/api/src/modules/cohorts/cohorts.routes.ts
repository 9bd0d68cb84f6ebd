import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  Cohort,
  CohortCreate,
  CohortListQuery,
  CohortPage,
  CohortUpdate,
  IdParams,
  ref,
  IfMatchHeaders,
} from '@trajectoires/contract'
import { etag, requireIfMatch, sendVersioned } from '../../lib/http.js'
import type { CohortsService } from './cohorts.service.js'
import { deleteRoute, getRoute } from '../../lib/routes.js'
import { access, campusFilter } from '../../lib/access.js'

const tags = ['Cohorts']

export const cohortsRoutes: FastifyPluginAsyncTypebox<{ service: CohortsService }> = async (app, { service }) => {
  app.get(
    '/cohorts',
    {
      config: { access: access.readRecords({ query: 'campusId' }) },
      schema: {
        operationId: 'listCohorts',
        tags,
        summary: 'List cohorts',
        description:
          'Cursor-paginated, latest start first by default; filter by campus, track, status or year of start; search by name ignoring case and accents.',
        querystring: CohortListQuery,
        response: { 200: ref(CohortPage) },
      },
    },
    (request) => service.list(request.query, campusFilter(request.principal)),
  )

  getRoute(
    app,
    '/cohorts/:id',
    {
      access: access.readRecords({ param: 'id', of: 'cohort' }),
      operationId: 'getCohort',
      tags,
      summary: 'Get a cohort',
      description: 'The `ETag` header carries the version to send back in `If-Match` when updating.',
    },
    Cohort,
    (id) => service.get(id),
  )

  app.post(
    '/cohorts',
    {
      config: { access: access.writeRecords({ body: 'campusId' }) },
      schema: {
        operationId: 'createCohort',
        tags,
        summary: 'Create a cohort',
        description:
          'The campus must exist and not be closed, the track must exist (400 on the failing field); the name must be new at the campus (409 `duplicate`). Send `Idempotency-Key` to retry safely.',
        body: ref(CohortCreate),
        response: { 201: ref(Cohort) },
      },
    },
    async (request, reply) => {
      const cohort = await service.create(request.body)
      return reply
        .code(201)
        .header('etag', etag(cohort.version))
        .header('location', `${request.url.split('?')[0]}/${cohort.id}`)
        .send(cohort)
    },
  )

  app.patch(
    '/cohorts/:id',
    {
      config: { access: access.writeRecords({ param: 'id', of: 'cohort' }) },
      schema: {
        operationId: 'updateCohort',
        tags,
        summary: 'Update a cohort or move its status',
        description:
          'Status moves planned → recruiting → in_training → completed, or to cancelled from planned or recruiting; any other move gets 409 `conflict` naming the current status and the allowed ones. The track changes only before training starts. Requires `If-Match`; a stale ETag gets 412 and changes nothing.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ref(CohortUpdate),
        response: { 200: ref(Cohort) },
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
    '/cohorts/:id',
    {
      access: access.writeRecords({ param: 'id', of: 'cohort' }),
      operationId: 'deleteCohort',
      tags,
      summary: 'Delete a cohort',
      description:
        'Refused with 409 `in_use` while the cohort has enrolments; a cohort that will not run is cancelled instead. Requires `If-Match`.',
    },
    (id, ifMatch) => service.delete(id, ifMatch),
  )
}
