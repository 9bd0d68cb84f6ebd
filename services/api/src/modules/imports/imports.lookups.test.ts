import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestContext } from '../../../test/helpers.js'
import type { Executor } from '../../db/client.js'
import { campuses, learners } from '../../db/schema/index.js'
import { seededApp } from '../enrolments/enrolments.fixtures.js'
import { createLookups } from './imports.lookups.js'

let t: TestContext
beforeAll(async () => {
  // The network of the source article: six campuses.
  ;({ t } = await seededApp())
})
afterAll(() => t.close())

/** The test database as an import's reader, counting the queries asked of it (each lookup is a `select`). */
function counting(db: Executor) {
  let selects = 0
  const reader = new Proxy(db, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target)
      if (typeof value !== 'function') return value
      if (key === 'select') {
        return (...args: unknown[]) => {
          selects++
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      }
      return (value as (...a: unknown[]) => unknown).bind(target)
    },
  })
  return { reader, selects: () => selects }
}

describe('import lookups', () => {
  it('loads the learners a chunk names at every campus in one query, not one query a campus', async () => {
    const db = t.database.db
    const all = await db.select({ id: campuses.id, name: campuses.name }).from(campuses).orderBy(campuses.name)
    expect(all.length).toBeGreaterThanOrEqual(5)
    const inserted = await db
      .insert(learners)
      .values(
        all.map((c, i) => ({
          campusId: c.id,
          reference: `LK-${i}`,
          birthYear: 2001,
          sex: 'female',
          diplomaAtEntry: 'none',
          referrer: 'mission_locale',
        })),
      )
      .returning({ id: learners.id, campusId: learners.campusId, reference: learners.reference })

    const { reader, selects } = counting(db)
    const lookups = createLookups(reader)
    const line = (campus: string, learner: string) => ({ campus, cohort: null, learner, organisation: null })
    await lookups.prepare([
      ...all.map((c, i) => line(c.name, `LK-${i}`)),
      // A reference recorded at another campus only: pairs are matched as pairs, never crossed.
      line(all[1]!.name, 'LK-0'),
      line(all[2]!.name, 'LK-nobody'),
    ])

    // The campuses (once an import), the cohorts of the campuses named, the learners named: three
    // queries whatever the number of campuses (one more a campus before).
    expect(selects()).toBe(3)
    for (const row of inserted) expect(lookups.learner(row.campusId, row.reference)?.id).toBe(row.id)
    expect(lookups.learner(all[1]!.id, 'LK-0')).toBeUndefined()
    expect(lookups.learner(all[2]!.id, 'LK-nobody')).toBeUndefined()

    // A later chunk naming the same learners asks nothing again.
    await lookups.prepare(all.map((c, i) => line(c.name, `LK-${i}`)))
    expect(selects()).toBe(3)
  })
})
