import type {
  Cohort,
  CohortCreate,
  CohortListQuery,
  CohortUpdate,
  Learner,
  LearnerCreate,
  LearnerListQuery,
  LearnerUpdate,
  PageOf,
  Track,
  TrackCreate,
  TrackListQuery,
  TrackUpdate,
} from '@trajectoires/contract'
import { apiPrefix, id, type CallOptions, type CreateOptions, type ETag, type Transport } from '../http.js'

/** Tracks (training programmes), cohorts and learners. */
export function recordOperations(t: Transport) {
  return {
    listTracks: (query: TrackListQuery = {}, opts?: CallOptions) =>
      t.get<PageOf<Track>>(`${apiPrefix}/tracks`, query, opts),
    getTrack: (trackId: string, opts?: CallOptions) =>
      t.getVersioned<Track>(`${apiPrefix}/tracks/${id(trackId)}`, opts),
    createTrack: (body: TrackCreate, opts?: CreateOptions) => t.create<Track>(`${apiPrefix}/tracks`, body, opts),
    updateTrack: (trackId: string, body: TrackUpdate, etag: ETag, opts?: CallOptions) =>
      t.update<Track>(`${apiPrefix}/tracks/${id(trackId)}`, body, etag, opts),
    deleteTrack: (trackId: string, etag: ETag, opts?: CallOptions) =>
      t.remove(`${apiPrefix}/tracks/${id(trackId)}`, etag, opts),

    listCohorts: (query: CohortListQuery = {}, opts?: CallOptions) =>
      t.get<PageOf<Cohort>>(`${apiPrefix}/cohorts`, query, opts),
    getCohort: (cohortId: string, opts?: CallOptions) =>
      t.getVersioned<Cohort>(`${apiPrefix}/cohorts/${id(cohortId)}`, opts),
    createCohort: (body: CohortCreate, opts?: CreateOptions) => t.create<Cohort>(`${apiPrefix}/cohorts`, body, opts),
    updateCohort: (cohortId: string, body: CohortUpdate, etag: ETag, opts?: CallOptions) =>
      t.update<Cohort>(`${apiPrefix}/cohorts/${id(cohortId)}`, body, etag, opts),
    deleteCohort: (cohortId: string, etag: ETag, opts?: CallOptions) =>
      t.remove(`${apiPrefix}/cohorts/${id(cohortId)}`, etag, opts),

    listLearners: (query: LearnerListQuery = {}, opts?: CallOptions) =>
      t.get<PageOf<Learner>>(`${apiPrefix}/learners`, query, opts),
    getLearner: (learnerId: string, opts?: CallOptions) =>
      t.getVersioned<Learner>(`${apiPrefix}/learners/${id(learnerId)}`, opts),
    createLearner: (body: LearnerCreate, opts?: CreateOptions) =>
      t.create<Learner>(`${apiPrefix}/learners`, body, opts),
    updateLearner: (learnerId: string, body: LearnerUpdate, etag: ETag, opts?: CallOptions) =>
      t.update<Learner>(`${apiPrefix}/learners/${id(learnerId)}`, body, etag, opts),
    deleteLearner: (learnerId: string, etag: ETag, opts?: CallOptions) =>
      t.remove(`${apiPrefix}/learners/${id(learnerId)}`, etag, opts),
  }
}
