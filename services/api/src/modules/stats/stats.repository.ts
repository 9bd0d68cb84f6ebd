import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import { recordedObservationSources, type MetricRules } from '@trajectoires/contract'
import { rows, type Database, type Executor } from '../../db/client.js'
import { mapInTurns } from '../../lib/turns.js'
import { campuses, cohorts, dataVersion, metricDefinitions, snapshots } from '../../db/schema/index.js'
import { recordAudit } from '../audit/audit.service.js'
import type { FunnelRow } from './stats.release.js'
import {
  categoriesOf,
  populationCounts,
  type AggregatePlan,
  type AggregateRow,
  type Source,
} from './stats.population.js'

// The plan types and the population's SQL live in stats.population.ts; their users import them from here too.
export {
  planOf,
  sourceOf,
  type AggregatePlan,
  type AggregateRow,
  type Dimension,
  type PlanQuery,
  type Source,
} from './stats.population.js'

export type MetricDefinitionRow = typeof metricDefinitions.$inferSelect
export type SnapshotRow = typeof snapshots.$inferSelect
type SnapshotInsert = typeof snapshots.$inferInsert

/**
 * A definition stored before definitions named the sources they count counts every source (the facts
 * and the read-time resolution never looked at the source): it says so, the stored row unchanged.
 */
function declaredSources(row: MetricDefinitionRow): MetricDefinitionRow {
  const rules = row.definition as MetricRules
  if (rules.observation.sources !== undefined) return row
  const observation = { ...rules.observation, sources: [...recordedObservationSources] }
  return { ...row, definition: { ...rules, observation } }
}

export function createStatsRepository(db: Database) {
  // Read on every statistics request (once per event-loop turn): prepared once.
  const versionsQuery = db
    .select({
      data: dataVersion.version,
      metrics: sql<Record<string, number> | string | null>`(select json_object_agg(id, version)
        from (select id, max(version) as version from metric_definitions group by id) m)`,
    })
    .from(dataVersion)
    .where(eq(dataVersion.id, 1))
    .prepare('stats_versions')

  /** A definition at a version, or its latest version. */
  async function definition(id: string, version?: number, tx: Executor = db): Promise<MetricDefinitionRow | undefined> {
    const where =
      version === undefined
        ? eq(metricDefinitions.id, id)
        : and(eq(metricDefinitions.id, id), eq(metricDefinitions.version, version))
    const [row] = await tx
      .select()
      .from(metricDefinitions)
      .where(where)
      .orderBy(desc(metricDefinitions.version))
      .limit(1)
    return row && declaredSources(row)
  }

  async function aggregate(plan: AggregatePlan, tx: Executor = db): Promise<{ source: Source; rows: AggregateRow[] }> {
    const { source, query } = populationCounts(plan)
    const categories = categoriesOf(plan.rules)
    const names = plan.dimensions.map((_, i) => sql.raw(`d${i}`))
    const sets =
      plan.dimensions.length === 0
        ? sql`()`
        : plan.dimensions.length === 1
          ? sql`(), (d0)`
          : sql`(), (d0), (d1), (d0, d1)`
    const grouping = names.length ? sql`grouping(${sql.join(names, sql`, `)})` : sql`0`
    const columns = [
      ...names.map((name) => sql`${name}::text as ${name}`),
      sql`${grouping}::int as g`,
      sql`coalesce(sum(n), 0)::int as population`,
      sql`coalesce(sum(excluded), 0)::int as excluded`,
      sql`coalesce(sum(matured), 0)::int as matured`,
      ...categories.map((c) => sql`coalesce(sum(${sql.raw(`c_${c}`)}), 0)::int as ${sql.raw(`c_${c}`)}`),
    ]
    const result = await tx.execute(
      sql`select ${sql.join(columns, sql`, `)} from (${query}) s group by grouping sets (${sets})`,
    )
    type Raw = Record<string, string | number | null>
    return {
      source,
      // Up to a few hundred thousand rows for a release: mapped a slice at a time, beside requests.
      rows: await mapInTurns(rows<Raw>(result), (r) => ({
        key: plan.dimensions.map((_, i) => (r[`d${i}`] as string | null) ?? null),
        grouping: Number(r.g),
        counts: {
          population: Number(r.population),
          excluded: Number(r.excluded),
          matured: Number(r.matured),
          categories: Object.fromEntries(categories.map((c) => [c, Number(r[`c_${c}`])])),
        },
      })),
    }
  }

  return {
    aggregate,

    /** Runs `work` on the database directly (one statement is its own consistent snapshot). */
    direct<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
      return work(db)
    },

    /** Runs `work` in one read-only snapshot of the database, without JIT compilation (it costs more than it saves here). */
    read<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
      return db.transaction(
        async (tx) => {
          await tx.execute(sql`set local jit = off`)
          return work(tx)
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      )
    },

    /** The latest version of every metric. */
    async latestDefinitions(tx: Executor = db): Promise<MetricDefinitionRow[]> {
      const result = await tx.execute(sql`select distinct on (id) id from metric_definitions order by id, version desc`)
      const ids = rows<{ id: string }>(result).map((r) => r.id)
      const all: MetricDefinitionRow[] = []
      for (const id of ids) {
        const row = await definition(id, undefined, tx)
        if (row) all.push(row)
      }
      return all
    },

    definition,

    /** The data version (bumped by every write to the records and the definitions), and the latest metric versions. */
    async versions(): Promise<{ data: number; metrics: Record<string, number> }> {
      const [row] = await versionsQuery.execute()
      const metrics =
        typeof row?.metrics === 'string' ? (JSON.parse(row.metrics) as Record<string, number>) : row?.metrics
      return { data: Number(row?.data ?? 0), metrics: metrics ?? {} }
    },

    ...recordReads(db),
    ...snapshotStore(db),

    /** Folds the cubes' delta rows (see `stats_compact` in migration 0005); returns the rows folded. */
    async compact(): Promise<number> {
      return db.transaction(async (tx) => {
        const lock = await tx.execute(sql`select pg_try_advisory_xact_lock(7262019) as ok`)
        if (!rows<{ ok: boolean }>(lock)[0]?.ok) return 0
        const result = await tx.execute(sql`select stats_compact() as folded`)
        return Number(rows<{ folded: number }>(result)[0]?.folded ?? 0)
      })
    },
  }
}

/** The names of the campuses or cohorts `ids`, by id. */
async function namesOf(
  table: typeof campuses | typeof cohorts,
  ids: string[],
  tx: Executor,
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const found = await tx.select({ id: table.id, name: table.name }).from(table).where(inArray(table.id, ids))
  return new Map(found.map((r) => [r.id, r.name]))
}

/** What the statistics read of the records themselves: names, existence, the overview's and the funnel's counts. */
function recordReads(db: Database) {
  return {
    async campusExists(id: string, tx: Executor = db): Promise<boolean> {
      return (await tx.select({ id: campuses.id }).from(campuses).where(eq(campuses.id, id))).length > 0
    },

    async cohortExists(id: string, tx: Executor = db): Promise<boolean> {
      return (await tx.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.id, id))).length > 0
    },

    campusNames: (ids: string[], tx: Executor = db) => namesOf(campuses, ids, tx),

    cohortNames: (ids: string[], tx: Executor = db) => namesOf(cohorts, ids, tx),

    /** The campus of a cohort, when it exists. */
    async cohortCampus(id: string, tx: Executor = db): Promise<string | undefined> {
      const [row] = await tx.select({ campus: cohorts.campusId }).from(cohorts).where(eq(cohorts.id, id))
      return row?.campus
    },

    /** Every cohort: its campus, the year it started and its name (the release's cohort cells). */
    async cohortIndex(tx: Executor = db) {
      const result = await tx.execute(sql`
      select id::text as id, campus_id::text as campus, extract(year from start_date)::int as start_year, name
      from cohorts`)
      return rows<{ id: string; campus: string; start_year: number; name: string }>(result)
    },

    /** Every campus, with what the overview shows of it. */
    async campusesOverview(tx: Executor = db) {
      return tx
        .select({
          id: campuses.id,
          name: campuses.name,
          status: campuses.status,
          yearlyCapacity: campuses.yearlyCapacity,
        })
        .from(campuses)
        .orderBy(campuses.searchKey, campuses.id)
    },

    /** Entrants (integration confirmed) and completions by campus and year. */
    async yearlyFlows(tx: Executor = db) {
      const result = await tx.execute(sql`
      select c.campus_id::text as campus, y.year, sum(y.entrant)::int as entrants, sum(y.completion)::int as completions
      from enrolments e
      join cohorts c on c.id = e.cohort_id
      cross join lateral (values
        (extract(year from e.integration_confirmed_on)::int, 1, 0),
        (case when e.exit_reason = 'completed' then extract(year from e.exit_date)::int end, 0, 1)
      ) as y(year, entrant, completion)
      where y.year is not null and (e.integration_confirmed_on is not null or e.exit_reason = 'completed')
      group by 1, 2`)
      return rows<{ campus: string; year: number; entrants: number; completions: number }>(result)
    },

    /** Intake profile of the entrants, by campus. */
    async intake(tx: Executor = db) {
      const result = await tx.execute(sql`
      select c.campus_id::text as campus, count(*)::int as entrants,
        count(*) filter (where l.qpv_resident)::int as qpv,
        count(*) filter (where l.diploma_at_entry = 'none')::int as no_diploma,
        count(*) filter (where l.neet_at_entry)::int as neet,
        count(*) filter (where l.sex = 'female')::int as women
      from enrolments e join cohorts c on c.id = e.cohort_id join learners l on l.id = e.learner_id
      where e.integration_confirmed_on is not null
      group by 1`)
      return rows<{ campus: string; entrants: number; qpv: number; no_diploma: number; neet: number; women: number }>(
        result,
      )
    },

    /** The stages of the funnel by campus and cohort start year. */
    async funnel(filters: { campusId: string | null; year: number | null }, tx: Executor = db) {
      const where: SQL[] = [sql`true`]
      if (filters.campusId) where.push(sql`c.campus_id = ${filters.campusId}`)
      if (filters.year !== null) where.push(sql`extract(year from c.start_date)::int = ${filters.year}`)
      const result = await tx.execute(sql`
      select c.campus_id::text as campus, extract(year from c.start_date)::int as year,
        count(*)::int as applied,
        count(*) filter (where e.stage not in ('applied', 'jury_rejected'))::int as past_jury,
        count(*) filter (where e.stage in ('enrolled', 'in_training', 'completed')
          or (e.stage = 'withdrawn' and e.exit_reason is not null))::int as enrolled,
        count(*) filter (where e.integration_confirmed_on is not null)::int as integration_confirmed,
        count(*) filter (where e.exit_reason = 'completed')::int as completed
      from enrolments e join cohorts c on c.id = e.cohort_id
      where ${sql.join(where, sql` and `)}
      group by 1, 2`)
      return rows<FunnelRow>(result)
    },
  }
}

/** The stored snapshots (a query's answer kept under a label). */
function snapshotStore(db: Database) {
  return {
    /** Stores a snapshot and records its creation in the audit trail, in one transaction. */
    async insertSnapshot(values: SnapshotInsert): Promise<SnapshotRow> {
      return db.transaction(async (tx) => {
        const [row] = await tx.insert(snapshots).values(values).returning()
        const { label, metricId, metricVersion, query, asOf } = row!
        await recordAudit(tx, {
          action: 'create',
          resourceType: 'snapshot',
          resourceId: row!.id,
          changes: { after: { label, metricId, metricVersion, query, asOf: asOf.toISOString() } },
        })
        return row!
      })
    },

    async snapshot(id: string, tx: Executor = db): Promise<SnapshotRow | undefined> {
      const [row] = await tx.select().from(snapshots).where(eq(snapshots.id, id))
      return row
    },

    /** Snapshots newest first, after a (createdAt, id) cursor. */
    async snapshots(
      options: { metric?: string | undefined; after?: { createdAt: Date; id: string } | undefined; limit: number },
      tx: Executor = db,
    ): Promise<SnapshotRow[]> {
      const where: SQL[] = []
      if (options.metric) where.push(eq(snapshots.metricId, options.metric))
      if (options.after) {
        where.push(
          or(
            lt(snapshots.createdAt, options.after.createdAt),
            and(eq(snapshots.createdAt, options.after.createdAt), lt(snapshots.id, options.after.id)),
          )!,
        )
      }
      return tx
        .select()
        .from(snapshots)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(snapshots.createdAt), desc(snapshots.id))
        .limit(options.limit + 1)
    },
  }
}

export type StatsRepository = ReturnType<typeof createStatsRepository>
