import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import {
  CohortFollowUpInvitationsCreate,
  CohortInvitationParams,
  FollowUpInvitation,
  FollowUpInvitationCreate,
  FollowUpInvitationIssued,
  FollowUpInvitationIssuedList,
  FollowUpInvitationList,
  FollowUpInvitationListQuery,
  Problem,
  SelfReportCreate,
  SelfReportInvitation,
  SelfReportLookup,
  SelfReportReceipt,
  ref,
} from '@trajectoires/contract'
import { access } from '../../lib/access.js'
import { idRoute, listRoute } from '../../lib/routes.js'
import type { SelfReportsService } from './self-reports.service.js'

const tags = ['Outcomes']
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref(Problem) } },
})
/**
 * The learner's routes never look at credentials: the code is the only authority, a staff session
 * open in the same browser must neither block the answer (CSRF) nor sign it in the audit trail,
 * and their own limits per address and per code replace the general ones.
 */
const learnerAccess = {
  ...access.open,
  note: 'The one-time code in the body is the only authority; a staff session or key sent along is ignored.',
}

const codeProblems = {
  404: problem('The code is unknown (`not_found`).'),
  410: problem(
    'The code no longer works: `code_used` (an answer was recorded with it), `code_expired` or `code_revoked`.',
  ),
}

export interface SelfReportsRouteOptions {
  service: SelfReportsService
  /** Base of the learner's link: `PUBLIC_URL`, else the address the request came to. */
  publicUrl: string | undefined
}

export const selfReportsRoutes: FastifyPluginAsyncTypebox<SelfReportsRouteOptions> = async (
  app,
  { service, publicUrl },
) => {
  const baseUrl = (request: FastifyRequest) => publicUrl ?? `${request.protocol}://${request.host}`

  app.post(
    '/follow-up-invitations',
    {
      // The answer holds a code shown once: the idempotency store must not keep it.
      config: {
        access: access.writeRecords({ body: 'enrolmentId', of: 'enrolment' }),
        idempotency: false,
        openapi: { location: false },
      },
      schema: {
        operationId: 'createFollowUpInvitation',
        tags,
        summary: 'Invite a learner to answer a follow-up',
        description:
          'Makes a one-time code for the enrolment’s checkpoint and answers it with the learner’s link, once: only its SHA-256 is stored. The code works for `SELF_REPORT_CODE_DAYS` days (60 by default) or until the checkpoint’s window closes, whichever is first; a pending invitation of the same enrolment and checkpoint is revoked. 409 when the enrolment has not exited, is excluded, or the checkpoint’s window is not open today. Recorded in the audit trail.',
        body: ref(FollowUpInvitationCreate),
        response: { 201: ref(FollowUpInvitationIssued) },
      },
    },
    async (request, reply) => reply.code(201).send(await service.create(request.body, baseUrl(request))),
  )

  app.post(
    '/cohorts/:id/follow-up-invitations',
    {
      config: { access: access.writeRecords({ param: 'id', of: 'cohort' }), idempotency: false },
      schema: {
        operationId: 'createCohortFollowUpInvitations',
        tags,
        summary: 'Invite every learner of a cohort due at a checkpoint',
        description:
          'One invitation per learner of the cohort who has exited (not excluded), whose checkpoint window is open today and who has no observation for the checkpoint yet; their pending invitations at that checkpoint are revoked. The codes are in this answer only: print the sheet from it. Recorded in the audit trail.',
        params: CohortInvitationParams,
        body: ref(CohortFollowUpInvitationsCreate),
        response: { 201: ref(FollowUpInvitationIssuedList) },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ items: await service.createForCohort(request.params.id, request.body, baseUrl(request)) }),
  )

  listRoute(
    app,
    '/follow-up-invitations',
    {
      access: access.readRecords({ query: 'cohortId', of: 'cohort' }),
      operationId: 'listFollowUpInvitations',
      tags,
      summary: 'The follow-up invitations of a cohort',
      description: 'Newest first, with their status; never their codes.',
    },
    { query: FollowUpInvitationListQuery, page: FollowUpInvitationList },
    (query) => service.list(query),
  )

  idRoute(
    app,
    'POST',
    '/follow-up-invitations/:id/revoke',
    {
      access: access.writeRecords(undefined),
      operationId: 'revokeFollowUpInvitation',
      tags,
      summary: 'Revoke a follow-up invitation',
      description:
        'Its code stops working at once (410 `code_revoked` to the learner). Revoking a revoked invitation changes nothing; an answered one is refused (409: correct its observation instead). Campus staff revoke the invitations of their campuses only (403). Recorded in the audit trail.',
    },
    FollowUpInvitation,
    (id) => service.revoke(id),
  )

  app.post(
    '/self-reports/lookup',
    {
      config: { access: learnerAccess, idempotency: false },
      schema: {
        operationId: 'lookupSelfReport',
        tags,
        summary: 'What a code asks (the learner’s page)',
        description:
          'No account: the code is the credential, sent in the body (never in a URL). Answers the campus’s name, the checkpoint, its date and window, and the campus’s contact; nothing about the learner. Wrong and right codes take the same path (hash, one look-up). Limited per address and per code (429).',
        body: ref(SelfReportLookup),
        response: { 200: ref(SelfReportInvitation), ...codeProblems },
      },
    },
    (request) => service.lookup(request.body.code, request.ip),
  )

  app.post(
    '/self-reports',
    {
      config: { access: learnerAccess, idempotency: false },
      schema: {
        operationId: 'createSelfReport',
        tags,
        summary: 'Answer a follow-up with a code (the learner’s page)',
        description:
          'Records the answer as an outcome observation of the invitation’s enrolment and checkpoint, observed today, `source: "self_report"`, under the rules of every observation (400 with the failing fields; the window is checked against today), and uses the code up: it answers 410 `code_used` afterwards. Writes nothing else but the audit trail. Limited per address and per code (429).',
        body: ref(SelfReportCreate),
        response: { 201: ref(SelfReportReceipt), ...codeProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await service.answer(request.body, request.ip)),
  )
}
