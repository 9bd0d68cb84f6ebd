/** Domain vocabularies (DOMAIN.md §3). Codes are English; the dashboard translates them. */

export const organisationKinds = [
  'e2c',
  'foundation',
  'endowment_fund',
  'federation',
  'network_operator',
  'fibre_contractor',
  'training_provider',
  'city_hall',
  'chamber_of_commerce',
  'public_body',
  'association',
  'insertion_company',
  'other',
] as const
export type OrganisationKind = (typeof organisationKinds)[number]

export const campusStatuses = ['planned', 'open', 'closed'] as const
export type CampusStatus = (typeof campusStatuses)[number]

export const consortiumRoles = [
  'carrier',
  'associate',
  'funder',
  'industry_sponsor',
  'internship_host',
  'recruiter',
  'jury_member',
  'training_provider',
  'certifier',
  'public_partner',
] as const
export type ConsortiumRole = (typeof consortiumRoles)[number]

/** Where a record comes from: the source article, demonstration data, or a user of the API. */
export const provenances = ['source_article', 'demo', 'user'] as const
export type Provenance = (typeof provenances)[number]
