import { describe, expect, it } from 'vitest'
import { addDays, addMonths } from '@trajectoires/contract/rules'
import { maturityMonths, round, wilson } from './stats.math.js'

const z = 1.959964
const pct = (v: { low: number; high: number }) => [Math.round(v.low * 100), Math.round(v.high * 100)]

describe('Wilson score interval (95%)', () => {
  it('gives the reference values of DOMAIN §4', () => {
    expect(pct(wilson(8, 10, z))).toEqual([49, 94])
    expect(pct(wilson(38, 48, z))).toEqual([66, 88])
    expect(pct(wilson(189, 236, z))).toEqual([75, 85])
    // Four decimals, against published values (e.g. statsmodels proportion_confint, method="wilson").
    expect(round(wilson(8, 10, z).low, 4)).toBe(0.4902)
    expect(round(wilson(8, 10, z).high, 4)).toBe(0.9433)
    expect(round(wilson(38, 48, z).low, 4)).toBe(0.6574)
    expect(round(wilson(38, 48, z).high, 4)).toBe(0.8827)
    expect(round(wilson(189, 236, z).low, 4)).toBe(0.7453)
    expect(round(wilson(189, 236, z).high, 4)).toBe(0.8468)
  })

  it('stays inside [0, 1] and is not empty at 0/n and n/n', () => {
    const none = wilson(0, 25, z)
    expect(none.low).toBe(0)
    expect(round(none.high, 4)).toBe(0.1332)
    const all = wilson(25, 25, z)
    expect(round(all.low, 4)).toBe(0.8668)
    expect(all.high).toBe(1)
    expect(round(wilson(0, 1, z).high, 4)).toBe(0.7935)
    expect(round(wilson(1, 1, z).low, 4)).toBe(0.2065)
  })

  it('refuses an empty sample', () => {
    expect(() => wilson(0, 0, z)).toThrow()
  })
})

describe('dates', () => {
  it('finds the months around the maturity boundary: all mature before, none from the second', () => {
    const mature = (exit: string, day: string, due: number) => addDays(addMonths(exit, due), 30) <= day
    let checked = 0
    for (let d = 0; d < 800; d += 7) {
      const day = addDays('2019-01-01', d)
      for (const due of [0, 6, 12]) {
        const { mature: early, immature: late } = maturityMonths(day, due, 30)
        expect(early <= late).toBe(true)
        // At most two months need each member's date.
        expect(addMonths(early, 2) >= late).toBe(true)
        for (let e = -600; e < 40; e += 3) {
          const exit = addDays(day, e)
          if (exit < early) expect(mature(exit, day, due)).toBe(true)
          if (exit >= late) expect(mature(exit, day, due)).toBe(false)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000)
    // 30 March 2020: 31 August 2019 + 6 months + 30 days is 30 March (mature), 1 September is not.
    expect(maturityMonths('2020-03-30', 6, 30)).toEqual({ mature: '2019-09-01', immature: '2019-09-01' })
    expect(maturityMonths('2020-03-29', 6, 30)).toEqual({ mature: '2019-08-01', immature: '2019-09-01' })
  })
})
