import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  FollowUpListQuery,
  FollowUpPage,
  OutcomeEnrolmentParams,
  OutcomeObservation,
  OutcomeObservationCreate,
  OutcomeObservationHistory,
  OutcomeObservationHistoryQuery,
  ref,
} from '@trajectoires/contract'
import type { OutcomesService } from './outcomes.service.js'
import { access } from '../../lib/access.js'
import { campusListRoute, createRoute, idRoute } from '../../lib/routes.js'

const tags = ['Outcomes']

export const outcomesRoutes: FastifyPluginAsyncTypebox<{ service: OutcomesService }> = async (app, { service }) => {
  createRoute(
    app,
    '/enrolments/:enrolmentId/observations',
    {
      access: access.writeRecords({ param: 'enrolmentId', of: 'enrolment' }, 'outcomes:write'),
      operationId: 'createOutcomeObservation',
      tags,
      summary: 'Record an outcome observation',
      description:
        'Observations are append-only: there is no route to change or delete one, and the database refuses UPDATE, DELETE and TRUNCATE on them. To correct an observation, record a new one with `supersedes` set to it. The enrolment must have exited (409 otherwise). Rules (400 with every failing field): a contract type for `employed` (any type but apprenticeship and professionalisation) and `work_study` (apprenticeship or professionalisation) only; `contractMonths` only for a contract with a term; `observedOn` not before the exit date, not in the future, and inside the checkpoint’s window (exit: exit date to + 45 days; m6: + 4 to + 8 months; m12: + 10 to + 14 months); the employer must exist. Send `Idempotency-Key` to retry safely.',
    },
    { params: OutcomeEnrolmentParams, body: OutcomeObservationCreate, item: OutcomeObservation },
    '/observations',
    (input, { enrolmentId }) => service.create(enrolmentId, input),
  )

  app.get(
    '/enrolments/:enrolmentId/observations',
    {
      config: { access: access.readRecords({ param: 'enrolmentId', of: 'enrolment' }) },
      schema: {
        operationId: 'listOutcomeObservations',
        tags,
        summary: 'The outcome observations of an enrolment, as of a moment',
        description:
          'Every observation recorded up to `asOf` (now when absent), corrections included, each with the observation superseding it as known then, and the observation in force at each checkpoint. Recomputing with the same `asOf` gives the same answer, whatever was recorded since.',
        params: OutcomeEnrolmentParams,
        querystring: OutcomeObservationHistoryQuery,
        response: { 200: ref(OutcomeObservationHistory) },
      },
    },
    (request) => service.history(request.params.enrolmentId, request.query),
  )

  idRoute(
    app,
    'GET',
    '/observations/:id',
    {
      access: access.readRecords({ param: 'id', of: 'observation' }),
      operationId: 'getOutcomeObservation',
      tags,
      summary: 'Get an outcome observation',
      description:
        'With the observation superseding it, if any, as of now. Observations are never changed or deleted: there is no PATCH or DELETE.',
    },
    OutcomeObservation,
    (id) => service.get(id),
  )

  campusListRoute(
    app,
    '/follow-ups',
    {
      access: access.readRecords([{ query: 'campusId' }, { query: 'cohortId', of: 'cohort' }]),
      operationId: 'listFollowUps',
      tags,
      summary: 'Follow-ups due (m6, m12)',
      description:
        'What campus staff work from each week: exited enrolments, excluded ones left out, whose checkpoint date (exit + 6 months, exit + 12 months) is on or before `dueBefore` (today by default) and that have no observation for that checkpoint yet, any observation counting, superseded or not. Oldest checkpoint date first, then enrolment id, then checkpoint; cursor-paginated. `daysOverdue` counts from the checkpoint date to today (UTC).',
    },
    { query: FollowUpListQuery, page: FollowUpPage },
    (query, campusIds) => service.followUps(query, campusIds),
  )
}
