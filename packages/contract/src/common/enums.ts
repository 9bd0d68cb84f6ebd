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

/** Parts of a training track. */
export const trackComponents = ['remedial_basics', 'driving_licence', 'technical_platform', 'internship'] as const
export type TrackComponent = (typeof trackComponents)[number]

/** Cohort life: planned → recruiting → in_training → completed; cancelled before training starts. */
export const cohortStatuses = ['planned', 'recruiting', 'in_training', 'completed', 'cancelled'] as const
export type CohortStatus = (typeof cohortStatuses)[number]

export const sexes = ['female', 'male'] as const
export type Sex = (typeof sexes)[number]

/** Editions of the official list of priority neighbourhoods (quartiers prioritaires de la ville). */
export const qpvListVersions = ['2015', '2024'] as const
export type QpvListVersion = (typeof qpvListVersions)[number]

/** Highest diploma at entry, on the French scale (none, CAP/BEP, baccalauréat, higher). */
export const diplomaLevels = ['none', 'brevet', 'cap_bep', 'bac', 'higher'] as const
export type DiplomaLevel = (typeof diplomaLevels)[number]

export const referrers = ['mission_locale', 'france_travail', 'e2c', 'self', 'other'] as const
export type Referrer = (typeof referrers)[number]

export const enrolmentStages = [
  'applied',
  'jury_rejected',
  'waitlisted',
  'enrolled',
  'in_training',
  'completed',
  'withdrawn',
] as const
export type EnrolmentStage = (typeof enrolmentStages)[number]

export const exitReasons = ['completed', 'left_for_job', 'dropout', 'dismissed', 'excluded'] as const
export type ExitReason = (typeof exitReasons)[number]

/** Reasons that take an enrolment out of both numerator and denominator. */
export const exclusionReasons = ['moved_away', 'long_illness', 'deceased', 'incarcerated'] as const
export type ExclusionReason = (typeof exclusionReasons)[number]

export const checkpoints = ['exit', 'm6', 'm12'] as const
export type Checkpoint = (typeof checkpoints)[number]

/** The outcome mix's five situations at a checkpoint, in the order they stack (each person in exactly one). */
export const outcomeMixParts = ['lasting', 'otherEmployment', 'workStudyTraining', 'notPlaced', 'unknown'] as const
export type OutcomeMixPart = (typeof outcomeMixParts)[number]

export const situations = [
  'employed',
  'work_study',
  'qualifying_training',
  'job_seeking',
  'inactive',
  'unreachable',
] as const
export type Situation = (typeof situations)[number]

export const contractTypes = [
  'cdi',
  'cdd',
  'temp_agency',
  'cdi_interim',
  'apprenticeship',
  'professionalisation',
  'subsidised',
  'civil_service',
  'self_employed',
] as const
export type ContractType = (typeof contractTypes)[number]

export const observationSources = ['self_declared', 'employer_confirmed', 'document', 'partner_report'] as const
export type ObservationSource = (typeof observationSources)[number]
/**
 * Every source an observation can carry: the ones staff and partners give, and `self_report`, set
 * by the API alone when a learner answers a follow-up invitation themself (`/suivi`).
 */
export const recordedObservationSources = [...observationSources, 'self_report'] as const
export type RecordedObservationSource = (typeof recordedObservationSources)[number]

/** Staff roles of the dashboard accounts. */
export const staffRoles = ['network_admin', 'network_staff', 'campus_staff'] as const
export type StaffRole = (typeof staffRoles)[number]

/** What an API key may do; a key holds one or more. */
export const apiScopes = ['records:read', 'enrolments:write', 'outcomes:write', 'stats:read'] as const
export type ApiScope = (typeof apiScopes)[number]
