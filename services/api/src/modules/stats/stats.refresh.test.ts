import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { rows } from '../../db/client.js'
import { createTestApp, type TestContext } from '../../../test/helpers.js'
import { outcomeCategories } from '@trajectoires/contract'
import { addMonths } from '@trajectoires/contract/rules'
import { createStatsFixtures } from './stats.fixtures.js'

/**
 * What the statistics refresh writes (`stats_refresh_now`): nothing for a fact that did not change,
 * and one signed delta per cube cell that did, so that a refresh costs what changed rather than what
 * it was asked to look at. Checked row by row in the cube tables, not only through their sums.
 */

let t: TestContext
const enrolments: string[] = []
const counts = [
  'completed_n',
  'other_n',
  'excluded_n',
  ...['completed', 'other'].flatMap((r) => outcomeCategories.map((c) => `${r}_${c}`)),
]
const cubeKeys = {
  stats_cube_network: ['checkpoint', 'exit_month'],
  stats_cube_campus: ['campus_id', 'checkpoint', 'exit_month'],
  stats_cube_demography: ['sex', 'qpv', 'diploma_at_entry', 'referrer', 'checkpoint', 'exit_month'],
} as const
type Cube = keyof typeof cubeKeys

beforeAll(async () => {
  t = await createTestApp()
  const f = createStatsFixtures(t.database.db)
  const lyon = await f.campus('Refresh Lyon')
  const paris = await f.campus('Refresh Paris')
  for (const [campus, end] of [
    [lyon, '2021-06-30'],
    [paris, '2021-11-30'],
  ] as const) {
    const cohort = await f.cohort(campus, { start: '2021-03-01', end })
    enrolments.push(
      ...(await f.crowd(campus, cohort, 6, (i) => ({
        person: {
          exit: end,
          reason: i === 5 ? 'dropout' : 'completed',
          sex: i % 2 ? 'female' : 'male',
          referrer: i % 3 ? 'mission_locale' : 'france_travail',
        },
        observations: [
          { checkpoint: 'exit', observedOn: end, situation: i % 2 ? 'job_seeking' : 'qualifying_training' },
          // Six months after: a job for some, looking for one for the others; nothing at twelve.
          {
            checkpoint: 'm6',
            observedOn: addMonths(end, 6),
            situation: i < 3 ? 'employed' : 'job_seeking',
            contractType: i < 3 ? 'cdd' : null,
            contractMonths: i < 3 ? 3 : null,
          },
        ],
      }))),
    )
  }
})
afterAll(() => t.close())

/** Every row of the three cube tables as stored (delta rows not folded). */
async function cubeRows(): Promise<Record<Cube, string[]>> {
  const out = {} as Record<Cube, string[]>
  for (const [cube, keys] of Object.entries(cubeKeys) as Array<[Cube, readonly string[]]>) {
    const cols = [...keys, ...counts].join(', ')
    const result = await t.database.db.execute(sql.raw(`select ${cols} from ${cube} order by ${cols}`))
    out[cube] = rows<Record<string, unknown>>(result).map((r) => JSON.stringify(r))
  }
  return out
}

/** The cubes summed per cell, keyed by cell, without cells that sum to nobody. */
async function cubeSums(): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {}
  for (const [cube, keys] of Object.entries(cubeKeys) as Array<[Cube, readonly string[]]>) {
    const sums = counts.map((c) => `sum(${c})::int as ${c}`).join(', ')
    const result = await t.database.db.execute(
      sql.raw(`select ${keys.map((k) => `${k}::text as ${k}`).join(', ')}, ${sums} from ${cube}
        group by ${keys.join(', ')} having sum(completed_n) + sum(other_n) + sum(excluded_n) <> 0`),
    )
    for (const row of rows<Record<string, unknown>>(result)) {
      const cell = `${cube}|${keys.map((k) => String(row[k])).join('|')}`
      out[cell] = Object.fromEntries(counts.map((c) => [c, Number(row[c])]))
    }
  }
  return out
}

/** What changed between two summed states: cell and column → difference, zeros left out. */
function difference(before: Record<string, Record<string, number>>, after: Record<string, Record<string, number>>) {
  const out: Record<string, number> = {}
  for (const cell of new Set([...Object.keys(before), ...Object.keys(after)])) {
    for (const c of counts) {
      const d = (after[cell]?.[c] ?? 0) - (before[cell]?.[c] ?? 0)
      if (d !== 0) out[`${cell}|${c}`] = d
    }
  }
  return out
}

/** Each fact with the transaction that last wrote it: a rewritten row gets a new `xmin`. */
async function factVersions(): Promise<string[]> {
  return rows<{ v: string }>(
    await t.database.db.execute(
      sql`select enrolment_id::text || ' ' || xmin::text as v from stats_facts order by enrolment_id`,
    ),
  ).map((r) => r.v)
}

const refreshAll = () =>
  t.database.db.execute(sql`select stats_refresh_now(array(select enrolment_id from stats_facts))`)

describe('the statistics refresh', () => {
  it('writes nothing when it refreshes facts whose records did not change', async () => {
    const cubesBefore = await cubeRows()
    const factsBefore = await factVersions()
    expect(factsBefore).toHaveLength(12)
    await refreshAll()
    // Through the triggers too: an observation outside its checkpoint's window changes no resolution.
    await t.database.db
      .execute(sql`insert into outcome_observations (enrolment_id, checkpoint, observed_on, situation, source)
      select e.id, 'm12', e.exit_date + 600, 'inactive', 'document' from enrolments e
      where e.id in (select enrolment_id from stats_facts)`)
    expect(await cubeRows()).toEqual(cubesBefore)
    expect(await factVersions()).toEqual(factsBefore)
  })

  it('moves exactly one count, with one delta row per cube, when a correction moves one enrolment to another category', async () => {
    const db = t.database.db
    const target = enrolments[3]!
    const [m6] = rows<{ id: string; observed_on: string; category: string; campus_id: string }>(
      await db.execute(sql`select o.id, o.observed_on::text as observed_on, f.m6_category as category, f.campus_id::text as campus_id
        from outcome_observations o join stats_facts f on f.enrolment_id = o.enrolment_id
        where o.enrolment_id = ${target} and o.checkpoint = 'm6'`),
    )
    expect(m6!.category).toBe('job_seeking')
    const [rowsBefore, sumsBefore, factsBefore] = [await cubeRows(), await cubeSums(), await factVersions()]
    // The learner had in fact found a lasting job: the observation is corrected.
    await db.execute(sql`insert into outcome_observations (enrolment_id, checkpoint, observed_on, situation, contract_type, source, supersedes_id)
      values (${target}, 'm6', ${m6!.observed_on}::date, 'employed', 'cdi', 'document', ${m6!.id})`)

    const moved = difference(sumsBefore, await cubeSums())
    const [fact] = rows<{ exit_month: string; sex: string; qpv: string; diploma: string; referrer: string }>(
      await db.execute(sql`select exit_month::text as exit_month, sex, coalesce(qpv_resident::text, 'unknown') as qpv,
        diploma_at_entry as diploma, referrer from stats_facts where enrolment_id = ${target}`),
    )
    const cells = [
      `stats_cube_network|m6|${fact!.exit_month}`,
      `stats_cube_campus|${m6!.campus_id}|m6|${fact!.exit_month}`,
      `stats_cube_demography|${fact!.sex}|${fact!.qpv}|${fact!.diploma}|${fact!.referrer}|m6|${fact!.exit_month}`,
    ]
    expect(moved).toEqual(
      Object.fromEntries(
        cells.flatMap((cell) => [
          [`${cell}|completed_job_seeking`, -1],
          [`${cell}|completed_employed_lasting`, 1],
        ]),
      ),
    )
    // One signed row appended per cube, nothing else rewritten.
    const rowsAfter = await cubeRows()
    for (const cube of Object.keys(cubeKeys) as Cube[]) {
      const added = rowsAfter[cube].filter((r) => !rowsBefore[cube].includes(r))
      expect({ cube, added: added.length, kept: rowsAfter[cube].length - added.length }).toEqual({
        cube,
        added: 1,
        kept: rowsBefore[cube].length,
      })
    }
    const factsAfter = await factVersions()
    expect(factsAfter.filter((v) => !factsBefore.includes(v)).map((v) => v.split(' ')[0])).toEqual([target])

    // And the same figures as recomputing everything from the records.
    const sumsNow = await cubeSums()
    await db.execute(sql`select stats_rebuild()`)
    expect(await cubeSums()).toEqual(sumsNow)
  })

  it('takes a fact out of the cubes when its enrolment leaves the population, and back in when it returns', async () => {
    const db = t.database.db
    const target = enrolments[7]!
    const sumsBefore = await cubeSums()
    await db.execute(sql`update enrolments set integration_confirmed_on = null where id = ${target}`)
    const out = difference(sumsBefore, await cubeSums())
    // Three checkpoints in three cubes: every non-zero difference is a -1, the members and the categories.
    expect(Object.values(out).every((d) => d === -1)).toBe(true)
    expect(Object.keys(out).filter((k) => k.endsWith('|completed_n') || k.endsWith('|other_n'))).toHaveLength(9)
    await db.execute(sql`update enrolments set integration_confirmed_on = '2021-03-15' where id = ${target}`)
    expect(await cubeSums()).toEqual(sumsBefore)
  })
})
