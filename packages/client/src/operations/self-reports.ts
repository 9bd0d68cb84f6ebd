import type {
  CohortFollowUpInvitationsCreate,
  FollowUpInvitation,
  FollowUpInvitationCreate,
  FollowUpInvitationIssued,
  FollowUpInvitationIssuedList,
  FollowUpInvitationList,
  FollowUpInvitationListQuery,
  SelfReportCreate,
  SelfReportInvitation,
  SelfReportReceipt,
} from '@trajectoires/contract'
import { apiPrefix, id, type CallOptions, type CreateOptions, type Transport } from '../http.js'

/** Follow-up invitations (campus staff) and the learner's own answer (no account: the code is the key). */
export function selfReportOperations(t: Transport) {
  return {
    createFollowUpInvitation: (body: FollowUpInvitationCreate, opts?: CreateOptions) =>
      t.create<FollowUpInvitationIssued>(`${apiPrefix}/follow-up-invitations`, body, opts),
    createCohortFollowUpInvitations: (cohortId: string, body: CohortFollowUpInvitationsCreate, opts?: CreateOptions) =>
      t.create<FollowUpInvitationIssuedList>(`${apiPrefix}/cohorts/${id(cohortId)}/follow-up-invitations`, body, opts),
    listFollowUpInvitations: (query: FollowUpInvitationListQuery, opts?: CallOptions) =>
      t.get<FollowUpInvitationList>(`${apiPrefix}/follow-up-invitations`, query, opts),
    revokeFollowUpInvitation: (invitationId: string, opts?: CallOptions) =>
      t.post<FollowUpInvitation>(`${apiPrefix}/follow-up-invitations/${id(invitationId)}/revoke`, undefined, opts),
    lookupSelfReport: (code: string, opts?: CallOptions) =>
      t.post<SelfReportInvitation>(`${apiPrefix}/self-reports/lookup`, { code }, opts),
    createSelfReport: (body: SelfReportCreate, opts?: CreateOptions) =>
      t.create<SelfReportReceipt>(`${apiPrefix}/self-reports`, body, opts),
  }
}
