import type { Database } from '../../db/client.js'
import { cohorts, tracks } from '../../db/schema/index.js'
import { searchKey } from '../../lib/text.js'
import { seed } from '../../db/seed.js'
import { call, createTestApp, type Injector, type TestContext } from '../../../test/helpers.js'

/**
 * Test fixtures for the learners and enrolments tests. Cohorts are written straight into their
 * table, so these tests do not depend on the cohorts module's rules.
 */
export async function insertCohort(
  db: Database,
  values: { campusId: string; name: string; startDate: string; endDate: string },
): Promise<{ id: string; name: string; campusId: string; startDate: string; endDate: string }> {
  const [track] = await db
    .insert(tracks)
    .values({
      name: `Track for ${values.name}`,
      searchKey: searchKey(`Track for ${values.name}`),
      hours: 250,
      components: ['remedial_basics', 'technical_platform', 'internship'],
    })
    .returning()
  const [row] = await db
    .insert(cohorts)
    .values({ ...values, searchKey: searchKey(values.name), trackId: track!.id, plannedSeats: 15 })
    .returning()
  return { id: row!.id, name: row!.name, campusId: row!.campusId, startDate: row!.startDate, endDate: row!.endDate }
}

/** The ids of the seeded campuses, by commune. */
async function campusIds(app: Injector): Promise<Record<string, string>> {
  const res = await call(app, { method: 'GET', url: '/api/v1/campuses?limit=100' })
  return Object.fromEntries(res.data.items.map((c: { commune: string; id: string }) => [c.commune, c.id]))
}

/** A test app on the seeded network, with the ids of its Lyon and Romans-sur-Isère campuses. */
export async function seededApp(): Promise<{ t: TestContext; lyonId: string; romansId: string }> {
  const t = await createTestApp()
  await seed(t.database.db)
  const ids = await campusIds(t.admin)
  return { t, lyonId: ids['Lyon']!, romansId: ids['Romans-sur-Isère']! }
}

let counter = 0

/** Creates a learner through the API; the reference is unique unless given. */
export async function newLearner(
  app: Injector,
  campusId: string,
  fields: Record<string, unknown> = {},
): Promise<{ id: string; reference: string; birthYear: number; version: number }> {
  counter++
  const res = await call(app, {
    method: 'POST',
    url: '/api/v1/learners',
    payload: {
      campusId,
      reference: `T-${String(counter).padStart(4, '0')}`,
      birthYear: 2000,
      sex: 'female',
      diplomaAtEntry: 'none',
      referrer: 'mission_locale',
      ...fields,
    },
  })
  if (res.statusCode !== 201) throw new Error(`learner not created: ${res.body}`)
  return res.data
}
