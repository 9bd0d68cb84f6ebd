import type { EnrolmentStage, ExitReason } from '@trajectoires/contract'

// The contract's vocabularies, from its schema-free entry point so that the dashboard does not
// bundle the schema library; and the subsets the dashboard's forms offer.
export {
  apiScopes,
  checkpoints,
  cohortStatuses,
  contractTypes,
  diplomaLevels,
  exclusionReasons,
  observationSources,
  organisationKinds,
  referrers,
  sexes,
  situations,
  staffRoles,
} from '@trajectoires/contract/vocabulary'

/** The statuses a cohort may move to from each status (the API refuses any other move). */
export { cohortTransitions } from '@trajectoires/contract/rules'
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
