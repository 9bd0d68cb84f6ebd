import { describe, expect, it } from 'vitest'
import { labelBeside, wrapLabel } from './draw'

describe('chart labels on a narrow screen', () => {
  it('writes a long campus name on several lines, cut after hyphens and spaces', () => {
    expect(wrapLabel('Châlons-en-Champagne')).toEqual(['Châlons-en-', 'Champagne'])
    expect(wrapLabel('Romans-sur-Isère')).toEqual(['Romans-sur-', 'Isère'])
    expect(wrapLabel('Lyon')).toBe('Lyon')
    expect(wrapLabel('Bordeaux')).toBe('Bordeaux')
    expect(wrapLabel('Anticonstitutionnellement')).toBe('Anticonstitutionnellement')
  })

  it('writes the target’s label on the left of its line when the right has no room', () => {
    const area = { left: 80, right: 360 }
    expect(labelBeside(200, 90, area)).toEqual({ x: 204, align: 'left' })
    expect(labelBeside(300, 90, area)).toEqual({ x: 296, align: 'right' })
  })
})
