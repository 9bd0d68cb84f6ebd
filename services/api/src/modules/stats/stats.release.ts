/**
 * The statistics release: one set of linked tables, computed together from the records, from which
 * every answer for a viewer who may not see small numbers is read (issue: "protect the publication,
 * not each answer").
 *
 * A release is a list of **cells** (network, exit year, campus, campus × exit year, cohort × exit
 * year, campus × cohort start year, network × cohort start year, and the network by sex, QPV,
 * diploma and referrer). Each cell carries **items**: counts of people (population, excluded,
 * denominator, the numerators of the three published metrics, unknown, completions, the funnel's
 * stages, the intake profile). **Relations** say which items add up to which: a parent cell's item
 * is the sum of its children's (the campus is the sum of its years, the year the sum of its
 * campuses…), and within a cell (population = excluded + denominator…). A reader of the public
 * answers knows every relation; what protects a hidden item is that the relations leave it a range
 * of values (stats.protection.ts chooses what to hide, stats.audit.ts checks it with an LP solver).
 *
 * This file only builds the cells and relations from aggregated counts: pure, no database.
 */
import type { MetricRules } from '@trajectoires/contract'
import { turns } from '../../lib/turns.js'
import { figures, type CellCounts } from './stats.math.js'

/**
 * Items of a cell that the public answers can show:
 * P population (exited entrants, integration confirmed); X excluded (moved away, long illness,
 * deceased, incarcerated); D members not excluded (the denominator of r_positive and r_lasting);
 * Np positive exits (employed, work-study, qualifying training); Ne employed; Nl lasting employment;
 * T work-study or qualifying training (out of r_employment's denominator); U situation unknown;
 * C completions (exit reason `completed`); FA applied; FJ past the jury; FE entered the training;
 * FC integration confirmed; FD completed (funnel); QV QPV residents, ND no diploma, NT NEET,
 * WO women, among confirmed entrants.
 */
const placementKinds = ['P', 'X', 'D', 'Np', 'Ne', 'Nl', 'T', 'U', 'C'] as const
const funnelKinds = ['FA', 'FJ', 'FE', 'FC', 'FD'] as const
const intakeKinds = ['QV', 'ND', 'NT', 'WO'] as const
type PlacementKind = (typeof placementKinds)[number]
type FunnelKind = (typeof funnelKinds)[number]
type IntakeKind = (typeof intakeKinds)[number]
type PublishedKind = PlacementKind | FunnelKind | IntakeKind
/**
 * Items no answer shows, but that the relations need: the rest of a denominator (job seeking,
 * inactive), employed on short contracts, members who did not complete, the funnel's drop-outs
 * between stages, people of a cohort year not (yet) in the population, and the complement of each
 * intake count.
 */
type SlackKind = 'R' | 'Eo' | 'NC' | 'J1' | 'J2' | 'J3' | 'KC' | 'KD' | 'KW' | 'KQ' | 'KN' | `${IntakeKind}c`
export type ItemKind = PublishedKind | SlackKind

/** The kinds of cell, each a table of the release. */
type CellTable =
  | 'network'
  | 'exitYear'
  | 'campus'
  | 'campusYear'
  | 'cohortYear'
  | 'startYear'
  | 'networkStartYear'
  | 'sex'
  | 'qpv'
  | 'diplomaAtEntry'
  | 'referrer'

export const demographicTables = ['sex', 'qpv', 'diplomaAtEntry', 'referrer'] as const
export type DemographicTable = (typeof demographicTables)[number]

export interface Cell {
  id: string
  table: CellTable
  campus: string | null
  cohort: string | null
  /** Exit year (placement tables) or cohort start year (startYear tables). */
  year: number | null
  /** The value of a demographic dimension, as text (`null`: not stated). */
  value: string | null
  /** Members past the checkpoint date plus grace (for maturity; not an item). */
  matured: number
  /** Whether a public answer lists this cell as a group (a reader then knows it is not empty). */
  listed: boolean
  /** Every count of the cell, as computed (what network staff see). */
  values: Partial<Record<ItemKind, number>>
}

export interface Item {
  index: number
  cell: number
  kind: ItemKind
  value: number
  /** A slack: no answer shows it; a `known` slack is one a careful reader can be assumed to know (it is 0). */
  slack: boolean
  known: boolean
}

/** `Σ coef × item = 0`. */
interface Relation {
  terms: Array<{ item: number; coef: 1 | -1 }>
  /** The item kind of a relation between cells (parent = Σ children); null within a cell. */
  kind: ItemKind | null
}

export interface ReleaseModel {
  cells: Cell[]
  items: Item[]
  relations: Relation[]
  /** Item index by cell (its position in `cells`) and kind. */
  cellItems: Array<Partial<Record<ItemKind, number>>>
  cellIndex: Map<string, number>
}

/** The funnel's stages for one campus and cohort start year. */
export interface FunnelRow {
  campus: string
  year: number
  applied: number
  past_jury: number
  enrolled: number
  integration_confirmed: number
  completed: number
}

/** Aggregated counts a release is built from (unprotected). */
export interface ReleaseInputs {
  rules: { positive: MetricRules; employment: MetricRules; lasting: MetricRules }
  /** Placement counts by cohort and exit year (entrants basis, six months). */
  cohortYears: Array<{ cohort: string; year: number; counts: CellCounts; completed: number }>
  /** Placement counts by a demographic value (network, all exit years). */
  demography: Record<DemographicTable, Array<{ value: string | null; counts: CellCounts; completed: number }>>
  cohorts: Map<string, { campus: string; startYear: number }>
  campuses: string[]
  /** Funnel stages by campus and cohort start year. */
  funnel: FunnelRow[]
  /** Intake counts among confirmed entrants, by campus. */
  intake: Array<{ campus: string; entrants: number; qpv: number; no_diploma: number; neet: number; women: number }>
}

type Values = Partial<Record<ItemKind, number>>

function placementValues(counts: CellCounts, completed: number, rules: ReleaseInputs['rules']): Values {
  const positive = figures(counts, rules.positive)
  const employment = figures(counts, rules.employment)
  const lasting = figures(counts, rules.lasting)
  return {
    P: counts.population,
    X: counts.excluded,
    D: positive.members,
    Np: positive.numerator,
    Ne: employment.numerator,
    Nl: lasting.numerator,
    T: employment.removed,
    U: positive.unknown,
    C: completed,
  }
}

const add = (into: Values, from: Values) => {
  for (const k in from) into[k as ItemKind] = (into[k as ItemKind] ?? 0) + from[k as ItemKind]!
}

/** The partitions a cell's children can belong to (a cell can be split several ways). */
const partitionNames = ['cohort', 'year', 'campus', 'startYear', ...demographicTables] as const

type Loop = ReturnType<typeof turns>

/** The cells of a release with their values summed from the counts, and the partitions of each. */
async function cellsOf(inputs: ReleaseInputs, loop: Loop) {
  const cells: Cell[] = []
  const values: Values[] = []
  const cellIndex = new Map<string, number>()
  const cellOf = (id: string, init: Omit<Cell, 'id' | 'matured' | 'listed' | 'values'>): number => {
    let i = cellIndex.get(id)
    if (i === undefined) {
      i = cells.length
      const v: Values = {}
      cells.push({ id, ...init, matured: 0, listed: false, values: v })
      values.push(v)
      cellIndex.set(id, i)
    }
    return i
  }
  const blank = { campus: null, cohort: null, year: null, value: null }
  // Each cell looked up by a number where it can be (string keys of 40 characters cost most here).
  const memo = <K>(make: (key: K) => number) => {
    const seen = new Map<K, number>()
    return (key: K) => {
      let i = seen.get(key)
      if (i === undefined) seen.set(key, (i = make(key)))
      return i
    }
  }
  const network = cellOf('N', { table: 'network', ...blank })
  const year = memo((y: number) => cellOf(`Y:${y}`, { table: 'exitYear', ...blank, year: y }))
  const campus = memo((c: string) => cellOf(`C:${c}`, { table: 'campus', ...blank, campus: c }))
  const byCampusYear = (table: 'campusYear' | 'startYear', prefix: string) => {
    const of = memo((key: string) => {
      const [c, y] = key.split('|') as [string, string]
      return cellOf(`${prefix}:${c}:${y}`, { table, ...blank, campus: c, year: Number(y) })
    })
    return (c: string, y: number) => of(`${c}|${y}`)
  }
  const campusYear = byCampusYear('campusYear', 'CY')
  const startYear = byCampusYear('startYear', 'S')
  const networkStartYear = memo((y: number) => cellOf(`SN:${y}`, { table: 'networkStartYear', ...blank, year: y }))
  for (const c of inputs.campuses) campus(c)

  // Children of each cell, by the partition they belong to (a cell can be split several ways).
  const partitions = new Map<number, Set<number>>()
  const child = (parent: number, partition: (typeof partitionNames)[number], cell: number) => {
    const key = parent * partitionNames.length + partitionNames.indexOf(partition)
    let list = partitions.get(key)
    if (!list) partitions.set(key, (list = new Set()))
    list.add(cell)
  }

  for (const row of inputs.cohortYears) {
    if (loop.due()) await loop.pause()
    const cohort = inputs.cohorts.get(row.cohort)
    if (!cohort) continue
    const v = placementValues(row.counts, row.completed, inputs.rules)
    const k = cellOf(`K:${row.cohort}:${row.year}`, {
      table: 'cohortYear',
      ...blank,
      campus: cohort.campus,
      cohort: row.cohort,
      year: row.year,
    })
    add(values[k]!, v)
    cells[k]!.matured += row.counts.matured
    const ancestors = [
      network,
      year(row.year),
      campus(cohort.campus),
      campusYear(cohort.campus, row.year),
      startYear(cohort.campus, cohort.startYear),
      networkStartYear(cohort.startYear),
    ]
    for (const a of ancestors) {
      add(values[a]!, v)
      cells[a]!.matured += row.counts.matured
    }
    child(campusYear(cohort.campus, row.year), 'cohort', k)
    child(startYear(cohort.campus, cohort.startYear), 'cohort', k)
    child(campus(cohort.campus), 'year', campusYear(cohort.campus, row.year))
    child(year(row.year), 'campus', campusYear(cohort.campus, row.year))
    child(network, 'year', year(row.year))
    child(network, 'campus', campus(cohort.campus))
    child(campus(cohort.campus), 'startYear', startYear(cohort.campus, cohort.startYear))
    child(networkStartYear(cohort.startYear), 'campus', startYear(cohort.campus, cohort.startYear))
    child(network, 'startYear', networkStartYear(cohort.startYear))
  }
  for (const table of demographicTables) {
    for (const row of inputs.demography[table]) {
      const d = cellOf(`D:${table}:${row.value ?? ''}`, { table, ...blank, value: row.value })
      add(values[d]!, placementValues(row.counts, row.completed, inputs.rules))
      cells[d]!.matured += row.counts.matured
      child(network, table, d)
    }
  }
  // Funnel stages by campus and start year, with the campus, start-year and network sums.
  for (const f of inputs.funnel) {
    const s = startYear(f.campus, f.year)
    const v: Values = {
      FA: f.applied,
      FJ: f.past_jury,
      FE: f.enrolled,
      FC: f.integration_confirmed,
      FD: f.completed,
    }
    for (const target of [s, campus(f.campus), networkStartYear(f.year), network]) add(values[target]!, v)
    child(campus(f.campus), 'startYear', s)
    child(networkStartYear(f.year), 'campus', s)
    child(network, 'startYear', networkStartYear(f.year))
    child(network, 'campus', campus(f.campus))
  }
  for (const row of inputs.intake) {
    const v: Values = { QV: row.qpv, ND: row.no_diploma, NT: row.neet, WO: row.women }
    add(values[campus(row.campus)]!, v)
    add(values[network]!, v)
  }

  // Listed cells: the groups a public answer shows (placement groups with somebody in them; funnel
  // groups with an applicant; every campus).
  for (const c of cells) {
    const v = values[cellIndex.get(c.id)!]!
    c.listed =
      c.table === 'network' ||
      c.table === 'campus' ||
      ((c.table === 'startYear' || c.table === 'networkStartYear') && (v.FA ?? 0) > 0) ||
      (v.D ?? 0) > 0
  }
  return { cells, values, cellIndex, partitions, network }
}

/**
 * The items of every cell (zeros included), the relations inside each cell, and the relations
 * between a cell and each partition of it, item kind by item kind.
 */
async function itemsOf(built: Awaited<ReturnType<typeof cellsOf>>, loop: Loop) {
  const { cells, values, cellIndex, partitions, network } = built
  // Items: every kind a cell of its table carries, zeros included (a reader cannot tell a zero
  // from any other hidden value).
  const items: Item[] = []
  const cellItems: Array<Partial<Record<ItemKind, number>>> = cells.map(() => ({}))
  const has = (cell: number, kind: ItemKind) => cellItems[cell]![kind] !== undefined
  const at = (cell: number, kind: ItemKind) => cellItems[cell]![kind]!
  // Cells by cohort start year carry the funnel only: with leavers' counts they would split each
  // campus a second way over the same cohorts, and two crossing sums give a cohort's counts away.
  const placementTables = new Set<CellTable>([
    'network',
    'exitYear',
    'campus',
    'campusYear',
    'cohortYear',
    ...demographicTables,
  ])
  const funnelTables = new Set<CellTable>(['network', 'campus', 'startYear', 'networkStartYear'])
  const intakeTables = new Set<CellTable>(['network', 'campus'])
  const item = (cell: number, kind: ItemKind, value: number, slack = false, known = false) => {
    const i = items.length
    items.push({ index: i, cell, kind, value, slack, known })
    cellItems[cell]![kind] = i
    return i
  }
  const relations: Relation[] = []
  const relate = (parent: number, children: number[], kind: ItemKind | null) =>
    relations.push({
      terms: [{ item: parent, coef: -1 }, ...children.map((c) => ({ item: c, coef: 1 as const }))],
      kind,
    })

  for (let i = 0; i < cells.length; i++) {
    if (loop.due()) await loop.pause()
    const c = cells[i]!
    const v = values[i]!
    const get = (k: ItemKind) => v[k] ?? 0
    const own = (k: ItemKind) => at(i, k)
    if (placementTables.has(c.table)) {
      for (const k of placementKinds) item(i, k, get(k))
      relate(own('P'), [own('X'), own('D')], null)
      relate(own('D'), [own('C'), item(i, 'NC', get('D') - get('C'), true)], null)
      relate(own('D'), [own('Np'), own('U'), item(i, 'R', get('D') - get('Np') - get('U'), true)], null)
      relate(own('Np'), [own('Ne'), own('T')], null)
      relate(own('Ne'), [own('Nl'), item(i, 'Eo', get('Ne') - get('Nl'), true)], null)
    }
    if (funnelTables.has(c.table)) {
      for (const k of funnelKinds) item(i, k, get(k))
      relate(own('FA'), [own('FJ'), item(i, 'J1', get('FA') - get('FJ'), true)], null)
      relate(own('FJ'), [own('FE'), item(i, 'J2', get('FJ') - get('FE'), true)], null)
      relate(own('FE'), [own('FC'), item(i, 'J3', get('FE') - get('FC'), true)], null)
      // Confirmed entrants not (yet) in the population, completions outside it: no answer gives them.
      if (has(i, 'P')) {
        relate(own('FC'), [own('P'), item(i, 'KC', get('FC') - get('P'), true)], null)
        relate(own('FD'), [own('C'), item(i, 'KD', get('FD') - get('C'), true)], null)
      }
    }
    if (intakeTables.has(c.table)) {
      for (const k of intakeKinds) {
        const it = item(i, k, get(k))
        relate(own('FC'), [it, item(i, `${k}c`, get('FC') - get(k), true)], null)
      }
    }
  }
  // The intake counts of the network against the placement breakdowns (people of a demographic
  // group not, or not yet, in the population: known when 0).
  const link = (intake: IntakeKind, cellId: string, kind: SlackKind) => {
    const cell = cellIndex.get(cellId)
    if (cell === undefined) return
    const big = at(network, intake)
    const small = at(cell, 'P')
    const gap = items[big]!.value - items[small]!.value
    relate(big, [small, item(network, kind, gap, true)], null)
  }
  link('WO', 'D:sex:female', 'KW')
  link('QV', 'D:qpv:true', 'KQ')
  link('ND', 'D:diplomaAtEntry:none', 'KN')

  // Relations between cells: each partition of a parent, item kind by item kind.
  for (const [key, set] of partitions) {
    if (loop.due()) await loop.pause()
    const parent = Math.floor(key / partitionNames.length)
    const children = [...set]
    const kinds = new Set<ItemKind>()
    for (const k of [...placementKinds, ...funnelKinds, ...intakeKinds]) {
      if (has(parent, k) && children.every((ch) => has(ch, k))) kinds.add(k)
    }
    for (const k of kinds) {
      relate(
        at(parent, k),
        children.map((ch) => at(ch, k)),
        k,
      )
    }
  }
  return { items, relations, cellItems }
}

/** Builds the cells, items and relations of a release from aggregated counts. */
export async function buildModel(inputs: ReleaseInputs): Promise<ReleaseModel> {
  const loop = turns()
  const built = await cellsOf(inputs, loop)
  const { items, relations, cellItems } = await itemsOf(built, loop)
  return { cells: built.cells, items, relations, cellItems, cellIndex: built.cellIndex }
}

/** The value of a cell's item, or undefined when the cell does not carry it. */
export function itemOf(model: ReleaseModel, cellId: string, kind: ItemKind): Item | undefined {
  const cell = model.cellIndex.get(cellId)
  return cell === undefined ? undefined : itemAt(model, cell, kind)
}

/** The item of the cell at position `cell`, or undefined when the cell does not carry it. */
export function itemAt(model: ReleaseModel, cell: number, kind: ItemKind): Item | undefined {
  const i = model.cellItems[cell]![kind]
  return i === undefined ? undefined : model.items[i]
}
