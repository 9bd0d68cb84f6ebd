import type {
  Campus,
  CampusCreate,
  CampusListQuery,
  CampusUpdate,
  Consortium,
  Membership,
  MembershipCreate,
  MembershipList,
  MembershipUpdate,
  Organisation,
  OrganisationCreate,
  OrganisationListQuery,
  OrganisationUpdate,
  PageOf,
} from '@trajectoires/contract'
import { apiPrefix, id, type CallOptions, type CreateOptions, type ETag, type Transport } from '../http.js'

/** Campuses, organisations and the consortium memberships between them. */
export function organisationOperations(t: Transport) {
  return {
    listCampuses: (query: CampusListQuery = {}, opts?: CallOptions) =>
      t.get<PageOf<Campus>>(`${apiPrefix}/campuses`, query, opts),
    getCampus: (campusId: string, opts?: CallOptions) =>
      t.getVersioned<Campus>(`${apiPrefix}/campuses/${id(campusId)}`, opts),
    createCampus: (body: CampusCreate, opts?: CreateOptions) => t.create<Campus>(`${apiPrefix}/campuses`, body, opts),
    updateCampus: (campusId: string, body: CampusUpdate, etag: ETag, opts?: CallOptions) =>
      t.update<Campus>(`${apiPrefix}/campuses/${id(campusId)}`, body, etag, opts),
    deleteCampus: (campusId: string, etag: ETag, opts?: CallOptions) =>
      t.remove(`${apiPrefix}/campuses/${id(campusId)}`, etag, opts),

    listOrganisations: (query: OrganisationListQuery = {}, opts?: CallOptions) =>
      t.get<PageOf<Organisation>>(`${apiPrefix}/organisations`, query, opts),
    getOrganisation: (organisationId: string, opts?: CallOptions) =>
      t.getVersioned<Organisation>(`${apiPrefix}/organisations/${id(organisationId)}`, opts),
    createOrganisation: (body: OrganisationCreate, opts?: CreateOptions) =>
      t.create<Organisation>(`${apiPrefix}/organisations`, body, opts),
    updateOrganisation: (organisationId: string, body: OrganisationUpdate, etag: ETag, opts?: CallOptions) =>
      t.update<Organisation>(`${apiPrefix}/organisations/${id(organisationId)}`, body, etag, opts),
    deleteOrganisation: (organisationId: string, etag: ETag, opts?: CallOptions) =>
      t.remove(`${apiPrefix}/organisations/${id(organisationId)}`, etag, opts),

    /** The consortium on `asOf` (an ISO date; today when absent). */
    getCampusConsortium: (campusId: string, asOf?: string, opts?: CallOptions) =>
      t.get<Consortium>(`${apiPrefix}/campuses/${id(campusId)}/consortium`, { asOf }, opts),
    /** Every membership of the campus, past and present; `asOf` narrows to one day. */
    listCampusMemberships: (campusId: string, asOf?: string, opts?: CallOptions) =>
      t.get<MembershipList>(`${apiPrefix}/campuses/${id(campusId)}/memberships`, { asOf }, opts),
    createMembership: (campusId: string, body: MembershipCreate, opts?: CreateOptions) =>
      t.create<Membership>(`${apiPrefix}/campuses/${id(campusId)}/memberships`, body, opts),
    /** The campuses an organisation takes part in, as memberships. */
    listOrganisationMemberships: (organisationId: string, asOf?: string, opts?: CallOptions) =>
      t.get<MembershipList>(`${apiPrefix}/organisations/${id(organisationId)}/campuses`, { asOf }, opts),
    getMembership: (membershipId: string, opts?: CallOptions) =>
      t.getVersioned<Membership>(`${apiPrefix}/memberships/${id(membershipId)}`, opts),
    updateMembership: (membershipId: string, body: MembershipUpdate, etag: ETag, opts?: CallOptions) =>
      t.update<Membership>(`${apiPrefix}/memberships/${id(membershipId)}`, body, etag, opts),
    deleteMembership: (membershipId: string, etag: ETag, opts?: CallOptions) =>
      t.remove(`${apiPrefix}/memberships/${id(membershipId)}`, etag, opts),
  }
}
