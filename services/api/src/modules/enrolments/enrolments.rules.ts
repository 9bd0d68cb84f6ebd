/**
 * Rules of one enrolment (and its internships) as pure functions, with no database and no HTTP:
 * the API's services and the bulk import apply the same ones. Run a record through the contract's
 * schemas first (types, enums, date formats); these rules come on top.
 *
 * Dates are ISO days (`YYYY-MM-DD`), which compare correctly as strings. Issues name the property
 * at fault (`exitReason`), not a JSON pointer, so that an import can report them against its columns.
 */
import {
  activeEnrolmentStages,
  enrolmentTransitions,
  internshipToleranceDays,
  withdrawalExitReasons,
  type EnrolmentStage,
  type ExclusionReason,
  type ExitReason,
} from '@trajectoires/contract'
import { addDays } from '@trajectoires/contract/rules'
import type { RuleIssue } from '../learners/learners.rules.js'

export { asBodyIssues, type RuleIssue } from '../learners/learners.rules.js'

/** The facts of an enrolment these rules look at. */
export interface EnrolmentFacts {
  stage: EnrolmentStage
  appliedOn: string
  /** Day of the last stage change. */
  stageChangedOn: string
  integrationConfirmedOn: string | null
  exitDate: string | null
  exitReason: ExitReason | null
  exclusionReason: ExclusionReason | null
}

/** The part of an enrolment a transition changes. */
export type StageFields = Pick<
  EnrolmentFacts,
  'stage' | 'stageChangedOn' | 'exitDate' | 'exitReason' | 'exclusionReason'
>

export interface TransitionRequest {
  to: EnrolmentStage
  on: string
  exitReason?: ExitReason | undefined
  exclusionReason?: ExclusionReason | undefined
}

export interface Period {
  startDate: string
  endDate: string
}

/** The stages an enrolment may move to from `stage` (empty when final). */
export function nextStages(stage: EnrolmentStage): readonly EnrolmentStage[] {
  return enrolmentTransitions[stage]
}

/** Whether the stage holds a place in its cohort (for the overlap rule). */
export function isActiveStage(stage: EnrolmentStage): boolean {
  return (activeEnrolmentStages as readonly string[]).includes(stage)
}

/**
 * Whether the learner entered the training: `enrolled`, `in_training`, `completed`, or `withdrawn`
 * after entering (such a withdrawal carries an exit reason; one from the waiting list does not).
 */
export function hasEntered(facts: Pick<EnrolmentFacts, 'stage' | 'exitReason'>): boolean {
  if (facts.stage === 'withdrawn') return facts.exitReason !== null
  return facts.stage === 'enrolled' || facts.stage === 'in_training' || facts.stage === 'completed'
}

/** Inclusive periods meet when each starts on or before the other ends. */
export function periodsOverlap(a: Period, b: Period): boolean {
  return a.startDate <= b.endDate && b.startDate <= a.endDate
}

const list = (stages: readonly string[]) =>
  stages.length === 1
    ? `"${stages[0]}"`
    : `${stages
        .slice(0, -1)
        .map((s) => `"${s}"`)
        .join(', ')} or "${stages.at(-1)}"`

/**
 * Why the stage machine refuses `from` → `to`, naming the current stage and the allowed moves;
 * undefined when the move is allowed.
 */
export function transitionRefusal(from: EnrolmentStage, to: EnrolmentStage): string | undefined {
  const allowed = nextStages(from)
  if (allowed.includes(to)) return undefined
  if (allowed.length === 0) return `The enrolment is at stage "${from}", which is final: it cannot move to "${to}".`
  return `The enrolment is at stage "${from}": it can move to ${list(allowed)}, not to "${to}".`
}

/** `exclusionReason` is given exactly when `exitReason` is `excluded`. */
export function exclusionIssues(exitReason: ExitReason | null, exclusionReason: ExclusionReason | null): RuleIssue[] {
  if (exitReason === 'excluded' && exclusionReason === null) {
    return [
      {
        field: 'exclusionReason',
        code: 'required',
        message: 'is required when exitReason is "excluded": moved_away, long_illness, deceased or incarcerated',
      },
    ]
  }
  if (exitReason !== 'excluded' && exclusionReason !== null) {
    return [
      {
        field: 'exclusionReason',
        code: 'exclusion_reason',
        message: 'is only given when exitReason is "excluded"',
      },
    ]
  }
  return []
}

/**
 * Checks the day the trial period ended against the enrolment: only once the learner entered the
 * training, not before the application, not after the exit.
 */
export function integrationIssues(facts: EnrolmentFacts, integrationConfirmedOn: string | null): RuleIssue[] {
  if (integrationConfirmedOn === null) return []
  const field = 'integrationConfirmedOn'
  if (!hasEntered(facts)) {
    return [
      {
        field,
        code: 'stage',
        message: `can only be set once the learner is enrolled (the enrolment is at stage "${facts.stage}")`,
      },
    ]
  }
  if (integrationConfirmedOn < facts.appliedOn) {
    return [{ field, code: 'date_order', message: `must be on or after appliedOn (${facts.appliedOn})` }]
  }
  if (facts.exitDate !== null && integrationConfirmedOn > facts.exitDate) {
    return [{ field, code: 'date_order', message: `must be on or before exitDate (${facts.exitDate})` }]
  }
  return []
}

/**
 * Checks a transition that the stage machine allows (see `transitionRefusal`): its day, and the
 * exit reasons it carries.
 */
export function transitionIssues(current: EnrolmentFacts, request: TransitionRequest): RuleIssue[] {
  const issues: RuleIssue[] = []
  if (request.on < current.stageChangedOn) {
    issues.push({
      field: 'on',
      code: 'date_order',
      message: `must be on or after ${current.stageChangedOn}, the day of the previous stage change`,
    })
  }
  const exitReason = request.exitReason ?? null
  const exclusionReason = request.exclusionReason ?? null
  const leavesTraining =
    request.to === 'completed' ||
    (request.to === 'withdrawn' && (current.stage === 'enrolled' || current.stage === 'in_training'))

  if (request.to === 'completed') {
    if (exitReason !== null && exitReason !== 'completed') {
      issues.push({
        field: 'exitReason',
        code: 'exit_reason',
        message: 'must be "completed" (or absent) when moving to completed',
      })
    }
    if (exclusionReason !== null) {
      issues.push({
        field: 'exclusionReason',
        code: 'exclusion_reason',
        message: 'is only given when exitReason is "excluded"',
      })
    }
  } else if (leavesTraining) {
    if (exitReason === null) {
      issues.push({
        field: 'exitReason',
        code: 'required',
        message: `is required when withdrawing from ${current.stage}: ${list(withdrawalExitReasons)}`,
      })
    } else if (!(withdrawalExitReasons as readonly string[]).includes(exitReason)) {
      issues.push({
        field: 'exitReason',
        code: 'exit_reason',
        message: `must be ${list(withdrawalExitReasons)} when withdrawing; "completed" is reached by moving to completed`,
      })
    } else {
      issues.push(...exclusionIssues(exitReason, exclusionReason))
    }
  } else {
    const why =
      request.to === 'withdrawn'
        ? 'a withdrawal from the waiting list is not an exit from the training'
        : `moving to ${request.to} is not an exit`
    if (exitReason !== null) issues.push({ field: 'exitReason', code: 'exit_reason', message: `is not given: ${why}` })
    if (exclusionReason !== null) {
      issues.push({ field: 'exclusionReason', code: 'exclusion_reason', message: `is not given: ${why}` })
    }
  }
  if (leavesTraining && current.integrationConfirmedOn !== null && request.on < current.integrationConfirmedOn) {
    issues.push({
      field: 'on',
      code: 'date_order',
      message: `must be on or after integrationConfirmedOn (${current.integrationConfirmedOn}): the exit cannot precede the end of the trial period`,
    })
  }
  return issues
}

/** The stage fields after an allowed, checked transition. */
export function applyTransition(current: EnrolmentFacts, request: TransitionRequest): StageFields {
  const base = { stage: request.to, stageChangedOn: request.on }
  if (request.to === 'completed') {
    return { ...base, exitDate: request.on, exitReason: 'completed', exclusionReason: null }
  }
  if (request.to === 'withdrawn' && (current.stage === 'enrolled' || current.stage === 'in_training')) {
    return {
      ...base,
      exitDate: request.on,
      exitReason: request.exitReason ?? null,
      exclusionReason: request.exclusionReason ?? null,
    }
  }
  return { ...base, exitDate: null, exitReason: null, exclusionReason: null }
}

/** Checks the facts of a new enrolment against its cohort's period. */
export function creationIssues(
  input: { appliedOn: string; stage: EnrolmentStage; stageOn?: string | undefined },
  cohort: Period,
): RuleIssue[] {
  const issues: RuleIssue[] = []
  if (input.appliedOn > cohort.endDate) {
    issues.push({
      field: 'appliedOn',
      code: 'date_order',
      message: `must be on or before the cohort's end date (${cohort.endDate})`,
    })
  }
  if (input.stage !== 'applied' && !nextStages('applied').includes(input.stage)) {
    issues.push({
      field: 'stage',
      code: 'stage',
      message: `an enrolment is created at "applied" or one move from it (${list(nextStages('applied'))})`,
    })
  }
  if (input.stageOn !== undefined) {
    if (input.stage === 'applied') {
      issues.push({ field: 'stageOn', code: 'stage_on', message: 'is only given with a stage other than "applied"' })
    } else if (input.stageOn < input.appliedOn) {
      issues.push({
        field: 'stageOn',
        code: 'date_order',
        message: `must be on or after appliedOn (${input.appliedOn})`,
      })
    }
  }
  return issues
}

/**
 * Checks a whole enrolment row for consistency, as an import receives it: exit fields matching the
 * stage, exclusion reason exactly with `excluded`, and dates in order.
 */
export function enrolmentIssues(row: EnrolmentFacts): RuleIssue[] {
  const issues: RuleIssue[] = []
  if (row.stageChangedOn < row.appliedOn) {
    issues.push({
      field: 'stageChangedOn',
      code: 'date_order',
      message: `must be on or after appliedOn (${row.appliedOn})`,
    })
  }
  if (row.stage === 'completed') {
    if (row.exitReason !== 'completed') {
      issues.push({ field: 'exitReason', code: 'exit_reason', message: 'must be "completed" at stage completed' })
    }
  } else if (row.stage === 'withdrawn') {
    if (row.exitReason !== null && !(withdrawalExitReasons as readonly string[]).includes(row.exitReason)) {
      issues.push({
        field: 'exitReason',
        code: 'exit_reason',
        message: `must be ${list(withdrawalExitReasons)} at stage withdrawn, or empty for a withdrawal from the waiting list`,
      })
    }
  } else if (row.exitReason !== null) {
    issues.push({ field: 'exitReason', code: 'exit_reason', message: `is not given at stage ${row.stage}` })
  }
  const exits = row.exitReason !== null
  if (exits && row.exitDate === null) {
    issues.push({ field: 'exitDate', code: 'required', message: 'is required with an exit reason' })
  } else if (!exits && row.exitDate !== null) {
    issues.push({ field: 'exitDate', code: 'exit_date', message: 'is only given with an exit reason' })
  } else if (row.exitDate !== null && row.exitDate !== row.stageChangedOn) {
    issues.push({
      field: 'exitDate',
      code: 'date_order',
      message: `must be the day of the last stage change (${row.stageChangedOn})`,
    })
  }
  issues.push(...exclusionIssues(row.exitReason, row.exclusionReason))
  issues.push(...integrationIssues(row, row.integrationConfirmedOn))
  return issues
}

/**
 * Checks a stage history, oldest first: it starts with `applied`, each change follows the stage
 * machine from the stage before it, and days never go back.
 */
export function stageHistoryIssues(
  changes: ReadonlyArray<{ fromStage: EnrolmentStage | null; toStage: EnrolmentStage; on: string }>,
): RuleIssue[] {
  const issues: RuleIssue[] = []
  changes.forEach((change, i) => {
    const previous = i > 0 ? changes[i - 1]! : undefined
    const field = `stages/${i}`
    if (!previous) {
      if (change.fromStage !== null || change.toStage !== 'applied') {
        issues.push({ field, code: 'stage', message: 'the first change must be the application (to "applied")' })
      }
      return
    }
    if (change.fromStage !== previous.toStage) {
      issues.push({ field, code: 'stage', message: `must start from "${previous.toStage}", the stage before it` })
    } else {
      const refusal = transitionRefusal(change.fromStage, change.toStage)
      if (refusal) issues.push({ field, code: 'transition', message: refusal })
    }
    if (change.on < previous.on) {
      issues.push({ field, code: 'date_order', message: `must be on or after ${previous.on}, the change before it` })
    }
  })
  if (changes.length === 0) issues.push({ field: 'stages', code: 'required', message: 'must hold the application' })
  return issues
}

/** An internship's dates: in order, and within the cohort's period give or take the tolerance. */
export function internshipIssues(internship: Period, cohort: Period): RuleIssue[] {
  const issues: RuleIssue[] = []
  const earliest = addDays(cohort.startDate, -internshipToleranceDays)
  const latest = addDays(cohort.endDate, internshipToleranceDays)
  if (internship.endDate < internship.startDate) {
    issues.push({ field: 'endDate', code: 'date_order', message: 'must be on or after startDate' })
  }
  if (internship.startDate < earliest || internship.startDate > latest) {
    issues.push({
      field: 'startDate',
      code: 'cohort_period',
      message: `must lie within the cohort's period give or take ${internshipToleranceDays} days (${earliest} to ${latest})`,
    })
  }
  if (internship.endDate < earliest || internship.endDate > latest) {
    issues.push({
      field: 'endDate',
      code: 'cohort_period',
      message: `must lie within the cohort's period give or take ${internshipToleranceDays} days (${earliest} to ${latest})`,
    })
  }
  return issues
}
