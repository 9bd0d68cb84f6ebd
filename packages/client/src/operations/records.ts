import type { CallOptions, CreateOptions, ETag } from '../http.js'
import type { Body, OperationCalls, Query } from '../routes.js'

/** Tracks (training programmes), cohorts and learners. */
export function recordOperations(c: OperationCalls) {
  return {
    listTracks: (query: Query<'listTracks'> = {}, opts?: CallOptions) => c.get('listTracks', { query }, opts),
    getTrack: (trackId: string, opts?: CallOptions) => c.getVersioned('getTrack', { path: { id: trackId } }, opts),
    createTrack: (body: Body<'createTrack'>, opts?: CreateOptions) => c.create('createTrack', { body }, opts),
    updateTrack: (trackId: string, body: Body<'updateTrack'>, etag: ETag, opts?: CallOptions) =>
      c.update('updateTrack', { path: { id: trackId }, body }, etag, opts),
    deleteTrack: (trackId: string, etag: ETag, opts?: CallOptions) =>
      c.remove('deleteTrack', { path: { id: trackId } }, etag, opts),

    listCohorts: (query: Query<'listCohorts'> = {}, opts?: CallOptions) => c.get('listCohorts', { query }, opts),
    getCohort: (cohortId: string, opts?: CallOptions) => c.getVersioned('getCohort', { path: { id: cohortId } }, opts),
    createCohort: (body: Body<'createCohort'>, opts?: CreateOptions) => c.create('createCohort', { body }, opts),
    updateCohort: (cohortId: string, body: Body<'updateCohort'>, etag: ETag, opts?: CallOptions) =>
      c.update('updateCohort', { path: { id: cohortId }, body }, etag, opts),
    deleteCohort: (cohortId: string, etag: ETag, opts?: CallOptions) =>
      c.remove('deleteCohort', { path: { id: cohortId } }, etag, opts),

    listLearners: (query: Query<'listLearners'> = {}, opts?: CallOptions) => c.get('listLearners', { query }, opts),
    getLearner: (learnerId: string, opts?: CallOptions) =>
      c.getVersioned('getLearner', { path: { id: learnerId } }, opts),
    createLearner: (body: Body<'createLearner'>, opts?: CreateOptions) => c.create('createLearner', { body }, opts),
    updateLearner: (learnerId: string, body: Body<'updateLearner'>, etag: ETag, opts?: CallOptions) =>
      c.update('updateLearner', { path: { id: learnerId }, body }, etag, opts),
    deleteLearner: (learnerId: string, etag: ETag, opts?: CallOptions) =>
      c.remove('deleteLearner', { path: { id: learnerId } }, etag, opts),
  }
}
