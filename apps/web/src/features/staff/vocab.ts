import type {
  ApiScope,
  Checkpoint,
  CohortStatus,
  ContractType,
  DiplomaLevel,
  EnrolmentStage,
  ExclusionReason,
  ExitReason,
  ObservationSource,
  OrganisationKind,
  Referrer,
  Sex,
  Situation,
  StaffRole,
} from '@trajectoires/contract'

// The contract's vocabularies, repeated here as plain arrays so that the dashboard does not bundle
// the schema library; `satisfies` keeps them in step with the contract's types.
export const cohortStatuses = [
  'planned',
  'recruiting',
  'in_training',
  'completed',
  'cancelled',
] as const satisfies readonly CohortStatus[]
export const cohortNext: Record<CohortStatus, readonly CohortStatus[]> = {
  planned: ['recruiting', 'cancelled'],
  recruiting: ['in_training', 'cancelled'],
  in_training: ['completed'],
  completed: [],
  cancelled: [],
}
export const enrolmentStages = [
  'applied',
  'jury_rejected',
  'waitlisted',
  'enrolled',
  'in_training',
  'completed',
  'withdrawn',
] as const satisfies readonly EnrolmentStage[]
export const creationStages = [
  'applied',
  'jury_rejected',
  'waitlisted',
  'enrolled',
] as const satisfies readonly EnrolmentStage[]
export const withdrawalExitReasons = [
  'left_for_job',
  'dropout',
  'dismissed',
  'excluded',
] as const satisfies readonly ExitReason[]
export const exitReasons = ['completed', ...withdrawalExitReasons] as const satisfies readonly ExitReason[]
export const exclusionReasons = [
  'moved_away',
  'long_illness',
  'deceased',
  'incarcerated',
] as const satisfies readonly ExclusionReason[]
export const sexes = ['female', 'male'] as const satisfies readonly Sex[]
export const diplomaLevels = ['none', 'brevet', 'cap_bep', 'bac', 'higher'] as const satisfies readonly DiplomaLevel[]
export const referrers = [
  'mission_locale',
  'france_travail',
  'e2c',
  'self',
  'other',
] as const satisfies readonly Referrer[]
export const checkpoints = ['exit', 'm6', 'm12'] as const satisfies readonly Checkpoint[]
export const situations = [
  'employed',
  'work_study',
  'qualifying_training',
  'job_seeking',
  'inactive',
  'unreachable',
] as const satisfies readonly Situation[]
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
] as const satisfies readonly ContractType[]
export const observationSources = [
  'self_declared',
  'employer_confirmed',
  'document',
  'partner_report',
] as const satisfies readonly ObservationSource[]
export const staffRoles = ['network_admin', 'network_staff', 'campus_staff'] as const satisfies readonly StaffRole[]
export const apiScopes = [
  'records:read',
  'enrolments:write',
  'outcomes:write',
  'stats:read',
] as const satisfies readonly ApiScope[]
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
] as const satisfies readonly OrganisationKind[]
