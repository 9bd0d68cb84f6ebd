import { describe, expect, it } from 'vitest'
import { ageAtEntryIssues, ageInCohortStartYear, birthYearBounds, learnerIssues } from './learners.rules.js'

const learner = { reference: 'LYO-2019-014', birthYear: 2000, qpvResident: null, qpvListVersion: null }

// Pure rules shared with the bulk import: no database, no HTTP.
describe('learner rules', () => {
  it('bounds birth years by the day of the check', () => {
    expect(birthYearBounds('2026-11-28')).toEqual({ min: 1946, max: 2012 })
    expect(learnerIssues({ ...learner, birthYear: 2012 }, '2026-11-28')).toEqual([])
    expect(learnerIssues({ ...learner, birthYear: 2013 }, '2026-11-28')[0]).toMatchObject({
      field: 'birthYear',
      code: 'birth_year',
      message: 'must be from 1946 to 2012 (14 to 80 years before this year)',
    })
    expect(learnerIssues({ ...learner, birthYear: 1945 }, '2026-01-01')).toHaveLength(1)
  })

  it('checks the reference and the QPV fields', () => {
    expect(learnerIssues({ ...learner, reference: 'Jean Dupont' }, '2026-11-28').map((i) => i.field)).toEqual([
      'reference',
    ])
    expect(learnerIssues({ ...learner, qpvResident: true }, '2026-11-28').map((i) => i.field)).toEqual([
      'qpvListVersion',
    ])
    expect(learnerIssues({ ...learner, qpvListVersion: '2015' }, '2026-11-28').map((i) => i.field)).toEqual([
      'qpvListVersion',
    ])
    expect(learnerIssues({ ...learner, qpvResident: false, qpvListVersion: '2024' }, '2026-11-28')).toEqual([])
  })

  it('admits ages 16 to 30 in the year the cohort starts', () => {
    expect(ageInCohortStartYear(2000, '2019-01-14')).toBe(19)
    expect(ageAtEntryIssues(2003, '2019-01-14')).toEqual([])
    expect(ageAtEntryIssues(1989, '2019-12-31')).toEqual([])
    expect(ageAtEntryIssues(2004, '2019-01-14')[0]).toMatchObject({ field: 'learnerId', code: 'age_at_entry' })
    expect(ageAtEntryIssues(1988, '2019-01-14', 'birthYear')[0]!.field).toBe('birthYear')
  })
})
