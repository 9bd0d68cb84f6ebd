import { afterAll, beforeAll, expect } from 'vitest'
import { call, patchIfMatch, type TestContext } from '../../../test/helpers.js'
import { insertCohort, newLearner, seededApp } from './enrolments.fixtures.js'

export let t: TestContext
export let lyonId: string
export let romansId: string
export type CohortFixture = Awaited<ReturnType<typeof insertCohort>>
export let winter: CohortFixture // Lyon, 2019-01-14 to 2019-04-12
export let spring: CohortFixture // Lyon, 2019-03-01 to 2019-06-28: overlaps winter
export let autumn: CohortFixture // Lyon, 2019-09-02 to 2019-11-29
export let romans: CohortFixture // Romans, 2019-01-14 to 2019-04-12

export async function enrol(learnerId: string, cohortId: string, fields: Record<string, unknown> = {}) {
  return call(t.admin, {
    method: 'POST',
    url: '/api/v1/enrolments',
    payload: { learnerId, cohortId, appliedOn: '2018-12-03', ...fields },
  })
}

export async function move(id: string, version: number, body: Record<string, unknown>) {
  return call(t.admin, {
    method: 'POST',
    url: `/api/v1/enrolments/${id}/transitions`,
    payload: body,
    headers: { 'if-match': `"${version}"` },
  })
}

export async function patch(id: string, version: number, body: Record<string, unknown>) {
  return patchIfMatch(t.admin, `/api/v1/enrolments/${id}`, `"${version}"`, body)
}

export async function history(id: string) {
  const res = await call(t.admin, { method: 'GET', url: `/api/v1/enrolments/${id}/stages` })
  return res.data.items.map((c: { fromStage: string | null; toStage: string; on: string }) => [
    c.fromStage,
    c.toStage,
    c.on,
  ])
}

/** A learner enrolled (stage `enrolled`) in the winter cohort; returns the enrolment at version 1. */
export async function enrolledInWinter(fields: Record<string, unknown> = {}) {
  const learner = await newLearner(t.admin, lyonId, fields)
  const res = await enrol(learner.id, winter.id, { stage: 'enrolled', stageOn: '2018-12-13' })
  expect(res.statusCode).toBe(201)
  return res.data
}

/** Before the file's tests: a seeded network with four 2019 cohorts (three in Lyon, one in Romans); after them, the app closed. */
export function useEnrolmentScenario(): void {
  beforeAll(async () => {
    ;({ t, lyonId, romansId } = await seededApp())
    const db = t.database.db
    winter = await insertCohort(db, {
      campusId: lyonId,
      name: 'Lyon 2019 – hiver',
      startDate: '2019-01-14',
      endDate: '2019-04-12',
    })
    spring = await insertCohort(db, {
      campusId: lyonId,
      name: 'Lyon 2019 – printemps',
      startDate: '2019-03-01',
      endDate: '2019-06-28',
    })
    autumn = await insertCohort(db, {
      campusId: lyonId,
      name: 'Lyon 2019 – automne',
      startDate: '2019-09-02',
      endDate: '2019-11-29',
    })
    romans = await insertCohort(db, {
      campusId: romansId,
      name: 'Romans 2019 – 1',
      startDate: '2019-01-14',
      endDate: '2019-04-12',
    })
  })
  afterAll(() => t.close())
}
