import { describe, expect, it } from 'vitest'
import type { MetricRules } from '@trajectoires/contract'
import { pinned as attack, type Equation, type Unknown } from './stats.attack.js'
import type { CellFigures } from './stats.math.js'
import { protect, type Breakdown } from './stats.service.js'
import { complete, pinned } from './stats.suppression.js'

const rules = {
  removedFromDenominator: [],
  suppression: { minDenominator: 20, smallCell: { min: 1, max: 4, counts: 'population' } },
} as unknown as MetricRules

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function fig(population: number, numerator: number, unknown: number): CellFigures {
  return {
    population,
    excluded: 0,
    members: population,
    removed: 0,
    denominator: population,
    numerator,
    unknown,
    matured: population,
  }
}

const add = (a: CellFigures, b: CellFigures): CellFigures => ({
  population: a.population + b.population,
  excluded: 0,
  members: a.members + b.members,
  removed: 0,
  denominator: a.denominator + b.denominator,
  numerator: a.numerator + b.numerator,
  unknown: a.unknown + b.unknown,
  matured: a.matured + b.matured,
})

function breakdown(cells: CellFigures[], keys: Array<Array<string>>): Breakdown {
  const zero = fig(0, 0, 0)
  const marginals: Breakdown['marginals'] = [new Map(), new Map()]
  if (keys[0]?.length === 2) {
    cells.forEach((c, i) => {
      for (const d of [0, 1]) marginals[d]!.set(keys[i]![d]!, add(marginals[d]!.get(keys[i]![d]!) ?? zero, c))
    })
  }
  return { total: cells.reduce(add, zero), cells, keys, marginals }
}

/**
 * What a reader can work out from the answer and the marginals (published by other requests):
 * populations of hidden cells, numerators of withheld ones. Returns the pinned values.
 */
function attackBreakdown(b: Breakdown, shown: ReturnType<typeof protect>): string[] {
  const out: string[] = []
  const dims = b.keys[0]!.length
  for (const quantity of ['population', 'numerator'] as const) {
    const unknowns: Unknown[] = []
    const index = new Map<number, number>()
    b.cells.forEach((c, i) => {
      const status = shown.cells[i]!
      const hiddenHere = quantity === 'population' ? status === 'small_cell' : status !== 'visible'
      if (!hiddenHere) return
      index.set(i, unknowns.length)
      const bound = status === 'small_cell' ? b.total.population : c.denominator
      unknowns.push({ name: `${quantity}:${b.keys[i]!.join('/')}`, lo: quantity === 'population' ? 1 : 0, hi: bound })
    })
    const line = (cells: number[], sum: number): Equation => ({
      terms: cells.filter((i) => index.has(i)).map((i) => index.get(i)!),
      sum: sum - cells.filter((i) => !index.has(i)).reduce((s, i) => s + b.cells[i]![quantity], 0),
    })
    const equations: Equation[] = []
    const publishedTotal = quantity === 'population' ? shown.total !== 'small_cell' : shown.total === 'visible'
    if (publishedTotal)
      equations.push(
        line(
          b.cells.map((_, i) => i),
          b.total[quantity],
        ),
      )
    if (dims === 2) {
      for (const d of [0, 1]) {
        for (const [value, m] of b.marginals[d]!) {
          // The marginal as the one-dimensional answer shows it (conservatively: when not small).
          const visible = quantity === 'population' ? !(m.population >= 1 && m.population <= 4) : m.denominator >= 20
          if (!visible) continue
          equations.push(
            line(
              b.cells.map((_, i) => i).filter((i) => b.keys[i]![d] === value),
              m[quantity],
            ),
          )
        }
      }
    }
    out.push(...attack(unknowns, equations))
  }
  return out
}

describe('pinned (one line)', () => {
  const q = (values: number[], lower: number, upper: (number | null)[]) => ({
    value: (i: number) => values[i]!,
    lower: () => lower,
    upper: (i: number) => upper[i]!,
  })

  it('pins a lone hidden cell, and cells at their bounds', () => {
    expect(pinned([0], q([3], 1, [null]))).toEqual([0])
    // Two cells of one person each: the sum (2) leaves only 1 + 1.
    expect(pinned([0, 1], q([1, 1], 1, [null, null]))).toEqual([0, 1])
    // Nobody placed in two withheld cells: the sum 0 gives both.
    expect(pinned([0, 1], q([0, 0], 0, [15, 12]))).toEqual([0, 1])
    // Everybody placed: the sum 27 = 15 + 12 gives both.
    expect(pinned([0, 1], q([15, 12], 0, [15, 12]))).toEqual([0, 1])
    expect(pinned([0, 1], q([10, 9], 0, [15, 12]))).toEqual([])
    expect(pinned([0, 1], q([3, 25], 1, [null, null]))).toEqual([])
  })
})

describe('complementary suppression', () => {
  it('hides the next smallest cell of a line where one cell is hidden', () => {
    const values = [3, 40, 22, 30]
    const hidden = values.map((v) => v <= 4)
    const added = complete({
      lines: [{ cells: [0, 1, 2, 3], published: true }],
      hidden,
      quantities: [{ value: (i) => values[i]!, lower: () => 1, upper: () => null }],
      order: (a, b) => values[a]! - values[b]! || a - b,
    })
    expect(added).toEqual([2])
    expect(hidden).toEqual([true, false, true, false])
  })

  it('leaves a line alone when its sum is not published', () => {
    const hidden = [true, false]
    expect(
      complete({
        lines: [{ cells: [0, 1], published: false }],
        hidden,
        quantities: [{ value: () => 3, lower: () => 1, upper: () => null }],
        order: (a, b) => a - b,
      }),
    ).toEqual([])
  })

  it('protects a withheld rate: 15 people under the threshold, the next smallest withheld too', () => {
    const b = breakdown([fig(15, 10, 1), fig(25, 20, 2), fig(40, 30, 3)], [['a'], ['b'], ['c']])
    const shown = protect(b, rules)
    expect(shown.total).toBe('visible')
    expect(shown.cells).toEqual(['small_denominator', 'complementary', 'visible'])
    expect(attackBreakdown(b, shown)).toEqual([])
  })

  it('withholds more when the withheld cells are all at a bound (nobody placed)', () => {
    const b = breakdown([fig(15, 0, 0), fig(12, 0, 0), fig(40, 30, 3), fig(50, 30, 3)], [['a'], ['b'], ['c'], ['d']])
    const shown = protect(b, rules)
    expect(shown.cells).toEqual(['small_denominator', 'small_denominator', 'complementary', 'visible'])
    expect(attackBreakdown(b, shown)).toEqual([])
  })

  it('catches what primary suppression alone gives away (the attack works)', () => {
    const b = breakdown([fig(3, 2, 0), fig(40, 30, 3), fig(22, 15, 1)], [['a'], ['b'], ['c']])
    const naive = { total: 'visible' as const, cells: ['small_cell' as const, 'visible' as const, 'visible' as const] }
    expect(attackBreakdown(b, naive)).toEqual(['population:a', 'numerator:a'])
    const twoD = breakdown(
      [fig(3, 1, 0), fig(20, 10, 0), fig(25, 10, 0), fig(30, 20, 0)],
      [
        ['x', 'f'],
        ['x', 'm'],
        ['y', 'f'],
        ['y', 'm'],
      ],
    )
    const rowOnly = {
      total: 'visible' as const,
      cells: ['small_cell' as const, 'small_cell' as const, 'visible' as const, 'visible' as const],
    }
    // Hidden in pairs along the row, but the column gives them away.
    expect(attackBreakdown(twoD, rowOnly).sort()).toEqual(
      ['numerator:x/f', 'numerator:x/m', 'population:x/f', 'population:x/m'].sort(),
    )
    expect(attackBreakdown(twoD, protect(twoD, rules))).toEqual([])
  })

  it('gives nothing away over many random one- and two-dimensional breakdowns', () => {
    const next = random(20181105)
    const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
    let hiddenSeen = 0
    for (let round = 0; round < 120; round++) {
      const twoD = round % 2 === 1
      const rowsN = int(2, twoD ? 3 : 6)
      const colsN = twoD ? 2 : 1
      const cells: CellFigures[] = []
      const keys: string[][] = []
      for (let r = 0; r < rowsN; r++) {
        for (let c = 0; c < colsN; c++) {
          const population = next() < 0.3 ? int(1, 4) : int(5, 45)
          // Rates strictly between 0 and 1 in every cell, so that no line is all at a bound.
          const numerator = population === 1 ? (next() < 0.5 ? 0 : 1) : int(1, population - 1)
          cells.push(fig(population, numerator, int(0, population - numerator)))
          keys.push(twoD ? [`r${r}`, `c${c}`] : [`r${r}`])
        }
      }
      const b = breakdown(cells, keys)
      const shown = protect(b, rules)
      hiddenSeen += shown.cells.filter((s) => s !== 'visible').length
      const exposed = attackBreakdown(b, shown)
      // A single cell of one person in a line of ones is the only inherent give-away; assert none happened.
      expect({ round, exposed }).toEqual({ round, exposed: [] })
    }
    expect(hiddenSeen).toBeGreaterThan(50)
  })
})
