import type { CallOptions, CreateOptions, ETag } from '../http.js'
import type { Body, OperationCalls, Query } from '../routes.js'

/** Campuses, organisations and the consortium memberships between them. */
export function organisationOperations(c: OperationCalls) {
  return {
    listCampuses: (query: Query<'listCampuses'> = {}, opts?: CallOptions) => c.get('listCampuses', { query }, opts),
    getCampus: (campusId: string, opts?: CallOptions) => c.getVersioned('getCampus', { path: { id: campusId } }, opts),
    createCampus: (body: Body<'createCampus'>, opts?: CreateOptions) => c.create('createCampus', { body }, opts),
    updateCampus: (campusId: string, body: Body<'updateCampus'>, etag: ETag, opts?: CallOptions) =>
      c.update('updateCampus', { path: { id: campusId }, body }, etag, opts),
    deleteCampus: (campusId: string, etag: ETag, opts?: CallOptions) =>
      c.remove('deleteCampus', { path: { id: campusId } }, etag, opts),

    listOrganisations: (query: Query<'listOrganisations'> = {}, opts?: CallOptions) =>
      c.get('listOrganisations', { query }, opts),
    getOrganisation: (organisationId: string, opts?: CallOptions) =>
      c.getVersioned('getOrganisation', { path: { id: organisationId } }, opts),
    createOrganisation: (body: Body<'createOrganisation'>, opts?: CreateOptions) =>
      c.create('createOrganisation', { body }, opts),
    updateOrganisation: (organisationId: string, body: Body<'updateOrganisation'>, etag: ETag, opts?: CallOptions) =>
      c.update('updateOrganisation', { path: { id: organisationId }, body }, etag, opts),
    deleteOrganisation: (organisationId: string, etag: ETag, opts?: CallOptions) =>
      c.remove('deleteOrganisation', { path: { id: organisationId } }, etag, opts),

    /** The consortium on `asOf` (an ISO date; today when absent). */
    getCampusConsortium: (campusId: string, asOf?: string, opts?: CallOptions) =>
      c.get('getCampusConsortium', { path: { campusId }, query: { asOf } }, opts),
    /** Every membership of the campus, past and present; `asOf` narrows to one day. */
    listCampusMemberships: (campusId: string, asOf?: string, opts?: CallOptions) =>
      c.get('listCampusMemberships', { path: { campusId }, query: { asOf } }, opts),
    createMembership: (campusId: string, body: Body<'createMembership'>, opts?: CreateOptions) =>
      c.create('createMembership', { path: { campusId }, body }, opts),
    /** The campuses an organisation takes part in, as memberships. */
    listOrganisationMemberships: (organisationId: string, asOf?: string, opts?: CallOptions) =>
      c.get('listOrganisationMemberships', { path: { organisationId }, query: { asOf } }, opts),
    getMembership: (membershipId: string, opts?: CallOptions) =>
      c.getVersioned('getMembership', { path: { id: membershipId } }, opts),
    updateMembership: (membershipId: string, body: Body<'updateMembership'>, etag: ETag, opts?: CallOptions) =>
      c.update('updateMembership', { path: { id: membershipId }, body }, etag, opts),
    deleteMembership: (membershipId: string, etag: ETag, opts?: CallOptions) =>
      c.remove('deleteMembership', { path: { id: membershipId } }, etag, opts),
  }
}
