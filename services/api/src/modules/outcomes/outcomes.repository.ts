import { asc, eq, sql, type SQL } from 'drizzle-orm'
import type { Database, Executor, Transaction } from '../../db/client.js'
import { rows } from '../../db/client.js'
import { campuses, cohorts, enrolments, learners, outcomeObservations } from '../../db/schema/index.js'
import { materialisedObservationRules } from '../stats/stats.definitions.js'

export type ObservationRow = typeof outcomeObservations.$inferSelect
export type ObservationInsert = typeof outcomeObservations.$inferInsert

/** What the outcomes module reads of an enrolment. */
export interface ObservedEnrolment {
  id: string
  exitDate: string | null
  exitReason: string | null
  /** The campus of its cohort. */
  campusId: string
}

/** The observations `where` picks, in the order they were recorded. */
async function observationsWhere(where: SQL, tx: Executor): Promise<ObservationRow[]> {
  return tx
    .select()
    .from(outcomeObservations)
    .where(where)
    .orderBy(asc(outcomeObservations.recordedAt), asc(outcomeObservations.id))
}

/** One follow-up due, as the query returns it (dates as YYYY-MM-DD text). */
export interface FollowUpRow {
  enrolmentId: string
  checkpoint: 'm6' | 'm12'
  exitDate: string
  dueOn: string
  learnerId: string
  learnerReference: string
  cohortId: string
  cohortName: string
  campusId: string
  campusName: string
}

export interface FollowUpBranch {
  checkpoint: 'm6' | 'm12'
  /** Months from exit to the checkpoint date, and to the end of its window. */
  dueMonths: number
  windowEndMonths: number
  /** Sargable bounds on the exit date, computed by the service from dueBefore, the cursor and today. */
  exitOnOrBefore: string
  exitOnOrAfter?: string | undefined
}

export interface FollowUpFilter {
  branches: FollowUpBranch[]
  campusId?: string | undefined
  /** The caller's campuses (access control): only their enrolments; undefined for every campus. */
  campusIds?: readonly string[] | undefined
  cohortId?: string | undefined
  /** `open`: window end on or after `today`; `closed`: before it. */
  window?: 'open' | 'closed' | undefined
  today: string
  cursor?: { dueOn: string; enrolmentId: string; checkpoint: string } | undefined
  limit: number
}

/** A scalar subquery rather than a join, so that locking the enrolment locks nothing else. */
const observedEnrolment = {
  id: enrolments.id,
  exitDate: enrolments.exitDate,
  exitReason: enrolments.exitReason,
  campusId: sql<string>`(select ${cohorts.campusId} from ${cohorts} where ${cohorts.id} = ${enrolments.cohortId})`,
}

/**
 * One checkpoint's branch of the follow-ups: `reach`, the exit dates its next page lies between, and
 * `page`, that page read within them (see `followUps`).
 */
function followUpBranch(filter: FollowUpFilter, b: FollowUpBranch) {
  const dueOn = sql`(${enrolments.exitDate} + interval '${sql.raw(String(b.dueMonths))} months')::date`
  const windowEnd = sql`(${enrolments.exitDate} + interval '${sql.raw(String(b.windowEndMonths))} months')::date`
  const conditions: SQL[] = [
    sql`${enrolments.exitDate} is not null`,
    sql`${enrolments.exitDate} <= cast(${b.exitOnOrBefore} as date)`,
    sql`${enrolments.exitReason} is distinct from 'excluded'`,
    sql`not exists (select 1 from ${outcomeObservations} o where o.enrolment_id = ${enrolments.id} and o.checkpoint = ${b.checkpoint})`,
  ]
  if (b.exitOnOrAfter) conditions.push(sql`${enrolments.exitDate} >= cast(${b.exitOnOrAfter} as date)`)
  if (filter.campusId) conditions.push(sql`${cohorts.campusId} = cast(${filter.campusId} as uuid)`)
  if (filter.campusIds)
    conditions.push(sql`${cohorts.campusId} = any(cast(${`{${filter.campusIds.join(',')}}`} as uuid[]))`)
  if (filter.cohortId) conditions.push(sql`${enrolments.cohortId} = cast(${filter.cohortId} as uuid)`)
  if (filter.window === 'open') conditions.push(sql`${windowEnd} >= cast(${filter.today} as date)`)
  if (filter.window === 'closed') conditions.push(sql`${windowEnd} < cast(${filter.today} as date)`)
  if (filter.cursor) {
    conditions.push(
      sql`(${dueOn}, ${enrolments.id}, ${b.checkpoint}::text) > (cast(${filter.cursor.dueOn} as date), cast(${filter.cursor.enrolmentId} as uuid), ${filter.cursor.checkpoint}::text)`,
    )
  }
  const where = sql.join(conditions, sql` and `)
  const reach = sql`select ${b.checkpoint}::text as checkpoint,
      to_char(min(s.exit_date), 'YYYY-MM-DD') as lo, to_char(max(s.exit_date) + 3, 'YYYY-MM-DD') as hi
    from (select ${enrolments.exitDate} as exit_date from ${enrolments}
      join ${cohorts} on ${cohorts.id} = ${enrolments.cohortId}
      where ${where}
      order by ${enrolments.exitDate}
      limit ${filter.limit + 1}) s`
  const page = (lo: string, hi: string) => sql`select ${enrolments.id} as enrolment_id,
      ${b.checkpoint}::text as checkpoint, ${enrolments.exitDate} as exit_date, ${dueOn} as due_on,
      ${learners.id} as learner_id, ${learners.reference} as learner_reference,
      ${cohorts.id} as cohort_id, ${cohorts.name} as cohort_name,
      ${campuses.id} as campus_id, ${campuses.name} as campus_name
    from ${enrolments}
    join ${cohorts} on ${cohorts.id} = ${enrolments.cohortId}
    join ${campuses} on ${campuses.id} = ${cohorts.campusId}
    join ${learners} on ${learners.id} = ${enrolments.learnerId}
    where ${where}
      and ${enrolments.exitDate} between cast(${lo} as date) and cast(${hi} as date)
    order by due_on, enrolment_id
    limit ${filter.limit + 1}`
  return { checkpoint: b.checkpoint, reach, page }
}

export function createOutcomesRepository(db: Database) {
  return {
    /**
     * The enrolment, locked against concurrent writers (its exit date cannot change, and two
     * corrections of one observation are checked one after the other) until the transaction ends.
     */
    async lockEnrolment(id: string, tx: Transaction): Promise<ObservedEnrolment | undefined> {
      const [row] = await tx
        .select(observedEnrolment)
        .from(enrolments)
        .where(eq(enrolments.id, id))
        .for('no key update')
      return row
    },

    async getEnrolment(id: string, tx: Executor = db): Promise<ObservedEnrolment | undefined> {
      const [row] = await tx.select(observedEnrolment).from(enrolments).where(eq(enrolments.id, id))
      return row
    },

    async get(id: string, tx: Executor = db): Promise<ObservationRow | undefined> {
      const [row] = await tx.select().from(outcomeObservations).where(eq(outcomeObservations.id, id))
      return row
    },

    /** The observations that supersede `id` (at most one is ever recorded), oldest first. */
    async supersedersOf(id: string, tx: Executor = db): Promise<ObservationRow[]> {
      return observationsWhere(eq(outcomeObservations.supersedesId, id), tx)
    },

    /** Every observation of an enrolment, in the order they were recorded. */
    async forEnrolment(enrolmentId: string, tx: Executor = db): Promise<ObservationRow[]> {
      return observationsWhere(eq(outcomeObservations.enrolmentId, enrolmentId), tx)
    },

    /**
     * The id of the observation that counts at each checkpoint, as known at `asOf` (null: now), chosen
     * by `stats_resolve`, the function the statistics' facts are built with (migration 0005), given
     * the rules they were built with: the records API and the statistics cannot disagree.
     */
    async counted(
      enrolmentId: string,
      exitDate: string,
      asOf: Date | null,
      tx: Executor = db,
    ): Promise<Record<'exit' | 'm6' | 'm12', string | null>> {
      const rules = materialisedObservationRules
      const text = (list: readonly string[]) => `{${list.join(',')}}`
      const moment = asOf ? asOf.toISOString() : 'infinity'
      const pick = (checkpoint: 'exit' | 'm6' | 'm12') => {
        const { dueMonths, window } = rules.checkpoints[checkpoint]
        return sql`(select r.observation_id from stats_resolve(${enrolmentId}::uuid, ${checkpoint}, ${exitDate}::date,
          ${moment}::timestamptz, ${dueMonths}::int, ${window.from.months}::int, ${window.from.days}::int,
          ${window.to.months}::int, ${window.to.days}::int, ${text(rules.uninformativeSituations)}::text[],
          ${text(rules.openEndedContracts)}::text[]) r)`
      }
      const result = await tx.execute(
        sql`select ${pick('exit')} as "exit", ${pick('m6')} as "m6", ${pick('m12')} as "m12"`,
      )
      const [row] = rows<Record<'exit' | 'm6' | 'm12', string | null>>(result)
      return row ?? { exit: null, m6: null, m12: null }
    },

    /**
     * Records an observation. `recordedAt` is the moment of the write (not the start of the
     * transaction), so that a correction, written after the lock on its enrolment, is always
     * recorded after the observation it corrects.
     */
    async insert(values: Omit<ObservationInsert, 'recordedAt'>, tx: Executor = db): Promise<ObservationRow> {
      const [row] = await tx
        .insert(outcomeObservations)
        .values({ ...values, recordedAt: sql`clock_timestamp()` })
        .returning()
      return row!
    },

    /**
     * Follow-ups due: one branch per checkpoint, merged and cut by keyset on (dueOn, enrolmentId,
     * checkpoint), in two statements (run them in one snapshot: a repeatable-read transaction).
     * First, each branch walks enrolments in exit-date order on `enrolments_exit_idx`, probing
     * `outcomes_enrolment_idx` (enrolment_id, checkpoint) for the anti-join, until it has a page:
     * the page sorted by due date lies between the first exit date found and 3 days past the last
     * (month ends clamp at most four exit days onto one due date). Then only that range is read
     * and sorted, with the bounds known to the planner.
     */
    async followUps(filter: FollowUpFilter, tx: Executor = db): Promise<FollowUpRow[]> {
      const parts = filter.branches.map((b) => followUpBranch(filter, b))
      if (parts.length === 0) return []
      const reaches = rows<{ checkpoint: string; lo: string | null; hi: string | null }>(
        await tx.execute(
          sql.join(
            parts.map((p) => sql`(${p.reach})`),
            sql` union all `,
          ),
        ),
      )
      const pages = parts.flatMap((p) => {
        const r = reaches.find((x) => x.checkpoint === p.checkpoint)
        return r?.lo && r.hi ? [sql`(${p.page(r.lo, r.hi)})`] : []
      })
      if (pages.length === 0) return []
      const result = await tx.execute(sql`select enrolment_id as "enrolmentId", checkpoint,
          to_char(exit_date, 'YYYY-MM-DD') as "exitDate", to_char(due_on, 'YYYY-MM-DD') as "dueOn",
          learner_id as "learnerId", learner_reference as "learnerReference",
          cohort_id as "cohortId", cohort_name as "cohortName", campus_id as "campusId", campus_name as "campusName"
        from (${sql.join(pages, sql` union all `)}) f
        order by due_on, enrolment_id, checkpoint
        limit ${filter.limit + 1}`)
      return rows<FollowUpRow>(result)
    },
  }
}

export type OutcomesRepository = ReturnType<typeof createOutcomesRepository>
