import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  IdParams,
  Learner,
  LearnerCreate,
  LearnerListQuery,
  LearnerPage,
  LearnerUpdate,
  ref,
  IfMatchHeaders,
} from '@trajectoires/contract'
import { requireIfMatch, sendCreated, sendVersioned } from '../../lib/http.js'
import type { LearnersService } from './learners.service.js'
import { deleteRoute, getRoute } from '../../lib/routes.js'
import { access, campusFilter } from '../../lib/access.js'

const tags = ['Learners']

export const learnersRoutes: FastifyPluginAsyncTypebox<{ service: LearnersService }> = async (app, { service }) => {
  app.get(
    '/learners',
    {
      config: { access: access.readRecords({ query: 'campusId' }) },
      schema: {
        operationId: 'listLearners',
        tags,
        summary: 'List learners',
        description:
          'Cursor-paginated; filter by campus; `q` searches the campus-local reference ignoring case. Learners are pseudonymous: no name or contact details exist to search.',
        querystring: LearnerListQuery,
        response: { 200: ref(LearnerPage) },
      },
    },
    (request) => service.list(request.query, campusFilter(request.principal)),
  )

  getRoute(
    app,
    '/learners/:id',
    {
      access: access.readRecords({ param: 'id', of: 'learner' }),
      operationId: 'getLearner',
      tags,
      summary: 'Get a learner',
      description: 'The `ETag` header carries the version to send back in `If-Match` when updating.',
    },
    Learner,
    (id) => service.get(id),
  )

  app.post(
    '/learners',
    {
      config: { access: access.writeRecords({ body: 'campusId' }, 'enrolments:write') },
      schema: {
        operationId: 'createLearner',
        tags,
        summary: 'Create a learner',
        description:
          'Pseudonymous: any property beyond the listed ones (a name, an e-mail, a phone number, a social security number…) is refused with 400, each one listed. A reference already used at the campus gets 409 `duplicate`. Send `Idempotency-Key` to retry safely.',
        body: ref(LearnerCreate),
        response: { 201: ref(Learner) },
      },
    },
    async (request, reply) => sendCreated(reply, await service.create(request.body), '/api/v1/learners'),
  )

  app.patch(
    '/learners/:id',
    {
      config: { access: access.writeRecords({ param: 'id', of: 'learner' }, 'enrolments:write') },
      schema: {
        operationId: 'updateLearner',
        tags,
        summary: 'Update a learner',
        description:
          'The campus cannot change. A new birth year must keep the learner 16 to 30 in the start year of each cohort they are enrolled in. Requires `If-Match`; a stale ETag gets 412.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ref(LearnerUpdate),
        response: { 200: ref(Learner) },
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
    '/learners/:id',
    {
      access: access.writeRecords({ param: 'id', of: 'learner' }, 'enrolments:write'),
      operationId: 'deleteLearner',
      tags,
      summary: 'Delete a learner entered by mistake',
      description: 'Refused with 409 `in_use` while the learner has enrolments. Requires `If-Match`.',
    },
    (id, ifMatch) => service.delete(id, ifMatch),
  )
}
