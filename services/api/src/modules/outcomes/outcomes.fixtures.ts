import { randomBytes } from 'node:crypto'
import type { Database } from '../../db/client.js'
import { lyonCampusRow } from '../campuses/campuses.fixtures.js'
import { campuses, cohorts, enrolments, learners, organisations, tracks } from '../../db/schema/index.js'

/**
 * Test fixtures inserted straight into the tables, so that the outcomes tests do not depend on
 * the routes of the tracks, cohorts, learners and enrolments modules.
 */
export function outcomeFixtures(db: Database) {
  const tag = () => randomBytes(4).toString('hex')

  async function campus(name = `Campus ${tag()}`) {
    const [row] = await db
      .insert(campuses)
      .values({
        ...lyonCampusRow(name),
        status: 'open',
      })
      .returning()
    return row!
  }

  async function cohort(campusId: string, name = `Promo ${tag()}`) {
    const [track] = await db
      .insert(tracks)
      .values({
        name: `Câbleur raccordeur ${tag()}`,
        searchKey: 'cableur raccordeur',
        hours: 250,
        components: ['remedial_basics', 'technical_platform', 'internship'],
      })
      .returning()
    const [row] = await db
      .insert(cohorts)
      .values({
        campusId,
        trackId: track!.id,
        name,
        searchKey: name.toLowerCase(),
        startDate: '2018-09-03',
        endDate: '2018-12-14',
        plannedSeats: 14,
        status: 'completed',
      })
      .returning()
    return row!
  }

  /** A learner and their enrolment in the cohort; exited when `exitDate` is given. */
  async function enrolment(
    cohort: { id: string; campusId: string },
    options: { exitDate?: string | null; exitReason?: string; exclusionReason?: string; reference?: string } = {},
  ) {
    const [learner] = await db
      .insert(learners)
      .values({
        campusId: cohort.campusId,
        reference: options.reference ?? `REF-${tag()}`,
        birthYear: 1999,
        sex: 'male',
        diplomaAtEntry: 'none',
        referrer: 'mission_locale',
      })
      .returning()
    const exitDate = options.exitDate ?? null
    const [row] = await db
      .insert(enrolments)
      .values({
        learnerId: learner!.id,
        cohortId: cohort.id,
        stage: exitDate ? 'completed' : 'in_training',
        appliedOn: '2018-06-01',
        stageChangedOn: exitDate ?? '2018-09-03',
        integrationConfirmedOn: '2018-09-17',
        exitDate,
        exitReason: exitDate ? (options.exitReason ?? 'completed') : null,
        exclusionReason: options.exclusionReason ?? null,
      })
      .returning()
    return { ...row!, learner: learner! }
  }

  async function organisation(name = `Fibre ${tag()}`) {
    const [row] = await db
      .insert(organisations)
      .values({ name, searchKey: name.toLowerCase(), kind: 'fibre_contractor' })
      .returning()
    return row!
  }

  return { campus, cohort, enrolment, organisation }
}
