import { describe, expect, it } from 'vitest'
import { isComplete, outcomeMix } from './outcome-mix'

const cell = {
  lasting: 9,
  otherEmployment: 4,
  workStudyTraining: 17,
  notPlaced: 4,
  unknown: 11,
  total: 45,
  suppressed: false,
}

describe('outcomeMix', () => {
  it('takes the API’s counts as they are', () => {
    expect(outcomeMix(cell)).toEqual({
      total: 45,
      counts: { lasting: 9, otherEmployment: 4, workStudyTraining: 17, notPlaced: 4, unknown: 11 },
    })
    expect(isComplete(outcomeMix(cell))).toBe(true)
  })

  it('is not drawn when one count is withheld or nobody is counted', () => {
    expect(isComplete(outcomeMix({ ...cell, notPlaced: null, suppressed: true }))).toBe(false)
    expect(isComplete(outcomeMix({ ...cell, total: 0 }))).toBe(false)
  })
})
