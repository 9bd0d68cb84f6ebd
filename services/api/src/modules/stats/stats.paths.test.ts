import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import type { MetricRules } from '@trajectoires/contract'
import { rows } from '../../db/client.js'
import { createTestApp, type TestContext } from '../../../test/helpers.js'
import { createStatsFixtures, type ObservationInit, type PersonInit } from './stats.fixtures.js'
import { addDays, addMonths } from '@trajectoires/contract/rules'
import { createStatsRepository, sourceOf, type AggregatePlan } from './stats.repository.js'
import { createStatsDrainer } from './stats.drain.js'
import { createStatsService, type StatsService } from './stats.service.js'

/**
 * The three ways of computing a result must agree exactly: the cubes (whole months) with the facts
 * (recent and partial months), the facts alone, and the resolution of observations from the records
 * at read time. Checked on generated records, after the writes the triggers follow, after a rebuild
 * and after compaction.
 */

let t: TestContext
let service: StatsService
const campuses: string[] = []
const cohorts: string[] = []
const today = new Date().toISOString().slice(0, 10)

function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

beforeAll(async () => {
  t = await createTestApp()
  service = createStatsService({ repository: createStatsRepository(t.database.db) })
  const f = createStatsFixtures(t.database.db)
  const next = random(42)
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!
  const past = (days: number) => new Date(Date.now() - days * 86_400_000)

  // Cohorts ending from 2018 to a few weeks ago, so that some checkpoints are not mature yet.
  const ends = ['2018-06-29', '2018-12-14', '2019-06-30', '2019-11-29', '2020-02-28', '2020-08-31']
  ends.push(addDays(today, -40), addMonths(today, -7), addMonths(today, -13))
  for (let c = 0; c < 3; c++) campuses.push(await f.campus(`Generated ${c}`))
  for (const [k, end] of ends.entries()) {
    const campus = campuses[k % 3]!
    const start = addMonths(end, -3)
    const cohort = await f.cohort(campus, { start, end })
    cohorts.push(cohort)
    const size = 12 + Math.floor(next() * 5)
    const plans: Array<{ person: PersonInit; observations: ObservationInit[]; corrections: boolean }> = []
    for (let i = 0; i < size; i++) {
      const reason = pick([
        'completed',
        'completed',
        'completed',
        'dropout',
        'left_for_job',
        'dismissed',
        'excluded',
      ] as const)
      const exit = reason === 'completed' ? end : addDays(start, 20 + Math.floor(next() * 60))
      const person: PersonInit = {
        sex: pick(['female', 'male'] as const),
        qpv: pick([true, false, null] as const),
        diploma: pick(['none', 'brevet', 'cap_bep'] as const),
        referrer: pick(['mission_locale', 'france_travail', 'self'] as const),
        integration: next() < 0.06 ? null : addDays(start, 14),
        exit: next() < 0.04 ? null : exit,
        reason,
      }
      if (person.exit === null) person.reason = null
      const observations: ObservationInit[] = []
      if (person.exit) {
        for (const [checkpoint, months] of [
          ['exit', 0],
          ['m6', 6],
          ['m12', 12],
        ] as const) {
          const due = addMonths(person.exit, months)
          const count = next() < 0.2 ? 0 : next() < 0.75 ? 1 : 2
          for (let o = 0; o < count; o++) {
            const situation = pick([
              'employed',
              'employed',
              'employed',
              'work_study',
              'qualifying_training',
              'job_seeking',
              'inactive',
              'unreachable',
            ] as const)
            const contractType =
              situation === 'employed'
                ? pick([
                    'cdi',
                    'cdd',
                    'temp_agency',
                    'cdi_interim',
                    'subsidised',
                    'civil_service',
                    'self_employed',
                  ] as const)
                : situation === 'work_study'
                  ? 'apprenticeship'
                  : null
            const months =
              contractType && ['cdd', 'temp_agency', 'subsidised', 'apprenticeship'].includes(contractType)
                ? pick([null, 2, 5, 6, 9] as const)
                : null
            // Mostly near the due date, sometimes at the edges of the window or just outside it.
            const offset = pick([0, 0, 0, -15, 12, 40, -70, 75, 130] as const)
            const observedOn = checkpoint === 'exit' ? addDays(due, Math.abs(offset) % 50) : addDays(due, offset)
            observations.push({
              checkpoint,
              observedOn,
              situation,
              contractType,
              contractMonths: months,
              recordedAt: past(Math.floor(next() * 400)),
            })
          }
        }
      }
      plans.push({ person, observations, corrections: next() < 0.25 })
    }
    const ids = await f.crowd(campus, cohort, plans.length, (i) => ({
      person: plans[i]!.person,
      observations: plans[i]!.observations,
    }))
    // Corrections: a later observation superseding an earlier one.
    for (const [i, plan] of plans.entries()) {
      if (!plan.corrections || !plan.person.exit) continue
      const result = await t.database.db.execute(
        sql`select id, checkpoint, observed_on from outcome_observations where enrolment_id = ${ids[i]!} order by id limit 1`,
      )
      const first = rows<{ id: string; checkpoint: 'exit' | 'm6' | 'm12'; observed_on: string }>(result)[0]
      if (!first) continue
      await f.observe(ids[i]!, {
        checkpoint: first.checkpoint,
        observedOn: first.observed_on,
        situation: pick(['employed', 'job_seeking', 'qualifying_training'] as const),
        supersedes: first.id,
        recordedAt: past(Math.floor(next() * 30)),
      })
    }
  }
})
afterAll(() => t.close())

/** The cubes summed by key (delta rows folded), and the facts: to compare with a rebuild. */
async function cubes(db: TestContext['database']['db']) {
  const counts = ['completed', 'other', 'excluded'].map((r) => `${r}_n`)
  for (const r of ['completed', 'other']) {
    for (const c of [
      'employed_lasting',
      'employed_other',
      'work_study',
      'qualifying_training',
      'job_seeking',
      'inactive',
      'unknown',
    ])
      counts.push(`${r}_${c}`)
  }
  const sums = counts.map((c) => `sum(${c})::int as ${c}`).join(', ')
  const out: Record<string, unknown>[] = []
  for (const [table, keys] of [
    ['stats_cube_network', 'checkpoint, exit_month'],
    ['stats_cube_campus', 'campus_id, checkpoint, exit_month'],
    ['stats_cube_demography', 'sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month'],
  ] as const) {
    const result = await db.execute(
      sql.raw(`select '${table}' as cube, ${keys}, ${sums} from ${table} group by ${keys}
        having sum(completed_n) + sum(other_n) + sum(excluded_n) <> 0 order by ${keys}`),
    )
    out.push(...rows<Record<string, unknown>>(result))
  }
  return out
}

async function facts(db: TestContext['database']['db']) {
  return rows(await db.execute(sql`select * from stats_facts order by enrolment_id`)).map((r) => JSON.stringify(r))
}

const queries: Array<Record<string, unknown>> = []
{
  const groupings = [
    [],
    ['campus'],
    ['exitYear'],
    ['sex'],
    ['qpv', 'referrer'],
    ['campus', 'sex'],
    ['cohort'],
    ['exitYear', 'diplomaAtEntry'],
  ]
  const filters = (i: number): Record<string, unknown> => {
    switch (i % 5) {
      case 0:
        return {}
      case 1:
        return { exitYear: 2019 }
      case 2:
        return { exitFrom: '2019-06-15', exitTo: addDays(today, -10) }
      case 3:
        return { campus: 0 }
      default:
        return { cohort: 7 }
    }
  }
  let i = 0
  for (const metric of ['r_positive', 'r_employment', 'r_lasting']) {
    for (const checkpoint of ['exit', 'm6', 'm12']) {
      for (const basis of ['entrants', 'completers']) {
        queries.push({ metric, checkpoint, basis, groupBy: groupings[i % groupings.length], ...filters(i) })
        i++
      }
    }
  }
  for (const [k, groupBy] of groupings.entries()) queries.push({ groupBy, ...filters(k + 1) })
}

async function compareAll(label: string) {
  let compared = 0
  for (const raw of queries) {
    const { campus, cohort, ...rest } = raw
    const query = {
      ...rest,
      ...(campus !== undefined ? { campusId: campuses[campus as number] } : {}),
      ...(cohort !== undefined ? { cohortId: cohorts[cohort as number] } : {}),
    }
    const auto = await service.compute(query as never, 'network_staff', 'auto')
    const facts = await service.compute(query as never, 'network_staff', 'facts')
    const exact = await service.compute({ ...query, asOf: new Date().toISOString() } as never, 'network_staff')
    const strip = (r: any) => ({ total: r.total, groups: r.groups })
    expect({ label, query, result: strip(facts) }).toEqual({ label, query, result: strip(auto) })
    expect({ label, query, result: strip(exact) }).toEqual({ label, query, result: strip(auto) })
    compared++
  }
  return compared
}

describe('cubes, facts and read-time resolution agree', () => {
  it('on generated records', async () => {
    const population = await service.compute({} as never, 'network_staff')
    expect(population.total.population).toBeGreaterThan(80)
    expect(population.total.maturity).toBe('provisional')
    expect(await compareAll('initial')).toBe(queries.length)
  })

  it('after the writes the triggers follow (exits, reasons, profiles, campuses, corrections, deletions)', async () => {
    const db = t.database.db
    const one = async (q: ReturnType<typeof sql>) => rows<{ id: string }>(await db.execute(q))[0]!.id
    const enrolment = await one(sql`select enrolment_id as id from stats_facts order by enrolment_id limit 1`)
    await db.execute(sql`update enrolments set exit_date = exit_date - 40 where id = ${enrolment}`)
    await db.execute(
      sql`update enrolments set exit_reason = 'excluded', exclusion_reason = 'long_illness', stage = 'withdrawn'
          where id = (select enrolment_id from stats_facts where exit_reason = 'dropout' order by enrolment_id limit 1)`,
    )
    await db.execute(
      sql`update enrolments set integration_confirmed_on = null
          where id = (select enrolment_id from stats_facts order by enrolment_id offset 5 limit 1)`,
    )
    await db.execute(sql`update learners set sex = case sex when 'male' then 'female' else 'male' end
      where id in (select learner_id from enrolments order by id limit 7)`)
    await db.execute(sql`update cohorts set campus_id = ${campuses[2]!} where id = ${cohorts[0]!}`)
    const observation = await one(
      sql`select o.id from outcome_observations o where o.checkpoint = 'm6'
          and not exists (select 1 from outcome_observations s where s.supersedes_id = o.id) order by o.id limit 1`,
    )
    await db.execute(sql`insert into outcome_observations (enrolment_id, checkpoint, observed_on, situation, contract_type, source, supersedes_id)
      select enrolment_id, checkpoint, observed_on, 'employed', 'cdi', 'document', id from outcome_observations where id = ${observation}`)
    await db.execute(sql`delete from enrolments where id = (
      select e.id from enrolments e join stats_facts f on f.enrolment_id = e.id
      where not exists (select 1 from outcome_observations o where o.enrolment_id = e.id)
        and not exists (select 1 from enrolment_stage_changes s where s.enrolment_id = e.id)
      order by e.id limit 1)`)
    expect(await compareAll('after writes')).toBe(queries.length)
  })

  it('after a rebuild from the records, and after compaction', async () => {
    const db = t.database.db
    const [cubesBefore, factsBefore] = [await cubes(db), await facts(db)]
    const deltaRows = async () =>
      Number(rows<{ n: number }>(await db.execute(sql`select count(*)::int as n from stats_cube_campus`))[0]!.n)
    const beforeCompaction = await deltaRows()
    const folded = await createStatsRepository(db).compact()
    expect(folded).toBeGreaterThan(0)
    expect(await deltaRows()).toBeLessThan(beforeCompaction)
    const duplicates = rows<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from (select 1 from stats_cube_campus
        group by campus_id, checkpoint, exit_month having count(*) > 1) d`),
    )[0]!.n
    expect(Number(duplicates)).toBe(0)
    expect(await cubes(db)).toEqual(cubesBefore)
    await db.execute(sql`select stats_rebuild()`)
    expect(await facts(db)).toEqual(factsBefore)
    expect(await cubes(db)).toEqual(cubesBefore)
    expect(await compareAll('after rebuild')).toBe(queries.length)
  })
})

describe('writes whose refresh waits for a drain (bulk imports, migration 0008)', () => {
  it('notes the enrolments, leaves the facts, and a computation drains them first', async () => {
    const db = t.database.db
    const log = { info: () => undefined, warn: () => undefined }
    const drained = createStatsService({ repository: createStatsRepository(db), drainer: createStatsDrainer(db, log) })
    const [target] = rows<{ id: string; due: string; category: string }>(
      await db.execute(sql`select enrolment_id as id, m6_due::text as due, m6_category as category from stats_facts
        where m6_due < current_date - 60 and m6_category in ('job_seeking', 'inactive', 'unknown')
          and exit_reason <> 'excluded' order by enrolment_id limit 1`),
    )
    const factsBefore = await facts(db)
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('trajectoires.stats_refresh', 'deferred', true)`)
      await tx.execute(sql`insert into outcome_observations (enrolment_id, checkpoint, observed_on, situation, contract_type, source)
        values (${target!.id}, 'm6', ${target!.due}::date, 'employed', 'cdi', 'document')`)
    })
    const pending = async () =>
      rows<{ id: string }>(await db.execute(sql`select enrolment_id as id from stats_pending`)).map((r) => r.id)
    expect(await pending()).toEqual([target!.id])
    // Not refreshed yet: the facts still hold the old category, and a computation that does not
    // drain disagrees with read-time resolution.
    expect(await facts(db)).toEqual(factsBefore)
    const query = { checkpoint: 'm6', groupBy: ['cohort'] } as never
    const stale = await service.compute(query, 'network_staff', 'facts')
    const exact = await service.compute(
      { ...(query as object), asOf: new Date().toISOString() } as never,
      'network_staff',
    )
    expect(stale.total.numerator).toBe(exact.total.numerator! - 1)
    // A service with the drainer refreshes before computing.
    const fresh = await drained.compute(query, 'network_staff', 'facts')
    expect({ total: fresh.total, groups: fresh.groups }).toEqual({ total: exact.total, groups: exact.groups })
    expect(await pending()).toEqual([])
    const [cubesNow, factsNow] = [await cubes(db), await facts(db)]
    await db.execute(sql`select stats_rebuild()`)
    expect(await facts(db)).toEqual(factsNow)
    expect(await cubes(db)).toEqual(cubesNow)
    expect(await compareAll('after a drain')).toBe(queries.length)
  })
})

describe('concurrent writers', () => {
  it('keeps the cubes right when two transactions record observations of one enrolment at once', async (ctx) => {
    // PGlite has one connection: transactions cannot overlap there.
    if (t.database.kind !== 'postgres') ctx.skip()
    const db = t.database.db
    const [target] = rows<{ id: string; due: string }>(
      await db.execute(sql`select enrolment_id as id, m6_due::text as due from stats_facts
        where m6_due < current_date - 60 order by enrolment_id limit 1`),
    )
    const observe = (situation: string, days: number) =>
      sql`insert into outcome_observations (enrolment_id, checkpoint, observed_on, situation, contract_type, source)
          values (${target!.id}, 'm6', ${target!.due}::date + ${days}::int, ${situation},
            ${situation === 'employed' ? 'cdi' : null}, 'document')`
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let inserted!: () => void
    const first = new Promise<void>((resolve) => (inserted = resolve))
    const one = db.transaction(async (tx) => {
      await tx.execute(observe('employed', 1))
      inserted()
      await gate
    })
    await Promise.race([first, one])
    const two = db.transaction(async (tx) => {
      await tx.execute(observe('inactive', 0))
    })
    // The second waits for the first's lock on the enrolment.
    await new Promise((resolve) => setTimeout(resolve, 300))
    release()
    await Promise.all([one, two])
    const [cubesNow, factsNow] = [await cubes(db), await facts(db)]
    await db.execute(sql`select stats_rebuild()`)
    expect(await facts(db)).toEqual(factsNow)
    expect(await cubes(db)).toEqual(cubesNow)
  })
})

describe('which source answers', () => {
  it('uses the tables kept on write only for definitions they were built with', async () => {
    const rows0 = await createStatsRepository(t.database.db).definition('r_positive')
    const rules = rows0!.definition as MetricRules
    const plan = (over: Partial<AggregatePlan>): AggregatePlan => ({
      rules,
      checkpoint: 'm6',
      basisReasons: null,
      campusId: null,
      cohortId: null,
      exitFrom: null,
      exitTo: null,
      dimensions: [],
      asOf: null,
      day: today,
      ...over,
    })
    expect(sourceOf(plan({}))).toBe('cube')
    expect(sourceOf(plan({ dimensions: ['campus', 'sex'] }))).toBe('facts')
    expect(sourceOf(plan({ cohortId: cohorts[0]! }))).toBe('facts')
    expect(sourceOf(plan({ asOf: new Date() }))).toBe('exact')
    const wider = structuredClone(rules)
    wider.checkpoints.m6.window.to = { months: 9, days: 0 }
    expect(sourceOf(plan({ rules: wider }))).toBe('exact')
    const otherClasses = structuredClone(rules)
    otherClasses.categories[1]!.minContractMonths = 12
    expect(sourceOf(plan({ rules: otherClasses }))).toBe('facts')
  })
})
