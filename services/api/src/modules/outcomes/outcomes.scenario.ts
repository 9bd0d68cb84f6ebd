import { afterAll, beforeAll } from 'vitest'
import { call, createTestApp, expectProblem, type TestContext } from '../../../test/helpers.js'
import { outcomeFixtures } from './outcomes.fixtures.js'

export let t: TestContext
export let fx: ReturnType<typeof outcomeFixtures>
export let cohort: { id: string; campusId: string }

export const exited = (exitDate = '2019-03-15') => fx.enrolment(cohort, { exitDate })

export const post = (enrolmentId: string, payload: object, headers: Record<string, string> = {}) =>
  call(t.admin, { method: 'POST', url: `/api/v1/enrolments/${enrolmentId}/observations`, payload, headers })

export const employedAtM6 = {
  checkpoint: 'm6',
  observedOn: '2019-09-16',
  situation: 'employed',
  contractType: 'cdd',
  contractMonths: 12,
  inFibreSector: true,
  source: 'employer_confirmed',
}

/** The fields of a 400 problem, as `field:code` pairs, sorted. */
export async function issues(enrolmentId: string, payload: object) {
  const res = await post(enrolmentId, payload)
  return expectProblem(res, 400, 'validation_failed')
    .errors!.map((e) => `${e.field}:${e.code}`)
    .sort()
}

/** The database error behind a refused raw statement (drizzle wraps the driver's error). */
export async function refusal(statement: Promise<unknown>): Promise<string> {
  const error = await statement.then(
    () => undefined,
    (e: unknown) => e as Error & { cause?: Error },
  )
  if (!error) throw new Error('the statement was not refused')
  return `${error.message} ${error.cause?.message ?? ''}`
}

/** Before the file's tests: one campus and one cohort (Lyon 2018-A); after them, the app closed. */
export function useOutcomeScenario(): void {
  beforeAll(async () => {
    t = await createTestApp()
    fx = outcomeFixtures(t.database.db)
    const campus = await fx.campus('Plombiers du numérique Lyon')
    cohort = await fx.cohort(campus.id, 'Lyon 2018-A')
  })
  afterAll(() => t.close())
}
