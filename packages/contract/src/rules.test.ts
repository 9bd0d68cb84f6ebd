import { describe, expect, it } from 'vitest'
import {
  addDays,
  addMonths,
  checkObservation,
  checkpointDate,
  checkpointSchedule,
  checkpointWindow,
  checkpointWindows,
  checkSituation,
  cohortTransitions,
  contractsWithTerm,
  contractsWithoutTerm,
  daysBetween,
  employedContracts,
  shiftDay,
  windowWords,
  workStudyContracts,
} from './rules.js'
import { checkpoints, cohortStatuses, contractTypes } from './common/enums.js'

describe('outcome rules without a database (API, import, dashboard)', () => {
  it('does calendar arithmetic on plain dates', () => {
    expect(addMonths('2019-08-31', 6)).toBe('2020-02-29')
    expect(addMonths('2018-08-31', 6)).toBe('2019-02-28')
    expect(addMonths('2019-01-31', -2)).toBe('2018-11-30')
    expect(addMonths('2019-03-15', 12)).toBe('2020-03-15')
    expect(addDays('2019-12-31', 45)).toBe('2020-02-14')
    expect(daysBetween('2020-02-29', '2020-03-01')).toBe(1)
    expect(daysBetween('2020-03-01', '2019-03-01')).toBe(-366)
    expect(checkpointDate('m12', '2019-02-28')).toBe('2020-02-28')
    expect(() => addDays('15/03/2019', 1)).toThrow(/YYYY-MM-DD/)
  })

  it('adds calendar months as PostgreSQL does, clamping to the end of the month', () => {
    expect(addMonths('2019-06-30', 6)).toBe('2019-12-30')
    expect(addMonths('2019-12-31', -1)).toBe('2019-11-30')
    expect(addMonths('2019-10-31', 4)).toBe('2020-02-29')
    expect(addMonths('2019-11-15', 14)).toBe('2021-01-15')
    expect(addMonths('2020-01-31', -13)).toBe('2018-12-31')
    // Months first, then days: 31 Dec + 2 months is 29 Feb, + 1 day is 1 March (not 2 March).
    expect(shiftDay('2019-12-31', { months: 2, days: 1 })).toBe('2020-03-01')
    expect(addDays('2020-03-01', -1)).toBe('2020-02-29')
    expect(addDays('2019-01-14', -30)).toBe('2018-12-15')
  })

  it('says each window in words, from the schedule', () => {
    expect(checkpoints.map(windowWords)).toEqual([
      'from the exit date to exit + 45 days',
      'from exit + 4 months to exit + 8 months',
      'from exit + 10 months to exit + 14 months',
    ])
  })

  it('puts every due date inside its window', () => {
    for (const checkpoint of checkpoints) {
      for (const exit of ['2019-01-31', '2019-08-31', '2020-02-29', '2020-12-15']) {
        const window = checkpointWindow(checkpoint, exit)
        const due = checkpointDate(checkpoint, exit)
        expect(window.from <= due && due <= window.to, `${checkpoint} ${exit}`).toBe(true)
      }
      // The statistics' SQL adds the due offset in whole months only.
      expect(checkpointSchedule[checkpoint].due.days).toBe(0)
    }
  })

  it('gives the three windows of an exit date', () => {
    expect(checkpointWindows('2019-08-31')).toEqual({
      exit: { from: '2019-08-31', to: '2019-10-15' },
      m6: { from: '2019-12-31', to: '2020-04-30' },
      m12: { from: '2020-06-30', to: '2020-10-31' },
    })
  })

  it('accepts a valid observation and reports at most one issue per field', () => {
    const valid = {
      checkpoint: 'm6' as const,
      observedOn: '2020-03-01',
      situation: 'work_study' as const,
      contractType: 'apprenticeship' as const,
      contractMonths: 24,
      inFibreSector: true,
    }
    expect(checkObservation(valid, { exitDate: '2019-08-31', today: '2021-01-01' })).toEqual([])
    const broken = checkObservation(
      { ...valid, situation: 'inactive', contractMonths: 0, observedOn: '2019-01-01' },
      { exitDate: '2019-08-31' },
    )
    expect(broken.map((i) => `${i.field}:${i.code}`)).toEqual([
      '/contractType:contract_not_applicable',
      '/contractMonths:minimum',
      '/inFibreSector:sector_not_applicable',
      '/observedOn:observed_before_exit',
    ])
    // Without `today`, a date in the future is not checked (an import may give its own day).
    expect(checkObservation({ ...valid, observedOn: '2020-04-30' }, { exitDate: '2019-08-31' })).toEqual([])
    expect(
      checkObservation({ ...valid, observedOn: '2020-04-30' }, { exitDate: '2019-08-31', today: '2020-04-29' }),
    ).toEqual([expect.objectContaining({ code: 'observed_in_future' })])
    // A situation begins on or before the day it is observed.
    expect(checkObservation({ ...valid, startedOn: '2020-03-01' }, { exitDate: '2019-08-31' })).toEqual([])
    expect(checkObservation({ ...valid, startedOn: '2020-03-02' }, { exitDate: '2019-08-31' })).toEqual([
      expect.objectContaining({ field: '/startedOn', code: 'started_after_observed' }),
    ])
  })

  it('splits the contract types between the two situations that have one', () => {
    expect([...employedContracts, ...workStudyContracts].sort()).toEqual([...contractTypes].sort())
    expect([...contractsWithTerm, ...contractsWithoutTerm].sort()).toEqual([...contractTypes].sort())
    for (const contractType of contractTypes) {
      const situation = (workStudyContracts as readonly string[]).includes(contractType) ? 'work_study' : 'employed'
      expect(checkSituation({ situation, contractType }), contractType).toEqual([])
      const other = situation === 'employed' ? 'work_study' : 'employed'
      expect(checkSituation({ situation: other, contractType }).map((i) => i.code)).toEqual(['contract_situation'])
      const months = checkSituation({ situation, contractType, contractMonths: 6 }).map((i) => i.code)
      expect(months).toEqual(
        (contractsWithTerm as readonly string[]).includes(contractType) ? [] : ['contract_months_open_ended'],
      )
    }
    expect(checkSituation({ situation: 'job_seeking', employerOrganisationId: 'x' }).map((i) => i.code)).toEqual([
      'employer_not_applicable',
    ])
    expect(checkSituation({ situation: 'employed', contractMonths: 3 }).map((i) => i.code)).toEqual([
      'contract_required',
      'contract_months_not_applicable',
    ])
  })

  it('tells which window an observation missed, in words and days', () => {
    const [issue] = checkObservation(
      { checkpoint: 'm6', observedOn: '2020-05-01', situation: 'inactive' },
      { exitDate: '2019-08-31' },
    )
    expect(issue).toEqual({
      field: '/observedOn',
      code: 'checkpoint_window',
      message:
        'an m6 observation is observed from exit + 4 months to exit + 8 months: between 2019-12-31 and 2020-04-30',
    })
  })
})

describe('cohort transitions', () => {
  it('lets every cohort reach a final status and never leave one', () => {
    const final = cohortStatuses.filter((s) => cohortTransitions[s].length === 0)
    expect(final).toEqual(['completed', 'cancelled'])
    for (const status of cohortStatuses) {
      const seen = new Set([status])
      for (let frontier = [status]; frontier.length > 0;) {
        frontier = frontier.flatMap((s) => cohortTransitions[s]).filter((s) => !seen.has(s) && seen.add(s))
      }
      expect(
        [...seen].some((s) => final.includes(s)),
        status,
      ).toBe(true)
      expect(cohortTransitions[status]).not.toContain(status)
    }
  })
})
