/**
 * For tests: a reader trying to work out hidden values from what was published. Hidden values are
 * integer unknowns with known bounds; published sums are linear equations. `pinned` searches the
 * integer solutions exhaustively (with bound propagation) and returns the unknowns that take a
 * single value in every solution: values given away despite the suppression.
 */

export interface Unknown {
  name: string
  lo: number
  hi: number
}

export interface Equation {
  /** Indexes of unknowns, with a coefficient of 1 each. */
  terms: number[]
  /** Unknowns subtracted (a sum equal to another hidden value). */
  minus?: number[]
  /** The published sum minus the published terms. */
  sum: number
}

export function pinned(unknowns: Unknown[], equations: Equation[], budget = 2_000_000): string[] {
  const n = unknowns.length
  const seen = unknowns.map(() => new Set<number>())
  let steps = 0
  let satisfied = false

  function propagate(lo: number[], hi: number[]): boolean {
    for (let changed = true; changed;) {
      changed = false
      for (const eq of equations) {
        const minus = eq.minus ?? []
        // sum(terms) - sum(minus) = eq.sum
        let minTotal = 0
        let maxTotal = 0
        for (const i of eq.terms) {
          minTotal += lo[i]!
          maxTotal += hi[i]!
        }
        for (const i of minus) {
          minTotal -= hi[i]!
          maxTotal -= lo[i]!
        }
        if (minTotal > eq.sum || maxTotal < eq.sum) return false
        for (const i of eq.terms) {
          const newLo = Math.max(lo[i]!, eq.sum - (maxTotal - hi[i]!))
          const newHi = Math.min(hi[i]!, eq.sum - (minTotal - lo[i]!))
          if (newLo > newHi) return false
          if (newLo !== lo[i] || newHi !== hi[i]) {
            lo[i] = newLo
            hi[i] = newHi
            changed = true
          }
        }
        for (const i of minus) {
          const newLo = Math.max(lo[i]!, minTotal + hi[i]! - eq.sum)
          const newHi = Math.min(hi[i]!, maxTotal + lo[i]! - eq.sum)
          if (newLo > newHi) return false
          if (newLo !== lo[i] || newHi !== hi[i]) {
            lo[i] = newLo
            hi[i] = newHi
            changed = true
          }
        }
        if (changed) break
      }
    }
    return true
  }

  function search(lo: number[], hi: number[]): void {
    if (satisfied || ++steps > budget) return
    if (!propagate(lo, hi)) return
    let pick = -1
    for (let i = 0; i < n; i++) {
      if (lo[i] !== hi[i] && (pick < 0 || hi[i]! - lo[i]! < hi[pick]! - lo[pick]!)) pick = i
    }
    if (pick < 0) {
      lo.forEach((v, i) => seen[i]!.add(v))
      satisfied = seen.every((s) => s.size > 1)
      return
    }
    // Try the ends first: they are where a second value most quickly shows.
    const values: number[] = []
    for (let v = lo[pick]!; v <= hi[pick]!; v++) values.push(v)
    values.sort((a, b) => Math.min(a - lo[pick]!, hi[pick]! - a) - Math.min(b - lo[pick]!, hi[pick]! - b))
    for (const v of values) {
      if (seen[pick]!.size > 1 && seen.every((s, i) => i === pick || s.size > 1)) break
      const l = [...lo]
      const h = [...hi]
      l[pick] = v
      h[pick] = v
      search(l, h)
      if (satisfied) return
    }
  }

  search(
    unknowns.map((u) => u.lo),
    unknowns.map((u) => u.hi),
  )
  if (steps > budget) throw new Error('pinned: search budget exhausted; make the test table smaller')
  return unknowns.filter((_, i) => seen[i]!.size === 1).map((u) => u.name)
}
