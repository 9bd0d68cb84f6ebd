/**
 * Which items of a release are hidden from viewers who may not see small numbers.
 *
 * 1. **Primary suppression**: a cell of 1–4 people is hidden whole; the outcomes of a cell whose
 *    denominator is under 20 are withheld; counts of 1–4 excluded, unknown, in work-study or
 *    training, completing, at a funnel stage, or in an intake group are hidden. These hidden items
 *    are *sensitive*: each must keep a protection interval (two values either side for a cell of
 *    1–4 people, at least two possible values for anything else).
 * 2. **Secondary suppression**, over all linked tables at once: a reader's bounds on every hidden
 *    item are worked out from every published item and every relation (interval constraint
 *    propagation, as τ-Argus's and sdcTable's audits start with); while a sensitive item is pinned,
 *    a published item on the chain of relations that pins it is hidden too (`cheapestBreak`: the
 *    cheapest of those that close a pattern, costed with everything they take along), one per
 *    chain and round. This is the "hide the cheapest cell sharing a total" heuristic of
 *    statistical offices (sdcTable's SIMPLEHEURISTIC works the same way): fast, deterministic, and
 *    it never needs the data of another release. Its result is then checked by exact linear
 *    programming (stats.audit.ts).
 */
import { turns } from '../../lib/turns.js'
import { itemAt, type ItemKind, type ReleaseModel } from './stats.release.js'

export interface Sensitive {
  item: number
  /** The smallest width `max − min` a reader's interval must keep. */
  need: number
}

export interface Protection {
  /** 1 where the item is hidden from the public. */
  hidden: Uint8Array
  sensitive: Sensitive[]
  /** Sensitive items that the published figures give away whatever else is hidden (a line of zeros). */
  inherent: number[]
  /** Cells whose outcomes were withheld for a small denominator (primary). */
  smallDenominator: Set<number>
  /** Hides one more item (with what it would give away): for the LP-driven rounds. */
  hide: (item: number) => void
}

const small = (v: number) => v >= 1 && v <= 4

/** What a reader knows of each item: bounds, from the published items and every relation. */
async function readerBounds(
  model: ReleaseModel,
  hidden: Uint8Array,
  relationsOf: number[][] = relationsByItem(model),
  loop = turns(),
): Promise<{ lo: Float64Array; hi: Float64Array; cause: Int32Array }> {
  const { items, relations } = model
  const n = items.length
  const lo = new Float64Array(n)
  const hi = new Float64Array(n)
  /** The relation that last narrowed each item: where to look for what gives it away. */
  const cause = new Int32Array(n).fill(-1)
  const unknown = (i: number) => (items[i]!.slack ? !items[i]!.known : hidden[i] === 1)
  for (let i = 0; i < n; i++) {
    if (loop.due()) await loop.pause()
    if (unknown(i)) {
      lo[i] = lowerBound(model, i)
      hi[i] = Infinity
    } else {
      lo[i] = hi[i] = items[i]!.value
    }
  }
  const queued = new Uint8Array(relations.length)
  // A queue as a growing array read from `head` (shift() would copy it at every step).
  const queue: number[] = []
  let head = 0
  for (let k = 0; k < relations.length; k++) {
    if (loop.due()) await loop.pause()
    if (relations[k]!.terms.some((t) => unknown(t.item))) {
      queue.push(k)
      queued[k] = 1
    }
  }
  let budget = relations.length * 60
  while (head < queue.length && budget-- > 0) {
    if (loop.due()) await loop.pause()
    if (head > 1 << 20) {
      queue.splice(0, head)
      head = 0
    }
    const k = queue[head++]!
    queued[k] = 0
    const terms = relations[k]!.terms
    // Σ coef·x = 0: bounds of each term from the others'.
    let minSum = 0
    let maxSum = 0
    let minInf = 0
    let maxInf = 0
    for (const t of terms) {
      const a = t.coef === 1 ? lo[t.item]! : -hi[t.item]!
      const b = t.coef === 1 ? hi[t.item]! : -lo[t.item]!
      if (a === -Infinity) minInf++
      else minSum += a
      if (b === Infinity) maxInf++
      else maxSum += b
    }
    for (const t of terms) {
      const i = t.item
      if (!unknown(i)) continue
      const a = t.coef === 1 ? lo[i]! : -hi[i]!
      const b = t.coef === 1 ? hi[i]! : -lo[i]!
      // Others' range: [otherMin, otherMax]; this term = −others.
      const otherMin = minInf - (a === -Infinity ? 1 : 0) > 0 ? -Infinity : minSum - (a === -Infinity ? 0 : a)
      const otherMax = maxInf - (b === Infinity ? 1 : 0) > 0 ? Infinity : maxSum - (b === Infinity ? 0 : b)
      // coef·x ∈ [−otherMax, −otherMin]
      let newLo: number
      let newHi: number
      if (t.coef === 1) {
        newLo = -otherMax
        newHi = -otherMin
      } else {
        newLo = otherMin
        newHi = otherMax
      }
      newLo = Math.ceil(newLo - 1e-9)
      newHi = Math.floor(newHi + 1e-9)
      let changed = false
      if (newLo > lo[i]!) {
        lo[i] = newLo
        changed = true
      }
      if (newHi < hi[i]!) {
        hi[i] = newHi
        changed = true
      }
      if (changed) {
        cause[i] = k
        for (const r of relationsOf[i]!) {
          if (!queued[r]) {
            queued[r] = 1
            queue.push(r)
          }
        }
      }
    }
  }
  return { lo, hi, cause }
}

/** `relationsByItem`, giving the event loop a turn now and then (millions of items on a large network). */
async function relationsByItemInTurns(model: ReleaseModel, loop: ReturnType<typeof turns>): Promise<number[][]> {
  const relationsOf: number[][] = new Array<number[]>(model.items.length)
  for (let i = 0; i < relationsOf.length; i++) {
    if (loop.due()) await loop.pause()
    relationsOf[i] = []
  }
  const { relations } = model
  for (let k = 0; k < relations.length; k++) {
    if (loop.due()) await loop.pause()
    for (const t of relations[k]!.terms) relationsOf[t.item]!.push(k)
  }
  return relationsOf
}

/** The relations each item takes part in. */
export function relationsByItem(model: ReleaseModel): number[][] {
  const relationsOf: number[][] = Array.from({ length: model.items.length }, () => [])
  model.relations.forEach((r, k) => {
    for (const t of r.terms) relationsOf[t.item]!.push(k)
  })
  return relationsOf
}

/** What everyone knows of an item before reading any figure: a listed group has somebody in it. */
export function lowerBound(model: ReleaseModel, i: number): number {
  const it = model.items[i]!
  if (it.slack) return Math.min(0, it.value)
  const cell = model.cells[it.cell]!
  const funnelListed = cell.table === 'startYear' || cell.table === 'networkStartYear'
  if (
    (it.kind === 'P' || it.kind === 'D') &&
    cell.listed &&
    !funnelListed &&
    cell.table !== 'campus' &&
    cell.table !== 'network'
  )
    return 1
  if (it.kind === 'FA' && cell.listed && funnelListed) return 1
  return 0
}

/** Hides what primary suppression hides and records what must stay protected. */
async function primary(
  model: ReleaseModel,
  hide: Hider,
  sensitive: Map<number, number>,
  smallDenominator: Set<number>,
  loop: ReturnType<typeof turns>,
) {
  const mark = (cell: number, kind: ItemKind, need: number) => {
    const it = itemAt(model, cell, kind)
    if (it) sensitive.set(it.index, Math.max(sensitive.get(it.index) ?? 0, need))
  }
  for (let c = 0; c < model.cells.length; c++) {
    if (loop.due()) await loop.pause()
    const v = (k: ItemKind) => itemAt(model, c, k)?.value
    const P = v('P')
    if (P !== undefined) {
      // Exclusions (moved away, long illness, death, prison) are never published, nor the
      // population that would give them away: the public reads members not excluded (D).
      hide.single(c, 'X')
      const D = v('D')!
      if (small(D)) {
        hide.cell(c)
        mark(c, 'D', 2)
        mark(c, 'Np', 1)
        mark(c, 'U', 1)
        if (v('C')! > 0) mark(c, 'C', 1)
      } else {
        if (D >= 1 && D < 20) {
          hide.outcome(c)
          smallDenominator.add(c)
          for (const k of ['Np', 'Ne', 'Nl', 'U'] as const) mark(c, k, 1)
        } else if (D >= 20) {
          if (small(v('U')!)) {
            hide.single(c, 'U')
            mark(c, 'U', 1)
          }
          if (small(v('T')!)) {
            hide.single(c, 'T')
            mark(c, 'T', 1)
          }
          // What no answer shows but two published counts give by subtraction: other employment
          // (employed − lasting) and job seeking or inactive (members − positive − unknown). Of
          // 1–4 people they are protected like the unknown count; the secondary suppression hides
          // the cheapest count that leaves them a range (an outcome count, not the cell).
          if (small(v('Eo')!)) mark(c, 'Eo', 1)
          if (small(v('R')!)) mark(c, 'R', 1)
          const employmentDenominator = D - v('T')!
          if (employmentDenominator >= 1 && employmentDenominator < 20) {
            hide.single(c, 'Ne')
            hide.single(c, 'T')
            mark(c, 'Ne', 1)
          }
        }
        if (small(v('C')!)) {
          hide.single(c, 'C')
          mark(c, 'C', 1)
        }
      }
    }
    for (const k of ['FA', 'FJ', 'FE', 'FC', 'FD'] as const) {
      const value = v(k)
      if (value !== undefined && small(value)) {
        hide.single(c, k)
        mark(c, k, 1)
      }
    }
    const confirmed = v('FC')
    for (const k of ['QV', 'ND', 'NT', 'WO'] as const) {
      const value = v(k)
      if (value === undefined || confirmed === undefined) continue
      if (confirmed < 20 || small(value) || small(confirmed - value)) {
        hide.single(c, k)
        if (confirmed > 0) mark(c, k, 1)
      }
    }
  }
}

interface Hider {
  cell(c: number): void
  outcome(c: number): void
  single(c: number, kind: ItemKind): void
  /** Hides an item the way its kind asks (with the items it would otherwise give away). */
  item(i: number): void
}

/** Hides items through `mark` (the release's hidden flags, or a list for a dry run). */
function hider(model: ReleaseModel, mark: (item: number) => void): Hider {
  const at = (c: number, k: ItemKind) => itemAt(model, c, k)
  const set = (c: number, k: ItemKind) => {
    const it = at(c, k)
    if (it) mark(it.index)
  }
  const h: Hider = {
    cell(c) {
      for (const k of ['P', 'X', 'D', 'Np', 'Ne', 'Nl', 'T', 'U', 'C', 'FC', 'FD'] as const) set(c, k)
    },
    outcome(c) {
      for (const k of ['Np', 'Ne', 'Nl', 'T', 'U'] as const) set(c, k)
    },
    single(c, kind) {
      set(c, kind)
      const knownSlack = (k: ItemKind) => at(c, k)?.known === true
      // An item tied to another by a difference every reader knows goes with it.
      if (kind === 'X' || kind === 'P') {
        set(c, 'X')
        set(c, 'P')
        if (knownSlack('KC')) set(c, 'FC')
      }
      if (kind === 'FC' && knownSlack('KC')) h.single(c, 'X')
      if (kind === 'C' && knownSlack('KD')) set(c, 'FD')
      if (kind === 'FD' && knownSlack('KD')) set(c, 'C')
      if (kind === 'D') h.cell(c)
      // Work-study or training is positive minus employed: hidden alone, both published would give it.
      // Lasting employment is tied to the others only through employed = lasting + other
      // employment, which no answer shows: it can be hidden alone (r_lasting withheld, the
      // cell's other rates kept).
      if (kind === 'Np' || kind === 'Ne' || kind === 'T') h.outcome(c)
    },
    item(i) {
      const it = model.items[i]!
      // A population hidden to protect another is hidden with everything it sums (complementary cell).
      if (it.kind === 'P' || it.kind === 'D') h.cell(it.cell)
      else h.single(it.cell, it.kind)
    },
  }
  return h
}

/**
 * Protects a release: primary suppression, then secondary suppression over every relation.
 * `secondary: false` stops after the primary (for the tests that show the audit catches a leak).
 */
export async function protect(
  model: ReleaseModel,
  options: { secondary?: boolean; onRound?: (round: { round: number; weak: number; hidden: number }) => void } = {},
): Promise<Protection> {
  const loop = turns()
  const hidden = new Uint8Array(model.items.length)
  const hide = hider(model, (i) => (hidden[i] = 1))
  const sensitiveMap = new Map<number, number>()
  const smallDenominator = new Set<number>()
  await primary(model, hide, sensitiveMap, smallDenominator, loop)
  const sensitive = [...sensitiveMap].map(([item, need]) => ({ item, need })).sort((a, b) => a.item - b.item)
  const inherent = new Set<number>()
  if (options.secondary !== false) {
    const relationsOf = await relationsByItemInTurns(model, loop)
    // What hiding an item would hide with it (a dry run of the hider).
    let dryRun: number[] = []
    const dry = hider(model, (i) => dryRun.push(i))
    const hideSet = (i: number) => {
      dryRun = []
      dry.item(i)
      return dryRun.filter((j) => !hidden[j])
    }
    for (let round = 0; round < model.items.length; round++) {
      const { lo, hi, cause } = await readerBounds(model, hidden, relationsOf, loop)
      const weak = sensitive.filter((s) => !inherent.has(s.item) && hi[s.item]! - lo[s.item]! < s.need)
      options.onRound?.({
        round,
        weak: weak.length,
        hidden: hidden.reduce((n, v) => n + v, 0),
      })
      if (weak.length === 0) break
      const touched = new Set<number>()
      // Hidden items on the chains already broken this round: a weak item pinned through one of
      // them may be freed by that fix (a cohort alone in its campus-year is the same cell twice).
      const onChain = new Set<number>()
      let progress = false
      for (const s of weak) {
        if (loop.late()) await loop.pause()
        // One fix per relation and round: the relation that pinned the item, and the one the fix
        // came from, are left alone until the next reading (a fix there may already protect it).
        const why = cause[s.item]!
        if (why >= 0 && touched.has(why)) continue
        if (onChain.has(s.item)) continue
        const best = cheapestBreak(model, hidden, s.item, { lo, hi, cause }, relationsOf, hideSet)
        if (best === undefined) {
          inherent.add(s.item)
          continue
        }
        // Another fix this round already changed that relation: read again before adding more.
        if (touched.has(best.relation) || best.chain.some((i) => onChain.has(i))) continue
        for (const i of best.chain) onChain.add(i)
        // Every relation the fix hides a term of has changed: its other weak items wait for the next
        // reading (hiding one year's outcome breaks the chains of its four counts at once, where
        // fixing each count on its own hid four years).
        for (const j of hideSet(best.item)) for (const r of relationsOf[j]!) touched.add(r)
        hide.item(best.item)
        if (why >= 0) touched.add(why)
        touched.add(best.relation)
        progress = true
      }
      if (!progress && weak.every((s) => inherent.has(s.item))) break
    }
  }
  return { hidden, sensitive, inherent: [...inherent].sort((a, b) => a - b), smallDenominator, hide: hide.item }
}

/**
 * The published item to hide so that a reader can no longer pin `weak`: searched along the chain of
 * relations that pinned it (the relation that narrowed it, then those that narrowed the other
 * hidden items of that relation, up to four steps). An item costs what it hides with it (the
 * hider's set). Preferred: an item that the other relations it takes part in leave free once hidden
 * (in a table, the cell that closes a rectangle of hidden cells), the cheapest first; failing that,
 * the one furthest along the chain (the next rectangle corner), so that the rounds walk towards a
 * closed pattern instead of hiding one useless sibling after another.
 */
function cheapestBreak(
  model: ReleaseModel,
  hidden: Uint8Array,
  weak: number,
  bounds: { lo: Float64Array; hi: Float64Array; cause: Int32Array },
  relationsOf: number[][],
  hideSet: (item: number) => number[],
): { item: number; relation: number; chain: number[] } | undefined {
  type Choice = { item: number; cost: number; relation: number; free: boolean; depth: number }
  let best: Choice | undefined
  // A candidate that stays pinned once hidden will need at least as much again: it counts four
  // times its cost. So a free corner wins over useless siblings, but not a headline total (whose
  // table weighs 4 to 50 times more) over a detail cell.
  const score = (c: Choice) => (c.free ? c.cost : c.cost * 4)
  const better = (a: Choice, b: Choice) => {
    if (score(a) !== score(b)) return score(a) < score(b)
    if (a.depth !== b.depth) return a.depth > b.depth
    return a.item < b.item
  }
  const seen = new Set<number>([weak])
  const tried = new Set<number>()
  let frontier = [weak]
  for (let depth = 0; depth < 4 && frontier.length; depth++) {
    const next: number[] = []
    for (const item of frontier) {
      const cause = bounds.cause[item]!
      const relations = cause >= 0 ? [cause] : depth === 0 ? relationsOf[item]! : []
      for (const r of relations) {
        const rel = model.relations[r]!
        for (const t of rel.terms) {
          const it = model.items[t.item]!
          if (seen.has(t.item)) continue
          if (it.slack || hidden[t.item]) {
            if (!it.known && bounds.hi[t.item]! - bounds.lo[t.item]! < 1) {
              seen.add(t.item)
              next.push(t.item)
            }
            continue
          }
          if (tried.has(t.item)) continue
          tried.add(t.item)
          const set = hideSet(t.item)
          let cost = depth * 0.25 + (rel.kind === null ? 0.5 : 0)
          for (const j of set) cost += costOf(model, j)
          const choice = {
            item: t.item,
            cost,
            relation: r,
            depth,
            free: !pinnedOnceHidden(model, hidden, t.item, r, set, relationsOf),
          }
          if (!best || better(choice, best)) best = choice
        }
      }
    }
    frontier = next
  }
  return best && { item: best.item, relation: best.relation, chain: [...seen] }
}

/**
 * Whether `item`, hidden with `set`, would be the only hidden term of one of its other relations
 * (which would then give it away at once). Hidden items count as unknown here even when pinned
 * today: hiding `item` beside one of them is what closes a pattern (a rectangle of a table).
 */
function pinnedOnceHidden(
  model: ReleaseModel,
  hidden: Uint8Array,
  item: number,
  from: number,
  set: number[],
  relationsOf: number[][],
): boolean {
  const known = (j: number) => {
    if (set.includes(j)) return false
    const it = model.items[j]!
    return it.slack ? it.known : hidden[j] !== 1
  }
  for (const r of relationsOf[item]!) {
    if (r === from) continue
    if (model.relations[r]!.terms.every((t) => t.item === item || known(t.item))) return true
  }
  return false
}

/** Headline figures cost more to hide than detail: the network's most, then years, campuses, profiles. */
const tableWeight: Partial<Record<string, number>> = {
  network: 50,
  exitYear: 4,
  campus: 4,
  networkStartYear: 4,
  sex: 2,
  qpv: 2,
  diplomaAtEntry: 2,
  referrer: 2,
}

/** What hiding a published item costs: its value, weighted by how much its table is read. */
export function costOf(model: ReleaseModel, item: number): number {
  const it = model.items[item]!
  return (it.value + 1) * (tableWeight[model.cells[it.cell]!.table] ?? 1)
}
