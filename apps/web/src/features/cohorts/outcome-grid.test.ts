import { describe, expect, it } from 'vitest'
import type { Enrolment } from '@trajectoires/contract'
import { checkpointWindow } from '@trajectoires/contract/rules'
import { checkRow, codeOf, columnOfField, emptyCells, normalise, parsePaste, type GridCells } from './outcome-grid'
import { dayProblem, formatDayFr, parseDay } from '../staff/format'

const enrolment = { id: 'e1', learner: { reference: 'LYO-001' }, exitDate: '2025-04-04' } as unknown as Enrolment
const enrolments = new Map([['lyo-001', enrolment]])
const row = (cells: Partial<GridCells>): GridCells => ({
  ...emptyCells(),
  reference: 'LYO-001',
  checkpoint: 'm6',
  observedOn: '06/10/2025',
  situation: 'employed',
  contractType: 'cdi',
  source: 'self_declared',
  ...cells,
})

describe('vocabulary cells', () => {
  it.each([
    ['situation', 'En alternance', 'work_study'],
    ['situation', 'En formation qualifiante', 'qualifying_training'],
    ['situation', 'En recherche d’emploi', 'job_seeking'],
    ['situation', "En recherche d'emploi", 'job_seeking'],
    ['situation', 'Inactif·ve', 'inactive'],
    ['situation', 'INACTIF·VE', 'inactive'],
    ['situation', 'en emploi', 'employed'],
    ['situation', 'Work-study', 'work_study'],
    ['situation', 'work_study', 'work_study'],
    ['checkpoint', 'À 6 mois', 'm6'],
    ['checkpoint', 'a 6 mois', 'm6'],
    ['checkpoint', 'At 12 months', 'm12'],
    ['checkpoint', 'M6', 'm6'],
    ['source', 'Partenaire (mission locale, France Travail…)', 'partner_report'],
    ['source', 'partenaire (mission locale, france travail...)', 'partner_report'],
    ['source', 'partner_report', 'partner_report'],
    ['source', 'Confirmé par l’employeur', 'employer_confirmed'],
    ['contractType', 'CDI', 'cdi'],
    ['contractType', 'cdi', 'cdi'],
    ['contractType', 'CDI intérimaire', 'cdi_interim'],
    ['contractType', 'Contrat d’apprentissage', 'apprenticeship'],
    ['contractType', 'Permanent (CDI)', 'cdi'],
  ] as const)('%s « %s » is %s', (column, text, code) => {
    expect(codeOf(column, text)).toBe(code)
  })

  it('refuses what names nothing, and reads no vocabulary in other columns', () => {
    expect(codeOf('situation', 'en vacances')).toBeUndefined()
    expect(codeOf('situation', '')).toBeUndefined()
    expect(codeOf('reference', 'cdi')).toBeUndefined()
  })

  it('compares without accents, case, or signs', () => {
    expect(normalise('  Inactif·ve ')).toBe('inactif ve')
    expect(normalise('Partenaire (mission locale, France Travail…)')).toBe('partenaire mission locale france travail')
  })
})

describe('checkRow', () => {
  it('builds the observation from French labels', () => {
    const checked = checkRow(
      row({
        checkpoint: 'À 6 mois',
        situation: 'En alternance',
        contractType: 'Contrat d’apprentissage',
        contractMonths: '24',
        inFibreSector: 'oui',
        source: 'Partenaire (mission locale, France Travail…)',
      }),
      enrolments,
      '2026-01-01',
    )
    expect(checked.issues).toEqual({})
    expect(checked.body).toEqual({
      checkpoint: 'm6',
      observedOn: '2025-10-06',
      situation: 'work_study',
      contractType: 'apprenticeship',
      contractMonths: 24,
      inFibreSector: true,
      source: 'partner_report',
    })
  })

  it('says a day that does not exist is one, not a bad format', () => {
    expect(checkRow(row({ observedOn: '31/11/2025' }), enrolments, '2026-01-01').issues.observedOn?.code).toBe(
      'no_such_day',
    )
    expect(checkRow(row({ observedOn: '12/13/2025' }), enrolments, '2026-01-01').issues.observedOn?.code).toBe(
      'no_such_month',
    )
    expect(checkRow(row({ observedOn: 'demain' }), enrolments, '2026-01-01').issues.observedOn?.code).toBe('format')
  })

  it('gives the checkpoint window in dd/mm/yyyy', () => {
    const issue = checkRow(row({ observedOn: '01/07/2025' }), enrolments, '2026-01-01').issues.observedOn
    expect(issue).toEqual({ code: 'checkpoint_window', message: '04/08/2025 → 04/12/2025' })
    expect(checkRow(row({ observedOn: '04/12/2025' }), enrolments, '2026-01-01').issues.observedOn).toBeUndefined()
    expect(checkRow(row({ observedOn: '05/12/2025' }), enrolments, '2026-01-01').issues.observedOn?.code).toBe(
      'checkpoint_window',
    )
  })
})

describe('checkRow and the API rules', () => {
  const issuesOf = (cells: Partial<GridCells>) =>
    Object.fromEntries(
      Object.entries(checkRow(row(cells), enrolments, '2026-01-01').issues).map(([k, v]) => [k, v.code]),
    )

  it('opens and closes each window where the contract package says', () => {
    for (const [checkpoint, label] of [
      ['exit', 'sortie'],
      ['m6', '6 mois'],
      ['m12', '12 mois'],
    ] as const) {
      const { from, to } = checkpointWindow(checkpoint, enrolment.exitDate!)
      const fr = (day: string) => formatDayFr(day)
      const before = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
      const after = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
      const today = after > '2026-01-01' ? after : '2026-01-01'
      const at = (day: string) =>
        checkRow(row({ checkpoint: label, observedOn: fr(day) }), enrolments, today).issues.observedOn
      expect(at(from), `${checkpoint} from`).toBeUndefined()
      expect(at(to), `${checkpoint} to`).toBeUndefined()
      expect(at(after)).toEqual({ code: 'checkpoint_window', message: `${fr(from)} → ${fr(to)}` })
      expect(at(before)?.code).toBe(before < enrolment.exitDate! ? 'observed_before_exit' : 'checkpoint_window')
    }
  })

  it('refuses a day after today before looking at the window', () => {
    expect(issuesOf({ observedOn: '02/01/2026' })).toEqual({ observedOn: 'observed_in_future' })
  })

  it('ties contracts to situations as the API does', () => {
    expect(issuesOf({ situation: 'alternance', contractType: 'CDI' })).toEqual({ contractType: 'contract_situation' })
    expect(issuesOf({ situation: 'emploi', contractType: 'apprentissage' })).toEqual({
      contractType: 'contract_situation',
    })
    expect(issuesOf({ situation: 'inactif', contractType: 'CDD' })).toEqual({ contractType: 'contract_not_applicable' })
    expect(issuesOf({ situation: 'inactif', contractType: '', inFibreSector: 'oui' })).toEqual({
      inFibreSector: 'sector_not_applicable',
    })
    expect(issuesOf({ situation: 'formation', contractType: '', inFibreSector: 'non' })).toEqual({})
  })

  it('says a missing contract once, and a length on an open-ended contract', () => {
    expect(issuesOf({ contractType: '', contractMonths: '12' })).toEqual({ contractType: 'contract_required' })
    expect(issuesOf({ contractType: 'cdx', contractMonths: '12' })).toEqual({ contractType: 'enum' })
    expect(issuesOf({ contractMonths: '12' })).toEqual({ contractMonths: 'contract_months_open_ended' })
    expect(issuesOf({ contractType: 'CDD', contractMonths: '12' })).toEqual({})
    expect(issuesOf({ situation: 'inactif', contractType: '', contractMonths: '3' })).toEqual({
      contractMonths: 'contract_months_not_applicable',
    })
    expect(issuesOf({ contractType: 'CDD', contractMonths: '0' })).toEqual({ contractMonths: 'range' })
    expect(issuesOf({ contractType: 'CDD', contractMonths: '61' })).toEqual({ contractMonths: 'range' })
    expect(issuesOf({ contractType: 'CDD', contractMonths: '2.5' })).toEqual({ contractMonths: 'range' })
  })

  it('checks a contract and its length even when the situation cannot be read', () => {
    expect(issuesOf({ situation: 'en vacances', contractMonths: '6' })).toEqual({
      situation: 'enum',
      contractMonths: 'contract_months_open_ended',
    })
    expect(issuesOf({ situation: '', contractType: '' })).toEqual({ situation: 'required' })
  })

  it('reports unknown references and learners who have not left', () => {
    const stayed = { id: 'e2', learner: { reference: 'LYO-002' }, exitDate: null } as unknown as Enrolment
    const both = new Map([...enrolments, ['lyo-002', stayed]])
    expect(checkRow(row({ reference: 'LYO-404' }), both, '2026-01-01').issues.reference?.code).toBe('unknown_reference')
    expect(checkRow(row({ reference: 'lyo-002' }), both, '2026-01-01').issues.reference?.code).toBe('not_exited')
    expect(checkRow(row({ reference: ' ' }), both, '2026-01-01').issues.reference?.code).toBe('required')
  })
})

describe('pasting', () => {
  it('splits a spreadsheet paste into rows and cells, without its header', () => {
    expect(parsePaste('Référence\tPoint\r\nLYO-001\tm6\r\nLYO-002\t6 mois\r\n\r\n')).toEqual([
      ['LYO-001', 'm6'],
      ['LYO-002', '6 mois'],
    ])
    expect(parsePaste('LYO-001\tm6')).toEqual([['LYO-001', 'm6']])
  })

  it('maps a server field pointer to its grid column', () => {
    expect(columnOfField('/observedOn')).toBe('observedOn')
    expect(columnOfField('/contractMonths')).toBe('contractMonths')
    expect(columnOfField('/employerOrganisationId')).toBeUndefined()
  })
})

describe('days', () => {
  it('reads dd/mm/yyyy and yyyy-mm-dd', () => {
    expect(parseDay('06/10/2025')).toBe('2025-10-06')
    expect(parseDay('6.10.2025')).toBe('2025-10-06')
    expect(parseDay('2025-10-06')).toBe('2025-10-06')
    expect(parseDay('29/02/2025')).toBeUndefined()
    expect(parseDay('29/02/2024')).toBe('2024-02-29')
  })
  it('tells why a day is refused', () => {
    expect(dayProblem('31/11/2026')).toBe('no_such_day')
    expect(dayProblem('2026-02-30')).toBe('no_such_day')
    expect(dayProblem('2026-13-01')).toBe('no_such_month')
    expect(dayProblem('31 novembre')).toBe('format')
  })
  it('writes dd/mm/yyyy', () => {
    expect(formatDayFr('2025-08-04')).toBe('04/08/2025')
  })
})
