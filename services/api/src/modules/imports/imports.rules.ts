import type { EnrolmentStage } from '@trajectoires/contract'
import { enrolmentIssues, isActiveStage, type EnrolmentFacts, type RuleIssue } from '../enrolments/enrolments.rules.js'

/** The enrolment rules of the API, applied to a whole imported line (historical records included). */
export function enrolmentRowIssues(row: EnrolmentFacts, cohort: { startDate: string; endDate: string }): RuleIssue[] {
  const issues = enrolmentIssues(row)
  if (row.appliedOn > cohort.endDate) {
    issues.push({
      field: 'appliedOn',
      code: 'date_order',
      message: `must be on or before the cohort's end date (${cohort.endDate})`,
    })
  }
  return issues
}

export const activeStage = (stage: string) => isActiveStage(stage as EnrolmentStage)
