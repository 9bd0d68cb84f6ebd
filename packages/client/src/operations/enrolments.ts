import type { CallOptions, CreateOptions, ETag } from '../http.js'
import type { Body, OperationCalls, Query } from '../routes.js'

/** Enrolments, their stages and internships, outcome observations and the follow-ups due. */
export function enrolmentOperations(c: OperationCalls) {
  return {
    listEnrolments: (query: Query<'listEnrolments'> = {}, opts?: CallOptions) =>
      c.get('listEnrolments', { query }, opts),
    getEnrolment: (enrolmentId: string, opts?: CallOptions) =>
      c.getVersioned('getEnrolment', { path: { id: enrolmentId } }, opts),
    createEnrolment: (body: Body<'createEnrolment'>, opts?: CreateOptions) =>
      c.create('createEnrolment', { body }, opts),
    updateEnrolment: (enrolmentId: string, body: Body<'updateEnrolment'>, etag: ETag, opts?: CallOptions) =>
      c.update('updateEnrolment', { path: { id: enrolmentId }, body }, etag, opts),
    deleteEnrolment: (enrolmentId: string, etag: ETag, opts?: CallOptions) =>
      c.remove('deleteEnrolment', { path: { id: enrolmentId } }, etag, opts),
    /** Moves the enrolment to another stage (If-Match: its ETag); returns it with its new ETag. */
    transitionEnrolment: (enrolmentId: string, body: Body<'transitionEnrolment'>, etag: ETag, opts?: CallOptions) =>
      c.update('transitionEnrolment', { path: { id: enrolmentId }, body }, etag, opts),
    listEnrolmentStages: (enrolmentId: string, opts?: CallOptions) =>
      c.get('listEnrolmentStages', { path: { id: enrolmentId } }, opts),

    listEnrolmentInternships: (enrolmentId: string, opts?: CallOptions) =>
      c.get('listEnrolmentInternships', { path: { id: enrolmentId } }, opts),
    createInternship: (enrolmentId: string, body: Body<'createInternship'>, opts?: CreateOptions) =>
      c.create('createInternship', { path: { id: enrolmentId }, body }, opts),
    getInternship: (internshipId: string, opts?: CallOptions) =>
      c.getVersioned('getInternship', { path: { id: internshipId } }, opts),
    updateInternship: (internshipId: string, body: Body<'updateInternship'>, etag: ETag, opts?: CallOptions) =>
      c.update('updateInternship', { path: { id: internshipId }, body }, etag, opts),
    deleteInternship: (internshipId: string, etag: ETag, opts?: CallOptions) =>
      c.remove('deleteInternship', { path: { id: internshipId } }, etag, opts),

    /** The observations in force at each checkpoint and the full history (`asOf`, `checkpoint` narrow it). */
    listOutcomeObservations: (enrolmentId: string, query: Query<'listOutcomeObservations'> = {}, opts?: CallOptions) =>
      c.get('listOutcomeObservations', { path: { enrolmentId }, query }, opts),
    /** Records an observation; observations are never changed, a correction is a new one. */
    createOutcomeObservation: (enrolmentId: string, body: Body<'createOutcomeObservation'>, opts?: CreateOptions) =>
      c.create('createOutcomeObservation', { path: { enrolmentId }, body }, opts),
    getOutcomeObservation: (observationId: string, opts?: CallOptions) =>
      c.getVersioned('getOutcomeObservation', { path: { id: observationId } }, opts),
    listFollowUps: (query: Query<'listFollowUps'> = {}, opts?: CallOptions) => c.get('listFollowUps', { query }, opts),
  }
}
