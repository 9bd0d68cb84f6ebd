import type { MessageKey } from '../../i18n'
import type { FieldIssue } from '../../features/staff/requests'

/** Rule codes of the API (JSON Schema keywords and domain rules) said in the reader's language. */
const known: Record<string, MessageKey> = {
  required: 'staff.field.required',
  minLength: 'staff.field.minLength',
  maxLength: 'staff.field.maxLength',
  pattern: 'staff.field.pattern',
  format: 'staff.field.format',
  no_such_day: 'staff.field.noSuchDay',
  no_such_month: 'staff.field.noSuchMonth',
  minimum: 'staff.field.range',
  maximum: 'staff.field.range',
  minItems: 'staff.field.minItems',
  type: 'staff.field.type',
  enum: 'staff.field.enum',
  exists: 'staff.field.exists',
  duplicate: 'staff.field.duplicate',
  date_order: 'staff.field.dateOrder',
  period: 'staff.field.dateOrder',
  jury_date: 'staff.field.juryDate',
  campus_closed: 'staff.field.campusClosed',
  cohort_period: 'staff.field.cohortPeriod',
  age_at_entry: 'staff.field.ageAtEntry',
  birth_year: 'staff.field.birthYear',
  checkpoint_window: 'staff.field.checkpointWindow',
  observed_in_future: 'staff.field.future',
  observed_before_exit: 'staff.field.beforeExit',
  contract_required: 'staff.field.contractRequired',
  contract_not_applicable: 'staff.field.contractNotApplicable',
  contract_situation: 'staff.field.contractSituation',
  contract_months_open_ended: 'staff.field.monthsOpenEnded',
  contract_months_not_applicable: 'staff.field.monthsNotApplicable',
  sector_not_applicable: 'staff.field.sectorNotApplicable',
  employer_not_applicable: 'staff.field.employerNotApplicable',
  exit_reason: 'staff.field.exitReason',
  exclusion_reason: 'staff.field.exclusionReason',
  transition: 'staff.field.transition',
  stage_on: 'staff.field.dateOrder',
  exit_date: 'staff.field.dateOrder',
  range: 'staff.field.range',
  unknown_reference: 'staff.field.unknownReference',
  not_exited: 'staff.field.notExited',
  yes_no: 'staff.field.yesNo',
  blank: 'staff.field.blank',
  weak_password: 'staff.field.weakPassword',
  network_wide: 'staff.field.networkWide',
}

/** The issue in the reader's words, or the server's message when the rule has no translation. */
export function fieldIssueText(t: (key: MessageKey) => string, issue: FieldIssue): string {
  const key = known[issue.code]
  return key ? t(key) : issue.message
}
