import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParams, Internship, InternshipCreate, InternshipList, InternshipUpdate } from '@trajectoires/contract'
import type { InternshipsService } from './internships.service.js'
import { createRoute, getDescription, idRoute, recordRoutes } from '../../lib/routes.js'
import { access } from '../../lib/access.js'

const tags = ['Enrolments']

export const internshipsRoutes: FastifyPluginAsyncTypebox<{ service: InternshipsService }> = async (
  app,
  { service },
) => {
  idRoute(
    app,
    'GET',
    '/enrolments/:id/internships',
    {
      access: access.readRecords({ param: 'id', of: 'enrolment' }),
      operationId: 'listEnrolmentInternships',
      tags,
      summary: 'The internships of an enrolment',
      description: 'By start date.',
    },
    InternshipList,
    (id) => service.forEnrolment(id),
  )

  createRoute(
    app,
    '/enrolments/:id/internships',
    {
      access: access.writeRecords({ param: 'id', of: 'enrolment' }, 'enrolments:write'),
      operationId: 'createInternship',
      tags,
      summary: 'Record an internship',
      description:
        'The host organisation must exist (400 on `/hostOrganisationId`); the dates must be in order and within the cohort’s period give or take 30 days (400). Only for enrolments whose learner entered the training (409 otherwise). Send `Idempotency-Key` to retry safely.',
    },
    { params: IdParams, body: InternshipCreate, item: Internship },
    '/internships',
    (input, { id }) => service.create(id, input),
  )

  const writeInternship = access.writeRecords({ param: 'id', of: 'internship' }, 'enrolments:write')
  recordRoutes(app, {
    path: '/internships/:id',
    tags,
    schemas: { item: Internship, update: InternshipUpdate },
    service,
    get: {
      access: access.readRecords({ param: 'id', of: 'internship' }),
      operationId: 'getInternship',
      summary: 'Get an internship',
      description: getDescription,
    },
    update: {
      access: writeInternship,
      operationId: 'updateInternship',
      summary: 'Update an internship',
      description:
        'Typically to record that it led to a hire. The same rules as at creation apply. Requires `If-Match`; a stale ETag gets 412.',
    },
    delete: {
      access: writeInternship,
      operationId: 'deleteInternship',
      summary: 'Delete an internship',
      description: 'Requires `If-Match`.',
    },
  })
}
