import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Learner, LearnerCreate, LearnerListQuery, LearnerPage, LearnerUpdate } from '@trajectoires/contract'
import type { LearnersService } from './learners.service.js'
import { resourceRoutes } from '../../lib/routes.js'
import { access } from '../../lib/access.js'

export const learnersRoutes: FastifyPluginAsyncTypebox<{ service: LearnersService }> = async (app, { service }) => {
  const writeLearner = access.writeRecords({ param: 'id', of: 'learner' }, 'enrolments:write')
  resourceRoutes(app, {
    path: '/learners',
    tags: ['Learners'],
    schemas: {
      item: Learner,
      page: LearnerPage,
      query: LearnerListQuery,
      create: LearnerCreate,
      update: LearnerUpdate,
    },
    campusScoped: true,
    service,
    list: {
      access: access.readRecords({ query: 'campusId' }),
      operationId: 'listLearners',
      summary: 'List learners',
      description:
        'Cursor-paginated; filter by campus; `q` searches the campus-local reference ignoring case. Learners are pseudonymous: no name or contact details exist to search.',
    },
    get: {
      access: access.readRecords({ param: 'id', of: 'learner' }),
      operationId: 'getLearner',
      summary: 'Get a learner',
    },
    create: {
      access: access.writeRecords({ body: 'campusId' }, 'enrolments:write'),
      operationId: 'createLearner',
      summary: 'Create a learner',
      description:
        'Pseudonymous: any property beyond the listed ones (a name, an e-mail, a phone number, a social security number…) is refused with 400, each one listed. A reference already used at the campus gets 409 `duplicate`. Send `Idempotency-Key` to retry safely.',
    },
    update: {
      access: writeLearner,
      operationId: 'updateLearner',
      summary: 'Update a learner',
      description:
        'The campus cannot change. A new birth year must keep the learner 16 to 30 in the start year of each cohort they are enrolled in. Requires `If-Match`; a stale ETag gets 412.',
    },
    delete: {
      access: writeLearner,
      operationId: 'deleteLearner',
      summary: 'Delete a learner entered by mistake',
      description: 'Refused with 409 `in_use` while the learner has enrolments. Requires `If-Match`.',
    },
  })
}
