import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  Enrolment,
  EnrolmentCreate,
  EnrolmentListQuery,
  EnrolmentPage,
  EnrolmentStageHistory,
  EnrolmentTransition,
  EnrolmentUpdate,
  Problem,
  ref,
} from '@trajectoires/contract'
import type { EnrolmentsService } from './enrolments.service.js'
import { idRoute, resourceRoutes, updateRoute } from '../../lib/routes.js'
import { access } from '../../lib/access.js'

const tags = ['Enrolments']
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref(Problem) } },
})

export const enrolmentsRoutes: FastifyPluginAsyncTypebox<{ service: EnrolmentsService }> = async (app, { service }) => {
  const readEnrolment = access.readRecords({ param: 'id', of: 'enrolment' })
  const writeEnrolment = access.writeRecords({ param: 'id', of: 'enrolment' }, 'enrolments:write')
  resourceRoutes(app, {
    path: '/enrolments',
    tags,
    schemas: {
      item: Enrolment,
      page: EnrolmentPage,
      query: EnrolmentListQuery,
      create: EnrolmentCreate,
      update: EnrolmentUpdate,
    },
    campusScoped: true,
    service,
    list: {
      access: access.readRecords([
        { query: 'campusId' },
        { query: 'cohortId', of: 'cohort' },
        { query: 'learnerId', of: 'learner' },
      ]),
      operationId: 'listEnrolments',
      summary: 'List enrolments',
      description:
        'Cursor-paginated; filter by cohort, learner, campus (of the cohort) or stage; sort by application day or creation time.',
    },
    get: {
      access: readEnrolment,
      operationId: 'getEnrolment',
      summary: 'Get an enrolment',
      description:
        'With the learner’s reference, the cohort summarised and the stages it may move to. The `ETag` header carries the version to send back in `If-Match`.',
    },
    create: {
      access: access.writeRecords(
        [
          { body: 'cohortId', of: 'cohort' },
          { body: 'learnerId', of: 'learner' },
        ],
        'enrolments:write',
      ),
      operationId: 'createEnrolment',
      summary: 'Enrol a learner in a cohort',
      description:
        'The learner and the cohort must exist and share a campus, and the learner must be 16 to 30 in the year the cohort starts (400 `validation_failed`). A learner already holding a place (stage `applied`, `waitlisted`, `enrolled`, `in_training` or `completed`) in a cohort whose period overlaps gets 409 `conflict`. Send `Idempotency-Key` to retry safely.',
    },
    update: {
      access: writeEnrolment,
      operationId: 'updateEnrolment',
      summary: 'Update the facts of an enrolment',
      description:
        'Integration date (end of the trial period), certification, driving licence, and the exclusion reason of an enrolment that exited as `excluded`. The stage changes through `POST /enrolments/{id}/transitions`. Requires `If-Match`; a stale ETag gets 412.',
    },
    delete: {
      access: writeEnrolment,
      operationId: 'deleteEnrolment',
      summary: 'Delete an enrolment entered by mistake',
      description:
        'Refused with 409 `in_use` while the enrolment has outcome observations (append-only) or internships. Its stage history goes with it. To record that a learner left, move it to `withdrawn` instead. Requires `If-Match`.',
    },
  })

  updateRoute(
    app,
    '/enrolments/:id/transitions',
    {
      access: writeEnrolment,
      operationId: 'transitionEnrolment',
      tags,
      summary: 'Move an enrolment to another stage',
      description:
        'Appends the move, dated `on`, to the stage history and answers the updated enrolment. A move the stage machine does not allow gets 409 `conflict`, naming the current stage and the allowed moves; a day before the previous change, or exit reasons that do not fit the move, get 400. Requires `If-Match`; a stale ETag gets 412.',
    },
    { body: EnrolmentTransition, item: Enrolment },
    (id, ifMatch, move) => service.transition(id, ifMatch, move),
    {
      method: 'POST',
      problems: {
        412: problem('The `If-Match` ETag is stale: somebody changed the enrolment since you read it.'),
        428: problem('The move needs an `If-Match` header.'),
      },
    },
  )

  idRoute(
    app,
    'GET',
    '/enrolments/:id/stages',
    {
      access: readEnrolment,
      operationId: 'listEnrolmentStages',
      tags,
      summary: 'The stage history of an enrolment',
      description: 'Every stage change with the day it took effect and when it was recorded, oldest first.',
    },
    EnrolmentStageHistory,
    (id) => service.stageHistory(id),
  )
}
