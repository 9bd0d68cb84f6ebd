import type { CohortFollowUpInvitationsCreate, SelfReportCreate } from '@trajectoires/contract'
import { api } from '../../api/client'

/**
 * Calls of the follow-up invitations and self-reports, through the dashboard's typed client
 * (its routes come from the contract): the session's CSRF token on staff writes, problem+json
 * turned into `ApiError` like every other call of the dashboard.
 */

/** The learner's page: what a code asks. The code goes in the body, never in a URL. */
export const lookupSelfReport = (code: string) => api.lookupSelfReport(code)

/** The learner's answer. */
export const createSelfReport = async (body: SelfReportCreate) => (await api.createSelfReport(body)).data

/** Staff: an invitation for every learner of the cohort due at the checkpoint (codes shown once). */
export const createCohortInvitations = async (cohortId: string, body: CohortFollowUpInvitationsCreate) =>
  (await api.createCohortFollowUpInvitations(cohortId, body)).data

/** Staff: the cohort's invitations and their status. */
export const listInvitations = (cohortId: string) => api.listFollowUpInvitations({ cohortId })

/** Staff: stops a code at once. */
export const revokeInvitation = (id: string) => api.revokeFollowUpInvitation(id)
