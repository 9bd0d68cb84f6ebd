import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Cohort, CohortCreate, CohortListQuery, CohortPage, CohortUpdate } from '@trajectoires/contract'
import type { CohortsService } from './cohorts.service.js'
import { resourceRoutes } from '../../lib/routes.js'
import { access } from '../../lib/access.js'

export const cohortsRoutes: FastifyPluginAsyncTypebox<{ service: CohortsService }> = async (app, { service }) => {
  const writeCohort = access.writeRecords({ param: 'id', of: 'cohort' })
  resourceRoutes(app, {
    path: '/cohorts',
    tags: ['Cohorts'],
    schemas: { item: Cohort, page: CohortPage, query: CohortListQuery, create: CohortCreate, update: CohortUpdate },
    campusScoped: true,
    service,
    list: {
      access: access.readRecords({ query: 'campusId' }),
      operationId: 'listCohorts',
      summary: 'List cohorts',
      description:
        'Cursor-paginated, latest start first by default; filter by campus, track, status or year of start; search by name ignoring case and accents.',
    },
    get: {
      access: access.readRecords({ param: 'id', of: 'cohort' }),
      operationId: 'getCohort',
      summary: 'Get a cohort',
    },
    create: {
      access: access.writeRecords({ body: 'campusId' }),
      operationId: 'createCohort',
      summary: 'Create a cohort',
      description:
        'The campus must exist and not be closed, the track must exist (400 on the failing field); the name must be new at the campus (409 `duplicate`). Send `Idempotency-Key` to retry safely.',
    },
    update: {
      access: writeCohort,
      operationId: 'updateCohort',
      summary: 'Update a cohort or move its status',
      description:
        'Status moves planned → recruiting → in_training → completed, or to cancelled from planned or recruiting; any other move gets 409 `conflict` naming the current status and the allowed ones. The track changes only before training starts. Requires `If-Match`; a stale ETag gets 412 and changes nothing.',
    },
    delete: {
      access: writeCohort,
      operationId: 'deleteCohort',
      summary: 'Delete a cohort',
      description:
        'Refused with 409 `in_use` while the cohort has enrolments; a cohort that will not run is cancelled instead. Requires `If-Match`.',
    },
  })
}
