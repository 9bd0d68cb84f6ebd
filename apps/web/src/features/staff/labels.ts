import type {
  ApiScope,
  Checkpoint,
  CohortStatus,
  ConsortiumRole,
  ContractType,
  DiplomaLevel,
  EnrolmentStage,
  ExclusionReason,
  ExitReason,
  RecordedObservationSource,
  OrganisationKind,
  Referrer,
  Sex,
  Situation,
  StaffRole,
} from '@trajectoires/contract'
import { useI18n } from '../../i18n'

/** The API's codes in the reader's words (the vocabulary of DOMAIN.md §2). */
export function useLabels() {
  const { t } = useI18n()
  return {
    cohortStatus: (code: CohortStatus) => t(`staff.vocab.cohortStatus.${code}` as const),
    stage: (code: EnrolmentStage) => t(`staff.vocab.stage.${code}` as const),
    exitReason: (code: ExitReason) => t(`staff.vocab.exitReason.${code}` as const),
    exclusionReason: (code: ExclusionReason) => t(`staff.vocab.exclusionReason.${code}` as const),
    sex: (code: Sex) => t(`staff.vocab.sex.${code}` as const),
    diploma: (code: DiplomaLevel) => t(`staff.vocab.diploma.${code}` as const),
    referrer: (code: Referrer) => t(`staff.vocab.referrer.${code}` as const),
    checkpoint: (code: Checkpoint) => t(`staff.vocab.checkpoint.${code}` as const),
    situation: (code: Situation) => t(`staff.vocab.situation.${code}` as const),
    contract: (code: ContractType) => t(`staff.vocab.contract.${code}` as const),
    source: (code: RecordedObservationSource) => t(`staff.vocab.source.${code}` as const),
    role: (code: StaffRole) => t(`staff.vocab.role.${code}` as const),
    scope: (code: ApiScope) => t(`staff.vocab.scope.${code}` as const),
    organisationKind: (code: OrganisationKind) => t(`staff.vocab.orgKind.${code}` as const),
    consortiumRole: (code: ConsortiumRole) => t(`staff.vocab.consortiumRole.${code}` as const),
  }
}
