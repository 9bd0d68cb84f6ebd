import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  Enrolment,
  EnrolmentCreate,
  EnrolmentListQuery,
  EnrolmentPage,
  EnrolmentStageHistory,
  EnrolmentTransition,
  EnrolmentUpdate,
  IdParams,
  Problem,
  ref,
  IfMatchHeaders,
} from '@trajectoires/contract'
import { etag, requireIfMatch, sendCreated } from '../../lib/http.js'
import type { EnrolmentsService } from './enrolments.service.js'
import { deleteRoute, getRoute } from '../../lib/routes.js'
import { access, campusFilter } from '../../lib/access.js'

const tags = ['Enrolments']
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref(Problem) } },
})

export const enrolmentsRoutes: FastifyPluginAsyncTypebox<{ service: EnrolmentsService }> = async (app, { service }) => {
  app.get(
    '/enrolments',
    {
      config: {
        access: access.readRecords([
          { query: 'campusId' },
          { query: 'cohortId', of: 'cohort' },
          { query: 'learnerId', of: 'learner' },
        ]),
      },
      schema: {
        operationId: 'listEnrolments',
        tags,
        summary: 'List enrolments',
        description:
          'Cursor-paginated; filter by cohort, learner, campus (of the cohort) or stage; sort by application day or creation time.',
        querystring: EnrolmentListQuery,
        response: { 200: ref(EnrolmentPage) },
      },
    },
    (request) => service.list(request.query, campusFilter(request.principal)),
  )

  getRoute(
    app,
    '/enrolments/:id',
    {
      access: access.readRecords({ param: 'id', of: 'enrolment' }),
      operationId: 'getEnrolment',
      tags,
      summary: 'Get an enrolment',
      description:
        'With the learner’s reference, the cohort summarised and the stages it may move to. The `ETag` header carries the version to send back in `If-Match`.',
    },
    Enrolment,
    (id) => service.get(id),
  )

  app.post(
    '/enrolments',
    {
      config: {
        access: access.writeRecords(
          [
            { body: 'cohortId', of: 'cohort' },
            { body: 'learnerId', of: 'learner' },
          ],
          'enrolments:write',
        ),
      },
      schema: {
        operationId: 'createEnrolment',
        tags,
        summary: 'Enrol a learner in a cohort',
        description:
          'The learner and the cohort must exist and share a campus, and the learner must be 16 to 30 in the year the cohort starts (400 `validation_failed`). A learner already holding a place (stage `applied`, `waitlisted`, `enrolled`, `in_training` or `completed`) in a cohort whose period overlaps gets 409 `conflict`. Send `Idempotency-Key` to retry safely.',
        body: ref(EnrolmentCreate),
        response: { 201: ref(Enrolment) },
      },
    },
    async (request, reply) => sendCreated(reply, await service.create(request.body), '/api/v1/enrolments'),
  )

  app.patch(
    '/enrolments/:id',
    {
      config: { access: access.writeRecords({ param: 'id', of: 'enrolment' }, 'enrolments:write') },
      schema: {
        operationId: 'updateEnrolment',
        tags,
        summary: 'Update the facts of an enrolment',
        description:
          'Integration date (end of the trial period), certification, driving licence, and the exclusion reason of an enrolment that exited as `excluded`. The stage changes through `POST /enrolments/{id}/transitions`. Requires `If-Match`; a stale ETag gets 412.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ref(EnrolmentUpdate),
        response: { 200: ref(Enrolment) },
      },
    },
    async (request, reply) => {
      const enrolment = await service.update(
        request.params.id,
        requireIfMatch(request.headers['if-match']),
        request.body,
      )
      return reply.header('etag', etag(enrolment.version)).send(enrolment)
    },
  )

  app.post(
    '/enrolments/:id/transitions',
    {
      config: { access: access.writeRecords({ param: 'id', of: 'enrolment' }, 'enrolments:write') },
      schema: {
        operationId: 'transitionEnrolment',
        tags,
        summary: 'Move an enrolment to another stage',
        description:
          'Appends the move, dated `on`, to the stage history and answers the updated enrolment. A move the stage machine does not allow gets 409 `conflict`, naming the current stage and the allowed moves; a day before the previous change, or exit reasons that do not fit the move, get 400. Requires `If-Match`; a stale ETag gets 412.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ref(EnrolmentTransition),
        response: {
          200: ref(Enrolment),
          412: problem('The `If-Match` ETag is stale: somebody changed the enrolment since you read it.'),
          428: problem('The move needs an `If-Match` header.'),
        },
      },
    },
    async (request, reply) => {
      const enrolment = await service.transition(
        request.params.id,
        requireIfMatch(request.headers['if-match']),
        request.body,
      )
      return reply.header('etag', etag(enrolment.version)).send(enrolment)
    },
  )

  app.get(
    '/enrolments/:id/stages',
    {
      config: { access: access.readRecords({ param: 'id', of: 'enrolment' }) },
      schema: {
        operationId: 'listEnrolmentStages',
        tags,
        summary: 'The stage history of an enrolment',
        description: 'Every stage change with the day it took effect and when it was recorded, oldest first.',
        params: IdParams,
        response: { 200: ref(EnrolmentStageHistory) },
      },
    },
    (request) => service.stageHistory(request.params.id),
  )

  deleteRoute(
    app,
    '/enrolments/:id',
    {
      access: access.writeRecords({ param: 'id', of: 'enrolment' }, 'enrolments:write'),
      operationId: 'deleteEnrolment',
      tags,
      summary: 'Delete an enrolment entered by mistake',
      description:
        'Refused with 409 `in_use` while the enrolment has outcome observations (append-only) or internships. Its stage history goes with it. To record that a learner left, move it to `withdrawn` instead. Requires `If-Match`.',
    },
    (id, ifMatch) => service.delete(id, ifMatch),
  )
}
