// The SQL that counts a placement query's population: the plan (what is counted, broken down how),
// the source that answers it (a cube, the facts kept on write, or the records resolved at read time)
// and the query for each. No database here: the repository runs what these build.
import { isDeepStrictEqual } from 'node:util'
import { sql, type SQL } from 'drizzle-orm'
import type { Checkpoint, MetricRules, OutcomeCategory, StatsBasis, StatsDimension } from '@trajectoires/contract'
import { addDays } from '@trajectoires/contract/rules'
import { firstOfMonth, maturityMonths, type CellCounts } from './stats.math.js'
import { countsEverySource, cubesServe, factsServe } from './stats.definitions.js'

/**
 * Breakdown dimensions: the public ones, the cohorts' start year (for the funnel), and the source of
 * the observation each member's checkpoint resolves to (the response rate by source; facts or records).
 */
export type Dimension = StatsDimension | 'cohortYear' | 'source'

/** Where the population's rows come from. */
export type Source = 'cube' | 'facts' | 'exact'

export interface AggregatePlan {
  rules: MetricRules
  checkpoint: Checkpoint
  /** Exit reasons the basis keeps; null: every member. */
  basisReasons: readonly string[] | null
  campusId: string | null
  cohortId: string | null
  /** Inclusive ISO days. */
  exitFrom: string | null
  exitTo: string | null
  dimensions: readonly Dimension[]
  /** null: the records as they stand, from the tables kept on write; a moment: resolved at read time. */
  asOf: Date | null
  /** The day (UTC) maturity is judged on. */
  day: string
  /** Forces a source, for tests and measurements; `auto` picks the fastest that serves the plan. */
  strategy?: 'auto' | 'facts' | 'exact'
}

/** What a plan needs of a normalised placement query. */
export interface PlanQuery {
  basis: StatsBasis
  checkpoint: Checkpoint
  campusId: string | null
  cohortId: string | null
  exitFrom: string | null
  exitTo: string | null
  asOf: string | null
}

/** The plan of a placement query under a metric's rules, broken down by `dimensions`. */
export function planOf(
  q: PlanQuery,
  rules: MetricRules,
  dimensions: readonly Dimension[],
  day: string,
  strategy?: AggregatePlan['strategy'],
): AggregatePlan {
  return {
    rules,
    checkpoint: q.checkpoint,
    basisReasons: rules.bases[q.basis].exitReasons,
    campusId: q.campusId,
    cohortId: q.cohortId,
    exitFrom: q.exitFrom,
    exitTo: q.exitTo,
    dimensions,
    asOf: q.asOf ? new Date(q.asOf) : null,
    day,
    ...(strategy ? { strategy } : {}),
  }
}

export interface AggregateRow {
  /** Values of the plan's dimensions as text; null where the row aggregates over that dimension. */
  key: Array<string | null>
  /** Bit i set: aggregated over dimension i (0 for the cells, all bits for the total). */
  grouping: number
  counts: CellCounts
}

const demography: readonly Dimension[] = ['sex', 'qpv', 'diplomaAtEntry', 'referrer']

/** Quotes a value of a metric definition (trusted data, but quoted all the same) as an SQL literal. */
const literal = (value: string) => sql.raw(`'${value.replace(/'/g, "''")}'`)
const literals = (values: readonly string[]) => sql.join(values.map(literal), sql`, `)
const within = (column: SQL, values: readonly string[]) =>
  values.length === 0 ? sql`false` : sql`${column} in (${literals(values)})`

/** The categories a definition can put a member in. */
export function categoriesOf(rules: MetricRules): OutcomeCategory[] {
  return [...new Set([...rules.categories.map((c) => c.category), rules.categoryWithoutObservation])]
}

/** The CASE that classifies a resolved observation, from the definition's rules (first match wins). */
function categorySql(rules: MetricRules, situation: SQL, contract: SQL, months: SQL): SQL {
  const whens = rules.categories.map((r) => {
    const conditions = [within(situation, r.situations)]
    if (r.contractTypes) conditions.push(within(contract, r.contractTypes))
    if (r.minContractMonths !== null) conditions.push(sql`${months} >= ${sql.raw(String(r.minContractMonths))}`)
    return sql`when ${sql.join(conditions, sql` and `)} then ${literal(r.category)}`
  })
  return sql`case ${sql.join(whens, sql` `)} else ${literal(rules.categoryWithoutObservation)} end`
}

/** Each dimension in its own type (uuid, integer, text): grouping on them is cheaper than on text. */
const dimensionSql: Record<Source, Partial<Record<Dimension, string>>> = {
  cube: {
    campus: 'campus_id',
    exitYear: 'extract(year from exit_month)::int',
    sex: 'sex',
    qpv: 'qpv',
    diplomaAtEntry: 'diploma_at_entry',
    referrer: 'referrer',
  },
  facts: {
    campus: 'f.campus_id',
    cohort: 'f.cohort_id',
    exitYear: 'extract(year from f.exit_date)::int',
    sex: 'f.sex',
    qpv: "coalesce(f.qpv_resident::text, 'unknown')",
    diplomaAtEntry: 'f.diploma_at_entry',
    referrer: 'f.referrer',
    cohortYear: 'extract(year from k.start_date)::int',
    source: 'src.source',
  },
  exact: {
    campus: 'm.campus_id',
    cohort: 'm.cohort_id',
    exitYear: 'extract(year from m.exit_date)::int',
    sex: 'm.sex',
    qpv: "coalesce(m.qpv_resident::text, 'unknown')",
    diplomaAtEntry: 'm.diploma_at_entry',
    referrer: 'm.referrer',
    cohortYear: 'extract(year from m.start_date)::int',
    source: 'r.source',
  },
}

function dims(source: Source, dimensions: readonly Dimension[]): SQL[] {
  return dimensions.map((d, i) => sql.raw(`${dimensionSql[source][d]} as d${i}`))
}

/** Which cube answers a plan, if any (the smallest that has every dimension and filter it needs). */
function cubeFor(plan: AggregatePlan): 'stats_cube_network' | 'stats_cube_campus' | 'stats_cube_demography' | null {
  if (plan.cohortId || plan.dimensions.some((d) => d === 'cohort' || d === 'cohortYear' || d === 'source')) return null
  const byProfile = plan.dimensions.some((d) => demography.includes(d))
  const byCampus = plan.campusId !== null || plan.dimensions.includes('campus')
  if (byCampus && byProfile) return null
  if (byCampus) return 'stats_cube_campus'
  if (byProfile) return 'stats_cube_demography'
  return 'stats_cube_network'
}

/** The source a plan is answered from. */
export function sourceOf(plan: AggregatePlan): Source {
  const strategy = plan.strategy ?? 'auto'
  if (plan.asOf !== null || strategy === 'exact' || !factsServe(plan.rules)) return 'exact'
  const basisServed = plan.basisReasons === null || isDeepStrictEqual(plan.basisReasons, ['completed'])
  if (strategy === 'facts' || !cubesServe(plan.rules) || !basisServed || cubeFor(plan) === null) return 'facts'
  return 'cube'
}

/**
 * The population's members from the facts kept on write, or resolved now from the records,
 * counted by dimensions and exit reason: members, mature members, members by category.
 */
function memberCounts(plan: AggregatePlan, source: 'facts' | 'exact', extra: SQL | undefined): SQL {
  const rules = plan.rules
  const cp = plan.checkpoint
  const rule = rules.checkpoints[cp]
  const grace = sql.raw(String(rules.maturity.graceDays))
  const categories = categoriesOf(rules)
  // The facts (f); or the records (e, c), read through the members subquery (m).
  const t = source === 'facts' ? 'f' : 'e'
  const filters: SQL[] = [sql`true`]
  if (source === 'facts') {
    if (plan.campusId) filters.push(sql`f.campus_id = ${plan.campusId}`)
    if (plan.cohortId) filters.push(sql`f.cohort_id = ${plan.cohortId}`)
  } else {
    filters.push(sql`e.integration_confirmed_on is not null and e.exit_date is not null`)
    if (plan.campusId) filters.push(sql`c.campus_id = ${plan.campusId}`)
    if (plan.cohortId) filters.push(sql`e.cohort_id = ${plan.cohortId}`)
  }
  const exitDate = sql.raw(`${t}.exit_date`)
  if (plan.exitFrom) filters.push(sql`${exitDate} >= ${plan.exitFrom}::date`)
  if (plan.exitTo) filters.push(sql`${exitDate} <= ${plan.exitTo}::date`)
  if (plan.basisReasons) filters.push(within(sql.raw(`coalesce(${t}.exit_reason, '')`), plan.basisReasons))
  if (extra) filters.push(extra)

  let from: SQL
  let where: SQL
  let category: SQL
  let due: SQL
  if (source === 'facts') {
    const col = (name: string) => sql.raw(`f.${cp}_${name}`)
    // The facts carry each checkpoint's date, and its category as the cubes count it.
    due = col('due')
    category = cubesServe(rules)
      ? col('category')
      : categorySql(rules, col('situation'), col('contract_type'), col('contract_months'))
    from = plan.dimensions.includes('cohortYear')
      ? sql`stats_facts f join cohorts k on k.id = f.cohort_id`
      : sql`stats_facts f`
    if (plan.dimensions.includes('source'))
      from = sql`${from} left join outcome_observations src on src.id = ${col('observation_id')}`
    where = sql.join(filters, sql` and `)
  } else {
    // Read-time resolution, set-based: the members, and for each the observation the rules choose
    // among those known at asOf (the same choice as `stats_resolve`, which the triggers use).
    const w = rule.window
    const n = (v: number) => sql.raw(String(v))
    const asOf = sql`${(plan.asOf ?? new Date()).toISOString()}::timestamptz`
    const offset = (o: { months: number; days: number }) =>
      sql`(e.exit_date + make_interval(months => ${n(o.months)}, days => ${n(o.days)}))::date`
    const dueOf = (alias: string) =>
      sql`(${sql.raw(alias)}.exit_date + make_interval(months => ${n(rule.dueMonths)}))::date`
    due = dueOf('m')
    category = categorySql(rules, sql`r.situation`, sql`r.contract_type`, sql`r.contract_months`)
    // A definition that names the sources it counts ignores the others (the facts count every source).
    const named = rules.observation.sources
    const sources = named && !countsEverySource(rules) ? sql` and ${within(sql`o.source`, named)}` : sql``
    // Cohorts and learners are joined only when a filter or dimension reads them (every enrolment has
    // both: joining them changes no count, but at 1,000,000 enrolments hashing learners cost a second).
    const needsCohort = plan.campusId !== null || plan.dimensions.some((d) => d === 'campus' || d === 'cohortYear')
    const needsLearner = plan.dimensions.some((d) => demography.includes(d))
    const members = [
      sql`e.id, e.cohort_id, e.exit_date, e.exit_reason`,
      ...(needsCohort ? [sql`c.campus_id, c.start_date`] : []),
      ...(needsLearner ? [sql`l.sex, l.qpv_resident, l.diploma_at_entry, l.referrer`] : []),
    ]
    const records = sql`enrolments e${needsCohort ? sql` join cohorts c on c.id = e.cohort_id` : sql``}`
    from = sql`(select ${sql.join(members, sql`, `)}
      from ${records}${needsLearner ? sql` join learners l on l.id = e.learner_id` : sql``}
      where ${sql.join(filters, sql` and `)}) m
      left join (
        select distinct on (o.enrolment_id) o.enrolment_id, o.situation, o.contract_type, o.contract_months${
          plan.dimensions.includes('source') ? sql`, o.source` : sql``
        }
        from ${records}
        join outcome_observations o on o.enrolment_id = e.id
        where ${sql.join(filters, sql` and `)}
          and o.checkpoint = ${literal(cp)} and o.recorded_at <= ${asOf}${sources}
          and o.observed_on >= ${offset(w.from)} and o.observed_on <= ${offset(w.to)}
          and not exists (select 1 from outcome_observations s where s.supersedes_id = o.id and s.recorded_at <= ${asOf})
        order by o.enrolment_id,
          o.situation in (${literals(rules.observation.uninformativeSituations)}),
          abs(o.observed_on - ${dueOf('e')}),
          coalesce(o.contract_type in (${literals(rules.observation.openEndedContracts)}), false) desc,
          o.contract_months desc nulls last, o.recorded_at desc, o.id desc
      ) r on r.enrolment_id = m.id`
    where = sql`true`
  }
  const o = source === 'facts' ? 'f' : 'm'
  const columns = [
    ...dims(source, plan.dimensions),
    sql`${within(sql.raw(`coalesce(${o}.exit_reason, '')`), rules.excluded.exitReasons)} as excluded`,
    sql`${due} + ${grace} <= ${plan.day}::date as matured`,
    sql`${category} as category`,
  ]
  const inner = sql`select ${sql.join(columns, sql`, `)} from ${from} where ${where}`
  const keys = plan.dimensions.map((_, i) => sql.raw(`d${i}`))
  const outer = [
    ...keys,
    sql`count(*)::int as n`,
    sql`count(*) filter (where excluded)::int as excluded`,
    sql`count(*) filter (where matured and not excluded)::int as matured`,
    ...categories.map(
      (c) => sql`count(*) filter (where category = ${literal(c)} and not excluded)::int as ${sql.raw(`c_${c}`)}`,
    ),
  ]
  const groupBy = keys.length ? sql` group by ${sql.join(keys, sql`, `)}` : sql``
  return sql`select ${sql.join(outer, sql`, `)} from (${inner}) m${groupBy}`
}

/** Rows of a cube for whole months: mature before `mature`, not from `immature` (months between left out). */
function cubeRows(
  plan: AggregatePlan,
  table: string,
  range: { start: string | null; end: string | null; mature: string; immature: string },
): SQL {
  const filters: SQL[] = [
    sql`checkpoint = ${plan.checkpoint}`,
    sql`(exit_month < ${range.mature}::date or exit_month >= ${range.immature}::date)`,
  ]
  if (range.start) filters.push(sql`exit_month >= ${range.start}::date`)
  if (range.end) filters.push(sql`exit_month < ${range.end}::date`)
  if (plan.campusId) filters.push(sql`campus_id = ${plan.campusId}`)
  // Entrants: every reason class; completers: the completed ones (see `cubesServe`).
  const classes = plan.basisReasons ? ['completed'] : ['completed', 'other']
  const plus = (column: string) => sql.raw(classes.map((r) => `${r}_${column}`).join(' + '))
  const members = plus('n')
  const columns = [
    ...dims('cube', plan.dimensions),
    plan.basisReasons ? sql`completed_n as n` : sql`completed_n + other_n + excluded_n as n`,
    plan.basisReasons ? sql`0 as excluded` : sql`excluded_n as excluded`,
    sql`case when exit_month < ${range.mature}::date then ${members} else 0 end as matured`,
    ...categoriesOf(plan.rules).map((c) => sql`${plus(c)} as ${sql.raw(`c_${c}`)}`),
  ]
  return sql`select ${sql.join(columns, sql`, `)} from ${sql.raw(table)} where ${sql.join(filters, sql` and `)}`
}

/**
 * The population, counted: from a cube for the whole months it covers whose maturity is certain
 * on the day (all mature, or none), from the facts for the rest (the few months around the maturity
 * boundary, and the partial months at the ends of an exit period).
 */
export function populationCounts(plan: AggregatePlan): { source: Source; query: SQL } {
  const source = sourceOf(plan)
  if (source === 'exact') return { source, query: memberCounts(plan, 'exact', undefined) }
  const table = cubeFor(plan)
  if (source === 'facts' || !table) return { source: 'facts', query: memberCounts(plan, 'facts', undefined) }
  const due = plan.rules.checkpoints[plan.checkpoint].dueMonths
  const grace = plan.rules.maturity.graceDays
  const { mature, immature } = maturityMonths(plan.day, due, grace)
  const start = plan.exitFrom ? (plan.exitFrom.endsWith('-01') ? plan.exitFrom : nextMonth(plan.exitFrom)) : null
  let end: string | null = null
  if (plan.exitTo) {
    const after = addDays(plan.exitTo, 1)
    end = after.endsWith('-01') ? after : firstOfMonth(plan.exitTo)
  }
  const rest: SQL[] = [sql`(f.exit_date >= ${mature}::date and f.exit_date < ${immature}::date)`]
  if (start) rest.push(sql`f.exit_date < ${start}::date`)
  if (end) rest.push(sql`f.exit_date >= ${end}::date`)
  return {
    source,
    query: sql`${cubeRows(plan, table, { start, end, mature, immature })}
      union all ${memberCounts(plan, 'facts', sql`(${sql.join(rest, sql` or `)})`)}`,
  }
}

/** The first day of the month after `date`'s. */
function nextMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10)
}
