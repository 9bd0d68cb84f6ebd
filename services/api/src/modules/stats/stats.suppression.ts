/**
 * Small-number suppression, as pure functions.
 *
 * Cells of a breakdown sit on lines: the groups of a one-dimensional breakdown make one line, whose
 * sum is the total; a two-dimensional breakdown has a line per row and per column, whose sums are
 * the one-dimensional breakdowns (published by another request). A reader knows each line's sum,
 * the visible cells, and bounds for each hidden one (at least 1 person in a listed group; an outcome
 * count between 0 and the cell's denominator). A hidden value is recoverable when these pin it to
 * one number; `complete` hides further cells, smallest first, until no line pins any hidden value.
 */

export interface Quantity {
  /** The true value of each cell. */
  value: (cell: number) => number
  /** What a reader knows about a hidden cell's value. */
  lower: (cell: number) => number
  /** What a reader knows about a hidden cell's value; null: no upper bound. */
  upper: (cell: number) => number | null
}

export interface Line {
  cells: number[]
  /** Whether the line's sum is published (a suppressed marginal protects its line). */
  published: boolean
}

/**
 * The hidden cells of a line that its sum pins to one value: for each, the values left possible by
 * the sum and the other hidden cells' bounds (exact for one linear equation on a box) narrow to a
 * single number. A lone hidden cell is always pinned.
 */
export function pinned(hidden: number[], quantity: Quantity): number[] {
  if (hidden.length === 0) return []
  if (hidden.length === 1) return hidden
  const total = hidden.reduce((s, i) => s + quantity.value(i), 0)
  const lowers = hidden.map((i) => quantity.lower(i))
  const uppers = hidden.map((i) => quantity.upper(i))
  const lowerSum = lowers.reduce((s, v) => s + v, 0)
  const unbounded = uppers.filter((u) => u === null).length
  const upperSum = uppers.reduce<number>((s, u) => s + (u ?? 0), 0)
  return hidden.filter((_, k) => {
    const othersUpper = unbounded - (uppers[k] === null ? 1 : 0) > 0 ? Infinity : upperSum - (uppers[k] ?? 0)
    const low = Math.max(lowers[k]!, total - othersUpper)
    const high = Math.min(uppers[k] ?? Infinity, total - (lowerSum - lowers[k]!))
    return low >= high
  })
}

export interface CompleteOptions {
  lines: Line[]
  /** Hidden cells, updated in place. */
  hidden: boolean[]
  quantities: Quantity[]
  /** Cells that may be hidden to protect others (by default every cell). */
  eligible?: (cell: number) => boolean
  /** Which cell to hide first: the smallest by this order. */
  order: (a: number, b: number) => number
}

/**
 * Reads the lines as a reader would: a hidden cell pinned by one line is known, and counts as
 * visible in the others. Returns the first line that pins a cell and may still be helped (it has
 * an eligible visible cell), or undefined when no such line is left.
 */
function weakLine(options: CompleteOptions, hopeless: Set<Line>, eligible: (cell: number) => boolean) {
  const { lines, hidden, quantities } = options
  // Values the published sum gives away whatever is hidden (a sum of 0, or every cell at its bound):
  // hiding more cannot protect them, so they are left out of the reckoning.
  const inherent = new Map<Line, Array<Set<number>>>()
  for (const line of lines)
    inherent.set(
      line,
      quantities.map((q) => new Set(pinned(line.cells, q))),
    )
  const known = new Set<number>()
  for (let changed = true; changed;) {
    changed = false
    for (const line of lines) {
      if (!line.published) continue
      const given = inherent.get(line)!
      const found = new Set(
        quantities.flatMap((q, k) =>
          pinned(
            line.cells.filter((i) => hidden[i] && !known.has(i) && !given[k]!.has(i)),
            q,
          ),
        ),
      )
      if (found.size === 0) continue
      if (!hopeless.has(line)) {
        if (line.cells.some((i) => !hidden[i] && eligible(i))) return line
        hopeless.add(line)
      }
      for (const i of found) known.add(i)
      changed = true
    }
  }
  return undefined
}

/**
 * Hides complementary cells, smallest first, until no published line lets a hidden value be worked
 * out, even using values worked out from other lines. Returns the cells it hid. A line whose
 * eligible cells are all hidden and which still gives them away (say every member of the line has
 * the same outcome) cannot be helped: its published sum says it already.
 */
export function complete(options: CompleteOptions): number[] {
  const { hidden, order } = options
  const eligible = options.eligible ?? (() => true)
  const added: number[] = []
  const hopeless = new Set<Line>()
  for (let line = weakLine(options, hopeless, eligible); line; line = weakLine(options, hopeless, eligible)) {
    const candidate = line.cells.filter((i) => !hidden[i] && eligible(i)).sort(order)[0]!
    hidden[candidate] = true
    added.push(candidate)
  }
  return added
}

/** Lines of a breakdown: one for a single dimension; rows, columns and the whole table for two. */
export function breakdownLines(
  keys: ReadonlyArray<readonly unknown[]>,
  dimensions: number,
  published: (dimension: number, value: unknown) => boolean,
  totalPublished: boolean,
): Line[] {
  if (keys.length === 0) return []
  const all: Line = { cells: keys.map((_, i) => i), published: totalPublished }
  if (dimensions === 1) return [all]
  // The total sums every cell too: it matters when some rows' or columns' sums are not published.
  const lines: Line[] = [all]
  for (const fixed of [0, 1]) {
    const byValue = new Map<string, { value: unknown; cells: number[] }>()
    keys.forEach((key, i) => {
      const id = JSON.stringify(key[fixed])
      const entry = byValue.get(id) ?? { value: key[fixed], cells: [] }
      entry.cells.push(i)
      byValue.set(id, entry)
    })
    for (const { value, cells } of byValue.values()) lines.push({ cells, published: published(fixed, value) })
  }
  return lines
}
