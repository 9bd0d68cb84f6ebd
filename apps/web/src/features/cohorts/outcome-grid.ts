import type {
  Checkpoint,
  ContractType,
  Enrolment,
  ObservationSource,
  OutcomeObservationCreate,
  Situation,
} from '@trajectoires/contract'
import type { FieldIssue } from '../staff/requests'
import { dayProblem, formatDayFr, parseDay } from '../staff/format'
import { fr as staffFr } from '../staff/messages'
import { en as staffEn } from '../staff/messages.en'
import { checkpoints, contractTypes, observationSources, situations } from '../staff/vocab'
import { checkContractMonths, checkpointWindow, checkSituation } from '@trajectoires/contract/rules'

/** The columns of the outcome entry grid, in the order a pasted spreadsheet row fills them. */
export const gridColumns = [
  'reference',
  'checkpoint',
  'observedOn',
  'situation',
  'contractType',
  'contractMonths',
  'inFibreSector',
  'source',
] as const
export type GridColumn = (typeof gridColumns)[number]

export type GridCells = Record<GridColumn, string>
export const emptyCells = (): GridCells => ({
  reference: '',
  checkpoint: '',
  observedOn: '',
  situation: '',
  contractType: '',
  contractMonths: '',
  inFibreSector: '',
  source: '',
})

/**
 * Lower case, no accents, one space for any run of other signs (`_`, `-`, `'`, `·`, brackets,
 * commas, `…`, blanks): how typed values are compared, so that « Inactif·ve », « inactif ve » and
 * « INACTIF-VE » are one word.
 */
export const normalise = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()

type VocabKind = 'checkpoint' | 'situation' | 'contract' | 'source'
type StaffKey = keyof typeof staffFr

/** The labels the dashboard shows for `code`, in every language it speaks. */
const labelsOf = (kind: VocabKind, code: string) =>
  [staffFr, staffEn].map((catalogue) => catalogue[`staff.vocab.${kind}.${code}` as StaffKey]).filter(Boolean)

function lookup<T extends string>(kind: VocabKind, codes: readonly T[], synonyms: Record<string, T>) {
  const table = new Map<string, T>()
  for (const code of codes) table.set(normalise(code), code)
  for (const [word, code] of Object.entries(synonyms)) table.set(normalise(word), code)
  // The labels the grid's suggestions offer (« En alternance », « À 6 mois ») are values too.
  for (const code of codes) for (const text of labelsOf(kind, code)) table.set(normalise(text), code)
  return (text: string): T | undefined => table.get(normalise(text))
}

// Codes of the API, and the words a French (or English) spreadsheet is likely to hold.
const checkpointOf = lookup<Checkpoint>('checkpoint', checkpoints, {
  sortie: 'exit',
  'a la sortie': 'exit',
  '6 mois': 'm6',
  '6m': 'm6',
  m6: 'm6',
  '12 mois': 'm12',
  '12m': 'm12',
  '6 months': 'm6',
  '12 months': 'm12',
})
const situationOf = lookup<Situation>('situation', situations, {
  emploi: 'employed',
  'en emploi': 'employed',
  alternance: 'work_study',
  'work study': 'work_study',
  'formation qualifiante': 'qualifying_training',
  formation: 'qualifying_training',
  'recherche d emploi': 'job_seeking',
  'demandeur d emploi': 'job_seeking',
  'job seeking': 'job_seeking',
  inactif: 'inactive',
  inactive: 'inactive',
  injoignable: 'unreachable',
  'sans nouvelles': 'unreachable',
})
const contractOf = lookup<ContractType>('contract', contractTypes, {
  interim: 'temp_agency',
  'temp agency': 'temp_agency',
  'cdi interimaire': 'cdi_interim',
  'cdi interim': 'cdi_interim',
  apprentissage: 'apprenticeship',
  'contrat d apprentissage': 'apprenticeship',
  professionnalisation: 'professionalisation',
  'contrat de professionnalisation': 'professionalisation',
  'contrat aide': 'subsidised',
  aide: 'subsidised',
  'fonction publique': 'civil_service',
  'civil service': 'civil_service',
  independant: 'self_employed',
  'auto entrepreneur': 'self_employed',
  'self employed': 'self_employed',
})
const sourceOf = lookup<ObservationSource>('source', observationSources, {
  declaratif: 'self_declared',
  'auto declare': 'self_declared',
  'self declared': 'self_declared',
  employeur: 'employer_confirmed',
  'confirme par l employeur': 'employer_confirmed',
  'employer confirmed': 'employer_confirmed',
  justificatif: 'document',
  partenaire: 'partner_report',
  'partner report': 'partner_report',
})
/** The columns whose cells hold a word of a vocabulary, and how each reads one. */
const vocabularyColumns = {
  checkpoint: checkpointOf,
  situation: situationOf,
  contractType: contractOf,
  source: sourceOf,
} satisfies Partial<Record<GridColumn, (text: string) => string | undefined>>

/** The code a vocabulary cell names (by its code or its label, in either language), if any. */
export function codeOf(column: GridColumn, text: string): string | undefined {
  const read = (vocabularyColumns as Partial<Record<GridColumn, (text: string) => string | undefined>>)[column]
  return read && text.trim() ? read(text) : undefined
}

const yesNo = new Map<string, boolean>([
  ['oui', true],
  ['o', true],
  ['yes', true],
  ['y', true],
  ['true', true],
  ['vrai', true],
  ['1', true],
  ['non', false],
  ['n', false],
  ['no', false],
  ['false', false],
  ['faux', false],
  ['0', false],
])

/** The largest contract length the API accepts (its schema's maximum). */
const maxContractMonths = 60

export interface CheckedRow {
  /** Issues by column; empty when the row can be sent. */
  issues: Partial<Record<GridColumn, FieldIssue>>
  enrolment?: Enrolment
  body?: OutcomeObservationCreate
}

const issue = (code: string, message = ''): FieldIssue => ({ code, message })

export const isBlank = (cells: GridCells) => gridColumns.every((column) => cells[column].trim() === '')

/**
 * Checks one row of the grid the way the API will (so that errors show at once, next to their
 * cell) and builds the observation to send. The API checks everything again.
 */
export function checkRow(cells: GridCells, enrolments: Map<string, Enrolment>, today: string): CheckedRow {
  const issues: CheckedRow['issues'] = {}
  const reference = cells.reference.trim()
  const enrolment = reference ? enrolments.get(reference.toLowerCase()) : undefined
  if (!reference) issues.reference = issue('required')
  else if (!enrolment) issues.reference = issue('unknown_reference')
  else if (!enrolment.exitDate) issues.reference = issue('not_exited')

  const checkpoint = cells.checkpoint.trim() ? checkpointOf(cells.checkpoint) : undefined
  if (!cells.checkpoint.trim()) issues.checkpoint = issue('required')
  else if (!checkpoint) issues.checkpoint = issue('enum')

  const observedOn = cells.observedOn.trim() ? parseDay(cells.observedOn) : undefined
  if (!cells.observedOn.trim()) issues.observedOn = issue('required')
  else if (!observedOn) issues.observedOn = issue(dayProblem(cells.observedOn))
  else if (observedOn > today) issues.observedOn = issue('observed_in_future')
  else if (enrolment?.exitDate && observedOn < enrolment.exitDate) issues.observedOn = issue('observed_before_exit')
  else if (enrolment?.exitDate && checkpoint) {
    const window = checkpointWindow(checkpoint, enrolment.exitDate)
    if (observedOn < window.from || observedOn > window.to) {
      issues.observedOn = issue('checkpoint_window', `${formatDayFr(window.from)} → ${formatDayFr(window.to)}`)
    }
  }

  const situation = cells.situation.trim() ? situationOf(cells.situation) : undefined
  if (!cells.situation.trim()) issues.situation = issue('required')
  else if (!situation) issues.situation = issue('enum')

  const contractText = cells.contractType.trim()
  const contractType = contractText ? contractOf(contractText) : undefined
  if (contractText && !contractType) issues.contractType = issue('enum')

  const monthsText = cells.contractMonths.trim()
  const contractMonths = monthsText ? Number(monthsText) : undefined
  if (monthsText && (!Number.isInteger(contractMonths) || contractMonths! < 1 || contractMonths! > maxContractMonths)) {
    issues.contractMonths = issue('range')
  }

  const sectorText = normalise(cells.inFibreSector)
  const inFibreSector = sectorText ? yesNo.get(sectorText) : undefined
  if (sectorText && inFibreSector === undefined) issues.inFibreSector = issue('yes_no')

  // The API's rules between a situation and its contract, length and sector, on the cells that read
  // well; without a situation, only those between a contract and its length.
  const facts = {
    contractType: contractText ? (contractType ?? null) : null,
    contractMonths: issues.contractMonths ? null : (contractMonths ?? null),
    inFibreSector: inFibreSector ?? null,
  }
  const ruleIssues = situation ? checkSituation({ situation, ...facts }) : checkContractMonths(facts)
  for (const { field, code } of ruleIssues) {
    const column = columnOfField(field)
    if (!column || issues[column]) continue
    // A missing contract is said once, on its own cell.
    if (code === 'contract_months_not_applicable' && (issues.contractType || contractText)) continue
    issues[column] = issue(code)
  }

  const source = cells.source.trim() ? sourceOf(cells.source) : undefined
  if (!cells.source.trim()) issues.source = issue('required')
  else if (!source) issues.source = issue('enum')

  if (Object.keys(issues).length > 0 || !enrolment || !checkpoint || !observedOn || !situation || !source) {
    return { issues, enrolment }
  }
  return {
    issues,
    enrolment,
    body: {
      checkpoint,
      observedOn,
      situation,
      source,
      ...(contractType ? { contractType } : {}),
      ...(contractMonths !== undefined ? { contractMonths } : {}),
      ...(inFibreSector !== undefined ? { inFibreSector } : {}),
    },
  }
}

/** Rows and cells of a spreadsheet paste (tab-separated, one row a line); a header row is left out. */
export function parsePaste(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n')
  const rows = lines.map((line) => line.split('\t'))
  const first = normalise(rows[0]?.[0] ?? '')
  if (['reference', 'ref', 'learner reference', 'reference apprenant', 'apprenant'].includes(first)) rows.shift()
  return rows
}

/** The grid column a server field pointer (`/observedOn`) is about, if it is one of the grid's. */
export function columnOfField(field: string): GridColumn | undefined {
  const name = field.replace(/^\//, '').split('/')[0] ?? ''
  return (gridColumns as readonly string[]).includes(name) ? (name as GridColumn) : undefined
}
