import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { freshDatabase } from '../../test/helpers.js'
import type { DatabaseHandle } from './client.js'
import { seed } from './seed.js'
import { seedDemo, type DemoReport } from './seed-demo.js'
import { checkObservation } from '@trajectoires/contract/rules'
import { patience } from '../../test/patience.js'

let database: DatabaseHandle
let drop: () => Promise<void>
let report: DemoReport
const today = '2026-11-28'

const rows = async <T>(query: ReturnType<typeof sql>) =>
  ((await database.db.execute(query)) as unknown as { rows: T[] }).rows

beforeAll(async () => {
  ;({ database, drop } = await freshDatabase())
  await seed(database.db)
  report = await seedDemo(database.db, today)
}, patience(120_000))
afterAll(() => drop())

describe('demonstration data', () => {
  it('gives every campus about three cohorts a year since it opened, all marked demo', async () => {
    expect(report.cohorts).toBeGreaterThan(120)
    const perCampus = await rows<{ commune: string; n: number; first: string }>(
      sql`select c.commune, count(*)::int as n, min(k.start_date)::text as first from cohorts k join campuses c on c.id = k.campus_id group by c.commune order by c.commune`,
    )
    expect(perCampus.map((r) => r.commune)).toHaveLength(6)
    for (const campus of perCampus) expect(campus.n).toBeGreaterThanOrEqual(20)
    expect(perCampus.find((r) => r.commune === 'Chelles')!.first).toBe('2017-09-01')
    const provenances = await rows<{ p: string }>(
      sql`select distinct provenance as p from cohorts union select distinct provenance from learners union select distinct provenance from outcome_observations`,
    )
    expect(provenances.map((r) => r.p)).toEqual(['demo'])
  })

  it('fills completed cohorts with 12 to 16 learners who entered, and refuses some at the jury', async () => {
    const sizes = await rows<{ entered: number; refused: number }>(sql`
      select count(*) filter (where e.stage in ('in_training', 'completed') or (e.stage = 'withdrawn' and e.exit_reason is not null))::int as entered,
             count(*) filter (where e.stage in ('jury_rejected', 'waitlisted'))::int as refused
      from enrolments e join cohorts k on k.id = e.cohort_id where k.status = 'completed' group by k.id`)
    for (const s of sizes) {
      expect(s.entered).toBeGreaterThanOrEqual(12)
      expect(s.entered).toBeLessThanOrEqual(16)
    }
    expect(sizes.reduce((n, s) => n + s.refused, 0)).toBeGreaterThan(0)
  })

  it('has dropouts, exclusions, unknowns and corrections, and about three quarters placed at six months', async () => {
    const [exits] = await rows<{ dropouts: number; excluded: number; completed: number }>(sql`
      select count(*) filter (where exit_reason = 'dropout')::int as dropouts,
             count(*) filter (where exit_reason = 'excluded')::int as excluded,
             count(*) filter (where exit_reason = 'completed')::int as completed from enrolments`)
    expect(exits!.dropouts).toBeGreaterThan(50)
    expect(exits!.excluded).toBeGreaterThan(5)
    const [m6] = await rows<{ exited: number; observed: number; positive: number; corrections: number }>(sql`
      select (select count(*) from enrolments where exit_date < ${today}::date - interval '8 months' and exit_reason = 'completed')::int as exited,
             count(distinct o.enrolment_id)::int as observed,
             count(distinct o.enrolment_id) filter (where o.situation in ('employed', 'work_study', 'qualifying_training'))::int as positive,
             (select count(*) from outcome_observations where supersedes_id is not null)::int as corrections
      from outcome_observations o join enrolments e on e.id = o.enrolment_id
      where o.checkpoint = 'm6' and e.exit_reason = 'completed' and e.exit_date < ${today}::date - interval '8 months'`)
    expect(m6!.observed / m6!.exited).toBeGreaterThan(0.7)
    expect(m6!.observed / m6!.exited).toBeLessThan(0.95)
    expect(m6!.positive / m6!.observed).toBeGreaterThan(0.65)
    expect(m6!.positive / m6!.observed).toBeLessThan(0.9)
    expect(m6!.corrections).toBeGreaterThan(20)
  })

  it('obeys the API’s own rules for every observation', async () => {
    const observations = await rows<{
      checkpoint: 'exit' | 'm6' | 'm12'
      observed_on: string
      situation: string
      contract_type: string | null
      contract_months: number | null
      in_fibre_sector: boolean | null
      exit_date: string
    }>(sql`select o.checkpoint, o.observed_on::text, o.situation, o.contract_type, o.contract_months, o.in_fibre_sector, e.exit_date::text
           from outcome_observations o join enrolments e on e.id = o.enrolment_id`)
    const broken = observations.filter(
      (o) =>
        checkObservation(
          {
            checkpoint: o.checkpoint,
            observedOn: o.observed_on,
            situation: o.situation,
            contractType: o.contract_type,
            contractMonths: o.contract_months,
            employerOrganisationId: null,
            inFibreSector: o.in_fibre_sector,
          } as never,
          { exitDate: o.exit_date, today },
        ).length > 0,
    )
    expect(broken).toEqual([])
  })

  it('adds nothing when run again', async () => {
    expect(await seedDemo(database.db, today)).toEqual({
      tracks: 0,
      cohorts: 0,
      learners: 0,
      enrolments: 0,
      observations: 0,
    })
  })
})
