/**
 * Rules of one learner record that a JSON Schema cannot state, as pure functions: the API's
 * service and the bulk import apply the same ones. Run a record through the `LearnerCreate`
 * schema first (types, enums, ranges, reference pattern); these rules come on top.
 *
 * Issues name the property at fault (`birthYear`), not a JSON pointer, so that an import can
 * report them against its columns.
 */
import {
  learnerAgeAtEntry,
  learnerBirthYearSpan,
  learnerReferencePattern,
  type QpvListVersion,
} from '@trajectoires/contract'

export interface RuleIssue {
  /** The property at fault. */
  field: string
  /** The rule that failed. */
  code: string
  message: string
}

/** The facts of a learner these rules look at. */
export interface LearnerFacts {
  reference: string
  birthYear: number
  qpvResident: boolean | null
  qpvListVersion: QpvListVersion | null
}

const referenceRegExp = new RegExp(learnerReferencePattern)

/** Birth years a learner may be recorded with on `today` (YYYY-MM-DD): year − 80 to year − 14. */
export function birthYearBounds(today: string): { min: number; max: number } {
  const year = Number(today.slice(0, 4))
  return { min: year - learnerBirthYearSpan.oldest, max: year - learnerBirthYearSpan.youngest }
}

/**
 * The age the learner reaches in the year the cohort starts. Only the birth year is stored, so
 * this is the age at the cohort's start or one more.
 */
export function ageInCohortStartYear(birthYear: number, cohortStartDate: string): number {
  return Number(cohortStartDate.slice(0, 4)) - birthYear
}

/** Checks a learner record on `today`: reference shape, birth year bounds, QPV fields together. */
export function learnerIssues(learner: LearnerFacts, today: string): RuleIssue[] {
  const issues: RuleIssue[] = []
  if (!referenceRegExp.test(learner.reference)) {
    issues.push({
      field: 'reference',
      code: 'pattern',
      message: 'must be 1 to 40 letters, digits, ".", "_", "/" or "-", starting with a letter or digit',
    })
  }
  const { min, max } = birthYearBounds(today)
  if (!Number.isInteger(learner.birthYear) || learner.birthYear < min || learner.birthYear > max) {
    issues.push({
      field: 'birthYear',
      code: 'birth_year',
      message: `must be from ${min} to ${max} (${learnerBirthYearSpan.youngest} to ${learnerBirthYearSpan.oldest} years before this year)`,
    })
  }
  if (learner.qpvResident !== null && learner.qpvListVersion === null) {
    issues.push({
      field: 'qpvListVersion',
      code: 'qpv_list_version',
      message: 'is required when qpvResident is true or false: say which edition of the QPV list (2015 or 2024)',
    })
  }
  if (learner.qpvResident === null && learner.qpvListVersion !== null) {
    issues.push({
      field: 'qpvListVersion',
      code: 'qpv_list_version',
      message: 'goes with qpvResident: clear it too when QPV residence is unknown',
    })
  }
  return issues
}

/** Checks the learner is of entry age (16 to 30) in the year a cohort starts. */
export function ageAtEntryIssues(birthYear: number, cohortStartDate: string, field = 'learnerId'): RuleIssue[] {
  const age = ageInCohortStartYear(birthYear, cohortStartDate)
  if (age >= learnerAgeAtEntry.min && age <= learnerAgeAtEntry.max) return []
  return [
    {
      field,
      code: 'age_at_entry',
      message: `the learner, born in ${birthYear}, turns ${age} in the year the cohort starts (${cohortStartDate}); the training admits ages ${learnerAgeAtEntry.min} to ${learnerAgeAtEntry.max}`,
    },
  ]
}

/** Issues as the API reports them: fields as JSON pointers into the request body. */
export function asBodyIssues(issues: RuleIssue[]): RuleIssue[] {
  return issues.map((i) => ({ ...i, field: `/${i.field}` }))
}
