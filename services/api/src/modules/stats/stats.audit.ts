/**
 * The attacker, with a real LP solver (HiGHS): every item a release publishes is a linear equation
 * over the hidden ones (each relation: a parent is the sum of its children), every hidden item is a
 * non-negative number (a listed group holds at least one person). For each sensitive hidden item,
 * two linear programs give the least and the greatest value these equations allow: the interval a
 * reader can know. An item whose interval is narrower than its protection (`need`) is given away.
 *
 * The equations fall apart into independent groups (hidden items that share no relation cannot be
 * played against each other), and each group is solved on its own, with its basis kept from one
 * objective to the next. The bounds of the LP relaxation are rounded inwards to integers; the
 * release's relations are sums along hierarchies (network matrices), whose LP vertices are integer,
 * so rounding loses nothing that integer programming would find there.
 */
import highsLoader from 'highs'
import { costOf, lowerBound, relationsByItem, type Sensitive } from './stats.protection.js'
import type { ReleaseModel } from './stats.release.js'

type Solver = Awaited<ReturnType<typeof highsLoader>>
let solver: Promise<Solver> | undefined
const highs = () => (solver ??= highsLoader())

export interface Disclosure {
  item: number
  cell: string
  kind: string
  value: number
  /** What a reader can know: the least and greatest value the published figures allow. */
  min: number
  max: number
  need: number
}

export interface AuditReport {
  /** Sensitive items checked. */
  checked: number
  disclosures: Disclosure[]
  /** Linear programs solved. */
  solves: number
  /** Independent groups of hidden items. */
  groups: number
}

/**
 * The independent groups of hidden items (union-find over hidden items sharing a relation): the
 * sensitive items, the relations and the hidden members of each; a sensitive item published anyway
 * is a group of its own, numbered below zero.
 */
function groupsOf(model: ReleaseModel, unknown: (i: number) => boolean, sensitive: Sensitive[]) {
  const { items, relations } = model
  const parent = new Int32Array(items.length).map((_, i) => i)
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!
      i = parent[i]!
    }
    return i
  }
  for (const r of relations) {
    const hiddenTerms = r.terms.filter((t) => unknown(t.item))
    for (let k = 1; k < hiddenTerms.length; k++) {
      const a = find(hiddenTerms[0]!.item)
      const b = find(hiddenTerms[k]!.item)
      if (a !== b) parent[a] = b
    }
  }
  const bySensitive = new Map<number, Sensitive[]>()
  for (const s of sensitive) {
    if (!unknown(s.item)) {
      // Published although sensitive: given away outright.
      bySensitive.set(-1 - s.item, [s])
      continue
    }
    const g = find(s.item)
    const list = bySensitive.get(g)
    if (list) list.push(s)
    else bySensitive.set(g, [s])
  }
  const relationsOf = new Map<number, number[]>()
  relations.forEach((r, k) => {
    const t = r.terms.find((x) => unknown(x.item))
    if (!t) return
    const g = find(t.item)
    const list = relationsOf.get(g)
    if (list) list.push(k)
    else relationsOf.set(g, [k])
  })

  const membersOf = new Map<number, number[]>()
  for (let i = 0; i < items.length; i++) {
    if (!unknown(i)) continue
    const g = find(i)
    const list = membersOf.get(g)
    if (list) list.push(i)
    else membersOf.set(g, [i])
  }
  return { find, bySensitive, relationsOf, membersOf }
}

/** Audits what a release publishes: the tightest interval of every sensitive hidden item. */
export async function audit(
  model: ReleaseModel,
  hidden: Uint8Array,
  sensitive: Sensitive[],
  /** Only the groups holding one of these items (after a change): the others were audited already. */
  focus?: Set<number>,
): Promise<AuditReport> {
  const lib = await highs()
  const { items, relations } = model
  const unknown = (i: number) => (items[i]!.slack ? !items[i]!.known : hidden[i] === 1)

  const { find, bySensitive, relationsOf, membersOf } = groupsOf(model, unknown, sensitive)
  const disclosures: Disclosure[] = []
  let solves = 0
  const report = (s: Sensitive, min: number, max: number) => {
    const it = items[s.item]!
    const lo = Math.ceil(min - 1e-6)
    const hi = max === Infinity ? Infinity : Math.floor(max + 1e-6)
    if (hi - lo < s.need) {
      disclosures.push({
        item: s.item,
        cell: model.cells[it.cell]!.id,
        kind: it.kind,
        value: it.value,
        min: lo,
        max: hi,
        need: s.need,
      })
    }
  }
  const focusGroups = focus ? new Set([...focus].filter((i) => unknown(i)).map(find)) : undefined
  for (const [group, wanted] of bySensitive) {
    if (focusGroups && group >= 0 && !focusGroups.has(group)) continue
    if (group < 0) {
      for (const s of wanted) report(s, items[s.item]!.value, items[s.item]!.value)
      continue
    }
    const members = membersOf.get(group) ?? []
    const column = new Map(members.map((i, k) => [i, k]))
    const rows = relationsOf.get(group) ?? []
    const starts = [0]
    const indices: number[] = []
    const values: number[] = []
    const rhs: number[] = []
    for (const k of rows) {
      let constant = 0
      for (const t of relations[k]!.terms) {
        const col = column.get(t.item)
        if (col === undefined) constant += t.coef * items[t.item]!.value
        else {
          indices.push(col)
          values.push(t.coef)
        }
      }
      starts.push(indices.length)
      rhs.push(-constant)
    }
    const model_ = lib.createModel({
      numCols: members.length,
      numRows: rows.length,
      colCost: new Array<number>(members.length).fill(0),
      colLower: members.map((i) => lowerBound(model, i)),
      colUpper: members.map(() => lib.infinity),
      rowLower: rhs,
      rowUpper: rhs,
      matrix: { format: 'csr', numRows: rows.length, numCols: members.length, starts, indices, values },
    })
    try {
      model_.options.set({ output_flag: false })
      const { minimize, maximize } = lib.constants.objectiveSense
      const { optimal, unbounded, unboundedOrInfeasible } = lib.constants.modelStatus
      // Every solution is a set of values the published figures allow: an item seen at values far
      // enough apart is protected, and needs no program of its own.
      const seenLo = members.map((i) => items[i]!.value)
      const seenHi = members.map((i) => items[i]!.value)
      const learn = () => {
        const x = model_.getSolution().colValue
        for (let k = 0; k < members.length; k++) {
          const v = x[k]!
          if (v < seenLo[k]!) seenLo[k] = v
          if (v > seenHi[k]!) seenHi[k] = v
        }
      }
      for (const s of wanted) {
        const col = column.get(s.item)!
        const value = items[s.item]!.value
        if (Math.floor(seenHi[col]! + 1e-6) - Math.ceil(seenLo[col]! - 1e-6) >= s.need) continue
        model_.changeColCost(col, 1)
        // The greatest value first: when it is far enough from the true one, that settles it.
        model_.changeObjectiveSense(maximize)
        const run = model_.run()
        solves++
        const status = run.modelStatus
        let max = Infinity
        if (status === optimal) {
          max = model_.getObjectiveValue()
          learn()
        } else if (status !== unbounded && status !== unboundedOrInfeasible) max = Infinity
        let min = value
        if (Math.floor(max + 1e-6) - value < s.need) {
          model_.changeObjectiveSense(minimize)
          model_.run()
          solves++
          min = model_.getObjectiveValue()
          learn()
        }
        model_.changeColCost(col, 0)
        report(s, min, max)
      }
    } finally {
      model_.dispose()
    }
  }
  disclosures.sort((a, b) => a.item - b.item)
  return { checked: sensitive.length, disclosures, solves, groups: bySensitive.size }
}

/**
 * The loop statistical offices run after a heuristic: audit, and while the LP attacker pins a
 * sensitive item, hide the cheapest published item sharing a relation with it (zeros first: a
 * published zero beside a hidden cell is what gives it away most often), then audit again the
 * groups that changed. Returns the last audit of those groups.
 */
export async function refine(
  model: ReleaseModel,
  hidden: Uint8Array,
  sensitive: Sensitive[],
  hide: (item: number) => void,
  maxRounds = 12,
): Promise<{ rounds: number; disclosures: Disclosure[] }> {
  let report = await audit(model, hidden, sensitive)
  let rounds = 0
  const relationsOf = relationsByItem(model)
  while (report.disclosures.length && rounds < maxRounds) {
    rounds++
    const focus = new Set<number>()
    for (const d of report.disclosures) {
      // The cheapest published item sharing a relation with the disclosed one; when its relations
      // publish nothing more, those of the hidden items next to it (up to three steps away).
      let best: { item: number; cost: number } | undefined
      const seen = new Set<number>([d.item])
      let frontier = [d.item]
      for (let depth = 0; depth < 4 && frontier.length && !best; depth++) {
        const next: number[] = []
        for (const item of frontier) {
          for (const r of relationsOf[item]!) {
            const rel = model.relations[r]!
            for (const t of rel.terms) {
              const it = model.items[t.item]!
              if (seen.has(t.item)) continue
              if (it.slack ? !it.known : hidden[t.item]) {
                seen.add(t.item)
                next.push(t.item)
                continue
              }
              if (it.slack) continue
              const cost = costOf(model, t.item) + (rel.kind === null ? 0.5 : 0)
              if (!best || cost < best.cost || (cost === best.cost && t.item < best.item)) best = { item: t.item, cost }
            }
          }
        }
        frontier = next
      }
      focus.add(d.item)
      if (best) {
        hide(best.item)
        focus.add(best.item)
      }
    }
    report = await audit(model, hidden, sensitive, focus)
  }
  return { rounds, disclosures: report.disclosures }
}
