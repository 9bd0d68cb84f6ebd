import { describe, expect, it } from 'vitest'
import type { OutcomeMixCell } from '@trajectoires/contract'
import { outcomeMixResultExample } from '@trajectoires/contract/examples'
import { bandKinds, isComplete, isDrawn, outcomeMix } from './outcome-mix'

/** The contract's example, as the API answers it: 2018 whole, 2019 with lasting and unknown withheld and merged with their neighbours. */
const [cell, merged] = outcomeMixResultExample.groups as unknown as [OutcomeMixCell, OutcomeMixCell]

describe('outcomeMix', () => {
  it('takes the API’s counts as they are', () => {
    expect(outcomeMix(cell)).toEqual({
      total: 45,
      counts: { lasting: 9, otherEmployment: 4, workStudyTraining: 17, notPlaced: 4, unknown: 11 },
      bands: cell.bands,
    })
    expect(isComplete(outcomeMix(cell))).toBe(true)
  })

  it('draws a bar whose bands reach the total, even when some situations are merged', () => {
    expect(isDrawn(outcomeMix(merged))).toBe(true)
    expect(isComplete(outcomeMix(merged))).toBe(false)
  })

  it('draws nothing when the total is withheld, nobody is counted, the bands do not add up or are the total alone', () => {
    expect(isDrawn(outcomeMix({ ...cell, total: null, bands: [] }))).toBe(false)
    expect(isDrawn(outcomeMix({ ...cell, total: 0, bands: [] }))).toBe(false)
    expect(isDrawn(outcomeMix({ ...cell, bands: cell.bands.slice(1) }))).toBe(false)
    const all = ['lasting', 'otherEmployment', 'workStudyTraining', 'notPlaced', 'unknown'] as const
    expect(isDrawn(outcomeMix({ ...merged, bands: [{ parts: [...all], count: 41 }] }))).toBe(false)
  })

  it('stacks the kinds of band by where they start, the merged ones beside their parts', () => {
    const kinds = bandKinds([outcomeMix(cell), outcomeMix(merged)]).map((parts) => parts.join('+'))
    expect(kinds).toEqual([
      'lasting',
      'lasting+otherEmployment',
      'otherEmployment',
      'workStudyTraining',
      'notPlaced',
      'notPlaced+unknown',
      'unknown',
    ])
  })
})
