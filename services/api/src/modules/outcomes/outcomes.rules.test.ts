import { describe, expect, it } from 'vitest'
import {
  addDays,
  addMonths,
  checkObservation,
  checkpointDate,
  checkpointWindows,
  daysBetween,
} from './outcomes.rules.js'

describe('outcome rules without a database (for a bulk import)', () => {
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
})
