import type {
  CohortFollowUpInvitationsCreate,
  FollowUpInvitation,
  FollowUpInvitationIssuedList,
  FollowUpInvitationList,
  Problem,
  SelfReportCreate,
  SelfReportInvitation,
  SelfReportReceipt,
} from '@trajectoires/contract'
import { ApiError, api } from '../../api/client'

/**
 * Calls of the follow-up invitations and self-reports, which the shared typed client does not
 * have yet: plain `fetch` on the same origin, the session's CSRF token on staff writes, and
 * problem+json turned into `ApiError` like every other call of the dashboard.
 */
async function send<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const csrf = api.csrfToken()
  if (method === 'POST' && csrf) headers['x-csrf-token'] = csrf
  let response: Response
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    })
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'network_error', detail: String(cause), cause })
  }
  const text = await response.text()
  let data: unknown
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    data = undefined
  }
  if (!response.ok) {
    if (data && typeof data === 'object' && 'code' in data) throw ApiError.fromProblem(data as Problem)
    throw new ApiError({ status: response.status, code: 'unexpected_response', detail: text.slice(0, 200) })
  }
  return data as T
}

/** The learner's page: what a code asks. The code goes in the body, never in a URL. */
export const lookupSelfReport = (code: string) => send<SelfReportInvitation>('POST', '/self-reports/lookup', { code })

/** The learner's answer. */
export const createSelfReport = (body: SelfReportCreate) => send<SelfReportReceipt>('POST', '/self-reports', body)

/** Staff: an invitation for every learner of the cohort due at the checkpoint (codes shown once). */
export const createCohortInvitations = (cohortId: string, body: CohortFollowUpInvitationsCreate) =>
  send<FollowUpInvitationIssuedList>('POST', `/cohorts/${encodeURIComponent(cohortId)}/follow-up-invitations`, body)

/** Staff: the cohort's invitations and their status. */
export const listInvitations = (cohortId: string) =>
  send<FollowUpInvitationList>('GET', `/follow-up-invitations?cohortId=${encodeURIComponent(cohortId)}`)

/** Staff: stops a code at once. */
export const revokeInvitation = (id: string) =>
  send<FollowUpInvitation>('POST', `/follow-up-invitations/${encodeURIComponent(id)}/revoke`)
