import type { CallOptions, CreateOptions } from '../http.js'
import type { Body, OperationCalls, Query } from '../routes.js'

/** Follow-up invitations (campus staff) and the learner's own answer (no account: the code is the key). */
export function selfReportOperations(c: OperationCalls) {
  return {
    createFollowUpInvitation: (body: Body<'createFollowUpInvitation'>, opts?: CreateOptions) =>
      c.create('createFollowUpInvitation', { body }, opts),
    createCohortFollowUpInvitations: (
      cohortId: string,
      body: Body<'createCohortFollowUpInvitations'>,
      opts?: CreateOptions,
    ) => c.create('createCohortFollowUpInvitations', { path: { id: cohortId }, body }, opts),
    listFollowUpInvitations: (query: Query<'listFollowUpInvitations'>, opts?: CallOptions) =>
      c.get('listFollowUpInvitations', { query }, opts),
    revokeFollowUpInvitation: (invitationId: string, opts?: CallOptions) =>
      c.post('revokeFollowUpInvitation', { path: { id: invitationId } }, opts),
    lookupSelfReport: (code: string, opts?: CallOptions) => c.post('lookupSelfReport', { body: { code } }, opts),
    createSelfReport: (body: Body<'createSelfReport'>, opts?: CreateOptions) =>
      c.create('createSelfReport', { body }, opts),
  }
}
