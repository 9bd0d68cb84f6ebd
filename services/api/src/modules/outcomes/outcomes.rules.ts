import {
  checkpointSchedule,
  checkpoints,
  contractsWithoutTerm,
  situationsWithContract,
  situationsWithSector,
  workStudyContracts,
  type Checkpoint,
  type CheckpointWindow,
  type CheckpointWindows,
  type ContractType,
  type DateOffset,
  type OutcomeObservationCreate,
  type Situation,
} from '@trajectoires/contract'

/**
 * The rules of one outcome observation, free of any database or HTTP: the API applies them on
 * every POST, and a bulk import can apply them to each row it reads.
 */

/** One broken rule, on a JSON pointer of the observation (as in a 400 problem's `errors`). */
export interface RuleIssue {
  field: string
  code: string
  message: string
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/

function parseDay(day: string): { y: number; m: number; d: number } {
  const match = dayPattern.exec(day)
  if (!match) throw new Error(`not a YYYY-MM-DD date: ${day}`)
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) }
}

const formatDay = (date: Date) => date.toISOString().slice(0, 10)

/** Adds calendar months, clamping to the last day of the month as PostgreSQL does (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const { y, m, d } = parseDay(day)
  const index = m - 1 + months
  const year = y + Math.floor(index / 12)
  const month = ((index % 12) + 12) % 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return formatDay(new Date(Date.UTC(year, month, Math.min(d, lastDay))))
}

export function addDays(day: string, days: number): string {
  const { y, m, d } = parseDay(day)
  return formatDay(new Date(Date.UTC(y, m - 1, d + days)))
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = parseDay(from)
  const b = parseDay(to)
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000)
}

export const todayUtc = () => new Date().toISOString().slice(0, 10)

const shift = (day: string, offset: DateOffset) => addDays(addMonths(day, offset.months), offset.days)

/** The checkpoint date: the exit date, exit + 6 months or exit + 12 months. */
export function checkpointDate(checkpoint: Checkpoint, exitDate: string): string {
  return shift(exitDate, checkpointSchedule[checkpoint].due)
}

/** The days (inclusive) in which an observation is accepted for the checkpoint. */
export function checkpointWindow(checkpoint: Checkpoint, exitDate: string): CheckpointWindow {
  // A bulk import asks for the same few windows (one per cohort end date) many times.
  const key = `${checkpoint}:${exitDate}`
  let window = windows.get(key)
  if (!window) {
    const schedule = checkpointSchedule[checkpoint]
    window = Object.freeze({ from: shift(exitDate, schedule.from), to: shift(exitDate, schedule.to) })
    if (windows.size >= 20_000) windows.clear()
    windows.set(key, window)
  }
  return window
}
const windows = new Map<string, CheckpointWindow>()

export function checkpointWindows(exitDate: string): CheckpointWindows {
  return {
    exit: checkpointWindow('exit', exitDate),
    m6: checkpointWindow('m6', exitDate),
    m12: checkpointWindow('m12', exitDate),
  }
}

const windowWords: Record<Checkpoint, string> = {
  exit: 'from the exit date to exit + 45 days',
  m6: 'from exit + 4 months to exit + 8 months',
  m12: 'from exit + 10 months to exit + 14 months',
}

const has = <T extends string>(list: readonly T[], value: string | null | undefined): value is T =>
  value != null && (list as readonly string[]).includes(value)

/** The facts of one observation the rules look at. */
export type ObservationFacts = Pick<
  OutcomeObservationCreate,
  | 'checkpoint'
  | 'observedOn'
  | 'situation'
  | 'contractType'
  | 'contractMonths'
  | 'employerOrganisationId'
  | 'inFibreSector'
  | 'startedOn'
>

/**
 * Checks one observation against its enrolment's exit date; returns every broken rule (empty
 * when it is valid), at most one per field. `today` (UTC, YYYY-MM-DD) bounds `observedOn`.
 *
 * - a contract type is required for `employed` and `work_study`, refused for any other situation;
 *   `work_study` takes apprenticeship or professionalisation, `employed` any other type;
 * - `contractMonths` (a whole number ≥ 1) only with a contract that has a term: refused without a
 *   contract and for `cdi`, `cdi_interim`, `civil_service` and `self_employed`;
 * - an employer only for `employed` and `work_study`; `inFibreSector` only for those and
 *   `qualifying_training`;
 * - `observedOn` on or after the exit date, inside the checkpoint's window, not after `today`;
 * - `startedOn` (when the situation began) on or before `observedOn`.
 */
export function checkObservation(
  input: ObservationFacts,
  context: { exitDate: string; today?: string | undefined },
): RuleIssue[] {
  const issues: RuleIssue[] = []
  const situation: Situation = input.situation
  const contract: ContractType | undefined = input.contractType ?? undefined

  if (has(situationsWithContract, situation)) {
    if (!contract) {
      issues.push({
        field: '/contractType',
        code: 'contract_required',
        message: `is required when the situation is ${situation}`,
      })
    } else if (situation === 'work_study' && !has(workStudyContracts, contract)) {
      issues.push({
        field: '/contractType',
        code: 'contract_situation',
        message: `a work_study situation is an apprenticeship or professionalisation contract, not ${contract}`,
      })
    } else if (situation === 'employed' && has(workStudyContracts, contract)) {
      issues.push({
        field: '/contractType',
        code: 'contract_situation',
        message: `an ${contract} contract is a work_study situation, not employed`,
      })
    }
  } else if (contract) {
    issues.push({
      field: '/contractType',
      code: 'contract_not_applicable',
      message: `a ${situation} situation has no contract: leave contractType out (a training under an apprenticeship or professionalisation contract is work_study)`,
    })
  }

  const months = input.contractMonths
  if (months != null) {
    if (!Number.isInteger(months) || months < 1) {
      issues.push({ field: '/contractMonths', code: 'minimum', message: 'must be a whole number of months, 1 or more' })
    } else if (!contract) {
      issues.push({
        field: '/contractMonths',
        code: 'contract_months_not_applicable',
        message: 'goes with a fixed-term contract: give contractType too, or leave contractMonths out',
      })
    } else if (has(contractsWithoutTerm, contract)) {
      issues.push({
        field: '/contractMonths',
        code: 'contract_months_open_ended',
        message: `a ${contract} contract has no term: leave contractMonths out`,
      })
    }
  }

  if (input.employerOrganisationId != null && !has(situationsWithContract, situation)) {
    issues.push({
      field: '/employerOrganisationId',
      code: 'employer_not_applicable',
      message: `a ${situation} situation has no employer`,
    })
  }
  if (input.inFibreSector != null && !has(situationsWithSector, situation)) {
    issues.push({
      field: '/inFibreSector',
      code: 'sector_not_applicable',
      message: `a ${situation} situation is in no sector: leave inFibreSector out`,
    })
  }

  const { exitDate } = context
  const window = checkpointWindow(input.checkpoint, exitDate)
  if (input.observedOn < exitDate) {
    issues.push({
      field: '/observedOn',
      code: 'observed_before_exit',
      message: `is before the enrolment's exit date (${exitDate})`,
    })
  } else if (input.observedOn < window.from || input.observedOn > window.to) {
    issues.push({
      field: '/observedOn',
      code: 'checkpoint_window',
      message: `an ${input.checkpoint} observation is observed ${windowWords[input.checkpoint]}: between ${window.from} and ${window.to}`,
    })
  } else if (context.today && input.observedOn > context.today) {
    issues.push({ field: '/observedOn', code: 'observed_in_future', message: `is after today (${context.today})` })
  }
  if (input.startedOn != null && input.startedOn > input.observedOn) {
    issues.push({
      field: '/startedOn',
      code: 'started_after_observed',
      message: `a situation observed on ${input.observedOn} began on or before that day`,
    })
  }
  return issues
}

/** The checkpoints in their order, for sorting. */
export const checkpointOrder = Object.fromEntries(checkpoints.map((c, i) => [c, i])) as Record<Checkpoint, number>
