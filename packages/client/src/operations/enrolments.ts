import type {
  Enrolment,
  EnrolmentCreate,
  EnrolmentListQuery,
  EnrolmentStageHistory,
  EnrolmentTransition,
  EnrolmentUpdate,
  FollowUpListQuery,
  FollowUpPage,
  Internship,
  InternshipCreate,
  InternshipList,
  InternshipUpdate,
  OutcomeObservation,
  OutcomeObservationCreate,
  OutcomeObservationHistory,
  OutcomeObservationHistoryQuery,
  PageOf,
} from '@trajectoires/contract'
import { apiPrefix, id, type CallOptions, type CreateOptions, type ETag, type Transport } from '../http.js'

/** Enrolments, their stages and internships, outcome observations and the follow-ups due. */
export function enrolmentOperations(t: Transport) {
  return {
    listEnrolments: (query: EnrolmentListQuery = {}, opts?: CallOptions) =>
      t.get<PageOf<Enrolment>>(`${apiPrefix}/enrolments`, query, opts),
    getEnrolment: (enrolmentId: string, opts?: CallOptions) =>
      t.getVersioned<Enrolment>(`${apiPrefix}/enrolments/${id(enrolmentId)}`, opts),
    createEnrolment: (body: EnrolmentCreate, opts?: CreateOptions) =>
      t.create<Enrolment>(`${apiPrefix}/enrolments`, body, opts),
    updateEnrolment: (enrolmentId: string, body: EnrolmentUpdate, etag: ETag, opts?: CallOptions) =>
      t.update<Enrolment>(`${apiPrefix}/enrolments/${id(enrolmentId)}`, body, etag, opts),
    deleteEnrolment: (enrolmentId: string, etag: ETag, opts?: CallOptions) =>
      t.remove(`${apiPrefix}/enrolments/${id(enrolmentId)}`, etag, opts),
    /** Moves the enrolment to another stage (If-Match: its ETag); returns it with its new ETag. */
    transitionEnrolment: (enrolmentId: string, body: EnrolmentTransition, etag: ETag, opts?: CallOptions) =>
      t.update<Enrolment>(`${apiPrefix}/enrolments/${id(enrolmentId)}/transitions`, body, etag, opts, 'POST'),
    listEnrolmentStages: (enrolmentId: string, opts?: CallOptions) =>
      t.get<EnrolmentStageHistory>(`${apiPrefix}/enrolments/${id(enrolmentId)}/stages`, undefined, opts),

    listEnrolmentInternships: (enrolmentId: string, opts?: CallOptions) =>
      t.get<InternshipList>(`${apiPrefix}/enrolments/${id(enrolmentId)}/internships`, undefined, opts),
    createInternship: (enrolmentId: string, body: InternshipCreate, opts?: CreateOptions) =>
      t.create<Internship>(`${apiPrefix}/enrolments/${id(enrolmentId)}/internships`, body, opts),
    getInternship: (internshipId: string, opts?: CallOptions) =>
      t.getVersioned<Internship>(`${apiPrefix}/internships/${id(internshipId)}`, opts),
    updateInternship: (internshipId: string, body: InternshipUpdate, etag: ETag, opts?: CallOptions) =>
      t.update<Internship>(`${apiPrefix}/internships/${id(internshipId)}`, body, etag, opts),
    deleteInternship: (internshipId: string, etag: ETag, opts?: CallOptions) =>
      t.remove(`${apiPrefix}/internships/${id(internshipId)}`, etag, opts),

    /** The observations in force at each checkpoint and the full history (`asOf`, `checkpoint` narrow it). */
    listOutcomeObservations: (enrolmentId: string, query: OutcomeObservationHistoryQuery = {}, opts?: CallOptions) =>
      t.get<OutcomeObservationHistory>(`${apiPrefix}/enrolments/${id(enrolmentId)}/observations`, query, opts),
    /** Records an observation; observations are never changed, a correction is a new one. */
    createOutcomeObservation: (enrolmentId: string, body: OutcomeObservationCreate, opts?: CreateOptions) =>
      t.create<OutcomeObservation>(`${apiPrefix}/enrolments/${id(enrolmentId)}/observations`, body, opts),
    getOutcomeObservation: (observationId: string, opts?: CallOptions) =>
      t.getVersioned<OutcomeObservation>(`${apiPrefix}/observations/${id(observationId)}`, opts),
    listFollowUps: (query: FollowUpListQuery = {}, opts?: CallOptions) =>
      t.get<FollowUpPage>(`${apiPrefix}/follow-ups`, query, opts),
  }
}
