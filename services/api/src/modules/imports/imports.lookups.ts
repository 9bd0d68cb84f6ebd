import { eq } from 'drizzle-orm'
import type { Transaction } from '../../db/client.js'
import { campuses, cohorts, enrolments, learners, organisations } from '../../db/schema/index.js'
import { searchKey } from '../../lib/text.js'

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface CohortRef {
  id: string
  name: string
  startDate: string
  endDate: string
}

export interface LearnerRef {
  id: string
  birthYear: number
  sex: string
  diplomaAtEntry: string
  referrer: string
  /** Created by this import (not yet in the database when the row was checked). */
  fresh: boolean
}

export interface EnrolmentRef {
  id: string
  learnerId: string
  cohortId: string
  stage: string
  exitDate: string | null
  exitReason: string | null
  startDate: string
  endDate: string
}

/**
 * Natural keys of a spreadsheet resolved to ids, campus by campus, each campus loaded once on
 * first use: an import of 100,000 rows reads each reference table a handful of times, not per row.
 */
export function createLookups(tx: Transaction) {
  let campusIndex: Map<string, string> | undefined
  let organisationIndex: Map<string, string> | undefined
  const cohortsByCampus = new Map<string, Map<string, CohortRef>>()
  const learnersByCampus = new Map<string, Map<string, LearnerRef>>()
  const enrolmentsByCampus = new Map<string, Map<string, EnrolmentRef[]>>()

  // Rows repeat the same campus and cohort names: their search keys are computed once each.
  const keys = new Map<string, string>()
  const keyOf = (value: string) => {
    let key = keys.get(value)
    if (key === undefined) {
      if (keys.size >= 10_000) keys.clear()
      key = searchKey(value)
      keys.set(value, key)
    }
    return key
  }

  async function campusId(value: string): Promise<string | undefined> {
    if (!campusIndex) {
      campusIndex = new Map()
      for (const c of await tx.select({ id: campuses.id, name: campuses.name }).from(campuses)) {
        campusIndex.set(c.id, c.id)
        campusIndex.set(`name:${searchKey(c.name)}`, c.id)
      }
    }
    return uuidPattern.test(value) ? campusIndex.get(value.toLowerCase()) : campusIndex.get(`name:${keyOf(value)}`)
  }

  async function organisationId(value: string): Promise<string | undefined> {
    if (!organisationIndex) {
      organisationIndex = new Map()
      for (const o of await tx.select({ id: organisations.id, name: organisations.name }).from(organisations)) {
        organisationIndex.set(o.id, o.id)
        organisationIndex.set(`name:${searchKey(o.name)}`, o.id)
      }
    }
    return uuidPattern.test(value)
      ? organisationIndex.get(value.toLowerCase())
      : organisationIndex.get(`name:${keyOf(value)}`)
  }

  async function cohort(campus: string, name: string): Promise<CohortRef | undefined> {
    let index = cohortsByCampus.get(campus)
    if (!index) {
      index = new Map()
      const rows = await tx
        .select({ id: cohorts.id, name: cohorts.name, startDate: cohorts.startDate, endDate: cohorts.endDate })
        .from(cohorts)
        .where(eq(cohorts.campusId, campus))
      for (const c of rows) {
        index.set(c.id, c)
        index.set(`name:${searchKey(c.name)}`, c)
      }
      cohortsByCampus.set(campus, index)
    }
    return uuidPattern.test(name) ? index.get(name.toLowerCase()) : index.get(`name:${keyOf(name)}`)
  }

  async function learnerIndex(campus: string): Promise<Map<string, LearnerRef>> {
    let index = learnersByCampus.get(campus)
    if (!index) {
      index = new Map()
      const rows = await tx
        .select({
          id: learners.id,
          reference: learners.reference,
          birthYear: learners.birthYear,
          sex: learners.sex,
          diplomaAtEntry: learners.diplomaAtEntry,
          referrer: learners.referrer,
        })
        .from(learners)
        .where(eq(learners.campusId, campus))
      for (const l of rows) index.set(l.reference, { ...l, fresh: false })
      learnersByCampus.set(campus, index)
    }
    return index
  }

  /** Enrolments of a campus's learners, by learner id, with their cohort's period. */
  async function enrolmentIndex(campus: string): Promise<Map<string, EnrolmentRef[]>> {
    let index = enrolmentsByCampus.get(campus)
    if (!index) {
      index = new Map()
      const rows = await tx
        .select({
          id: enrolments.id,
          learnerId: enrolments.learnerId,
          cohortId: enrolments.cohortId,
          stage: enrolments.stage,
          exitDate: enrolments.exitDate,
          exitReason: enrolments.exitReason,
          startDate: cohorts.startDate,
          endDate: cohorts.endDate,
        })
        .from(enrolments)
        .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
        .where(eq(cohorts.campusId, campus))
      for (const e of rows) {
        const list = index.get(e.learnerId)
        if (list) list.push(e)
        else index.set(e.learnerId, [e])
      }
      enrolmentsByCampus.set(campus, index)
    }
    return index
  }

  return { campusId, organisationId, cohort, learnerIndex, enrolmentIndex }
}

export type Lookups = ReturnType<typeof createLookups>
