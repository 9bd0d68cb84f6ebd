/**
 * The outcome rules, in one place and free of any schema library (`@trajectoires/contract/rules`):
 * the checkpoint schedule, the contract and situation sets, calendar arithmetic on ISO days and the
 * checks of one outcome observation. The API applies them on every write, the statistics and the
 * seed build on them, and the dashboard imports them without bundling TypeBox. The SQL functions of
 * the statistics (services/api/src/db/sql/functions) repeat some of them as literals; a test there
 * checks that they agree with this file.
 */
import type { Checkpoint, CohortStatus, ContractType, Situation } from './common/enums.js'
import { checkpoints } from './common/enums.js'

// --- calendar arithmetic on ISO days (YYYY-MM-DD, UTC) ------------------------------------------

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/

function parseIsoDay(day: string): { y: number; m: number; d: number } {
  const match = dayPattern.exec(day)
  if (!match) throw new Error(`not a YYYY-MM-DD date: ${day}`)
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) }
}

const formatDay = (date: Date) => date.toISOString().slice(0, 10)

/** Adds calendar months, clamping to the last day of the month as PostgreSQL does (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const { y, m, d } = parseIsoDay(day)
  const index = m - 1 + months
  const year = y + Math.floor(index / 12)
  const month = ((index % 12) + 12) % 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return formatDay(new Date(Date.UTC(year, month, Math.min(d, lastDay))))
}

/** `day` moved by `days` (negative to go back). */
export function addDays(day: string, days: number): string {
  const { y, m, d } = parseIsoDay(day)
  return formatDay(new Date(Date.UTC(y, m - 1, d + days)))
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = parseIsoDay(from)
  const b = parseIsoDay(to)
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000)
}

/** Today's date in UTC, as YYYY-MM-DD. */
export const todayUtc = () => new Date().toISOString().slice(0, 10)

/** An offset from the exit date: whole calendar months (clamped to the month's last day), then days. */
export interface DateOffset {
  months: number
  days: number
}

/** `day` moved by an offset: calendar months first (as PostgreSQL's `date + interval`), then days. */
export const shiftDay = (day: string, offset: DateOffset) => addDays(addMonths(day, offset.months), offset.days)

// --- checkpoints ---------------------------------------------------------------------------------

/**
 * When each checkpoint falls and the tolerance window in which an observation is accepted for it,
 * as offsets from the enrolment's exit date (both bounds inclusive). Calendar months are added
 * the way PostgreSQL adds them: 31 August + 6 months is 28 (or 29) February.
 */
export const checkpointSchedule: Readonly<
  Record<Checkpoint, Readonly<{ due: DateOffset; from: DateOffset; to: DateOffset }>>
> = {
  exit: { due: { months: 0, days: 0 }, from: { months: 0, days: 0 }, to: { months: 0, days: 45 } },
  m6: { due: { months: 6, days: 0 }, from: { months: 4, days: 0 }, to: { months: 8, days: 0 } },
  m12: { due: { months: 12, days: 0 }, from: { months: 10, days: 0 }, to: { months: 14, days: 0 } },
}

/** The checkpoints in their order, for sorting. */
export const checkpointOrder = Object.fromEntries(checkpoints.map((c, i) => [c, i])) as Record<Checkpoint, number>

/** Inclusive bounds of a window, as ISO days. */
export interface DayWindow {
  from: string
  to: string
}

/** The checkpoint date: the exit date, exit + 6 months or exit + 12 months. */
export function checkpointDate(checkpoint: Checkpoint, exitDate: string): string {
  return shiftDay(exitDate, checkpointSchedule[checkpoint].due)
}

const windows = new Map<string, DayWindow>()

/** The days (inclusive) in which an observation is accepted for the checkpoint. */
export function checkpointWindow(checkpoint: Checkpoint, exitDate: string): DayWindow {
  // A bulk import asks for the same few windows (one per cohort end date) many times.
  const key = `${checkpoint}:${exitDate}`
  let window = windows.get(key)
  if (!window) {
    const schedule = checkpointSchedule[checkpoint]
    window = Object.freeze({ from: shiftDay(exitDate, schedule.from), to: shiftDay(exitDate, schedule.to) })
    if (windows.size >= 20_000) windows.clear()
    windows.set(key, window)
  }
  return window
}

export function checkpointWindows(exitDate: string): Record<Checkpoint, DayWindow> {
  return {
    exit: checkpointWindow('exit', exitDate),
    m6: checkpointWindow('m6', exitDate),
    m12: checkpointWindow('m12', exitDate),
  }
}

const monthsWord = (offset: DateOffset) =>
  [offset.months ? `${offset.months} months` : '', offset.days ? `${offset.days} days` : ''].filter(Boolean).join(' ')
const boundWords = (offset: DateOffset) =>
  offset.months === 0 && offset.days === 0 ? 'the exit date' : `exit + ${monthsWord(offset)}`

/** The window of a checkpoint in words: "from exit + 4 months to exit + 8 months". */
export const windowWords = (checkpoint: Checkpoint) =>
  `from ${boundWords(checkpointSchedule[checkpoint].from)} to ${boundWords(checkpointSchedule[checkpoint].to)}`

// --- situation and contract sets ------------------------------------------------------------------

/** Situations that are a job or a work-study contract, and so carry a contract type. */
export const situationsWithContract = ['employed', 'work_study'] as const satisfies readonly Situation[]
/** The contracts of a `work_study` situation (alternance); `employed` takes any other. */
export const workStudyContracts = ['apprenticeship', 'professionalisation'] as const satisfies readonly ContractType[]
/** Open-ended contracts: kept first when several hold at a checkpoint, and lasting employment whatever their length. */
export const openEndedContracts = ['cdi', 'cdi_interim', 'civil_service'] as const satisfies readonly ContractType[]
/** Contracts without a term (open-ended ones and self-employment): a length in months is refused for them. */
export const contractsWithoutTerm = [...openEndedContracts, 'self_employed'] as const satisfies readonly ContractType[]
/** Contracts of an `employed` situation: every type but the work-study ones. */
export const employedContracts = [
  'cdi',
  'cdd',
  'temp_agency',
  'cdi_interim',
  'subsidised',
  'civil_service',
  'self_employed',
] as const satisfies readonly ContractType[]
/** Contracts that have a term, and so may carry a length in months. */
export const contractsWithTerm = [
  'cdd',
  'temp_agency',
  'subsidised',
  ...workStudyContracts,
] as const satisfies readonly ContractType[]
/** Fixed-term contracts that count as lasting employment when they run `lastingMinContractMonths` or more. */
export const lastingFixedTermContracts = ['cdd', 'temp_agency', 'subsidised'] as const satisfies readonly ContractType[]
/** The length (months) from which a fixed-term contract counts as lasting employment (R-lasting). */
export const lastingMinContractMonths = 6
/** Situations that say something about a job or a training, and so may say whether it is in the fibre sector. */
export const situationsWithSector = [
  'employed',
  'work_study',
  'qualifying_training',
] as const satisfies readonly Situation[]
/**
 * A failed contact says nothing about the person: at a checkpoint it counts only when nothing else
 * was observed in the window.
 */
export const uninformativeSituations = ['unreachable'] as const satisfies readonly Situation[]

/** Whether `value` is one of `list` (and, for TypeScript, of its type). */
export const isOneOf = <T extends string>(list: readonly T[], value: string | null | undefined): value is T =>
  value != null && (list as readonly string[]).includes(value)

// --- cohorts ---------------------------------------------------------------------------------------

/**
 * The moves a cohort's status may make: planned → recruiting → in_training → completed, and
 * cancelled from planned or recruiting, before training starts. `completed` and `cancelled` are final.
 */
export const cohortTransitions: Readonly<Record<CohortStatus, readonly CohortStatus[]>> = {
  planned: ['recruiting', 'cancelled'],
  recruiting: ['in_training', 'cancelled'],
  in_training: ['completed'],
  completed: [],
  cancelled: [],
}

// --- the checks of one outcome observation --------------------------------------------------------

/** One broken rule, on a JSON pointer of the observation (as in a 400 problem's `errors`). */
export interface RuleIssue {
  field: string
  code: string
  message: string
}

/** What a situation says about its contract, employer and sector. */
export interface SituationFacts {
  situation: Situation
  contractType?: ContractType | null | undefined
  contractMonths?: number | null | undefined
  employerOrganisationId?: string | null | undefined
  inFibreSector?: boolean | null | undefined
}

/** The facts of one observation the rules look at. */
export interface ObservationFacts extends SituationFacts {
  checkpoint: Checkpoint
  observedOn: string
  startedOn?: string | null | undefined
}

/**
 * The rules between a situation and its contract, employer and sector; every broken rule, at most
 * one per field (empty when they hold):
 *
 * - a contract type is required for `employed` and `work_study`, refused for any other situation;
 *   `work_study` takes apprenticeship or professionalisation, `employed` any other type;
 * - `contractMonths` (a whole number ≥ 1) only with a contract that has a term: refused without a
 *   contract and for `cdi`, `cdi_interim`, `civil_service` and `self_employed`;
 * - an employer only for `employed` and `work_study`; `inFibreSector` only for those and
 *   `qualifying_training`.
 */
export function checkSituation(input: SituationFacts): RuleIssue[] {
  const issues: RuleIssue[] = []
  const situation = input.situation
  const contract = input.contractType ?? undefined

  if (isOneOf(situationsWithContract, situation)) {
    if (!contract) {
      issues.push({
        field: '/contractType',
        code: 'contract_required',
        message: `is required when the situation is ${situation}`,
      })
    } else if (situation === 'work_study' && !isOneOf(workStudyContracts, contract)) {
      issues.push({
        field: '/contractType',
        code: 'contract_situation',
        message: `a work_study situation is an apprenticeship or professionalisation contract, not ${contract}`,
      })
    } else if (situation === 'employed' && isOneOf(workStudyContracts, contract)) {
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

  issues.push(...checkContractMonths(input))

  if (input.employerOrganisationId != null && !isOneOf(situationsWithContract, situation)) {
    issues.push({
      field: '/employerOrganisationId',
      code: 'employer_not_applicable',
      message: `a ${situation} situation has no employer`,
    })
  }
  if (input.inFibreSector != null && !isOneOf(situationsWithSector, situation)) {
    issues.push({
      field: '/inFibreSector',
      code: 'sector_not_applicable',
      message: `a ${situation} situation is in no sector: leave inFibreSector out`,
    })
  }
  return issues
}

/**
 * The rule between a contract and its length, whatever the situation: `contractMonths` (a whole
 * number ≥ 1) only with a contract that has a term.
 */
export function checkContractMonths(input: Pick<SituationFacts, 'contractType' | 'contractMonths'>): RuleIssue[] {
  const months = input.contractMonths
  const contract = input.contractType ?? undefined
  if (months == null) return []
  if (!Number.isInteger(months) || months < 1) {
    return [{ field: '/contractMonths', code: 'minimum', message: 'must be a whole number of months, 1 or more' }]
  }
  if (!contract) {
    return [
      {
        field: '/contractMonths',
        code: 'contract_months_not_applicable',
        message: 'goes with a fixed-term contract: give contractType too, or leave contractMonths out',
      },
    ]
  }
  if (isOneOf(contractsWithoutTerm, contract)) {
    return [
      {
        field: '/contractMonths',
        code: 'contract_months_open_ended',
        message: `a ${contract} contract has no term: leave contractMonths out`,
      },
    ]
  }
  return []
}

/**
 * Checks one observation against its enrolment's exit date; returns every broken rule (empty
 * when it is valid), at most one per field. `today` (UTC, YYYY-MM-DD) bounds `observedOn`.
 * Beside the rules of `checkSituation`:
 *
 * - `observedOn` on or after the exit date, inside the checkpoint's window, not after `today`;
 * - `startedOn` (when the situation began) on or before `observedOn`.
 */
export function checkObservation(
  input: ObservationFacts,
  context: { exitDate: string; today?: string | undefined },
): RuleIssue[] {
  const issues = checkSituation(input)
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
      message: `an ${input.checkpoint} observation is observed ${windowWords(input.checkpoint)}: between ${window.from} and ${window.to}`,
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
