import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { addMonths, addDays } from '@trajectoires/contract/rules'
import { searchKey } from '../lib/text.js'
import type { Database, Transaction } from './client.js'
import {
  campuses,
  cohorts,
  enrolmentStageChanges,
  enrolments,
  learners,
  outcomeObservations,
  tracks,
} from './schema/index.js'

/**
 * Demonstration records for the article's campuses, stored with provenance `demo` so that nobody
 * mistakes them for facts: tracks, about three cohorts a year since each campus opened, 12 to 16
 * learners a cohort, with jury refusals, dropouts, exclusions, unreachable learners and corrected
 * observations. Deterministic: the same day gives the same data.
 */

/** A small seeded generator (mulberry32), so the demo is the same on every machine. */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const campusPlans: Record<string, { opened: string; prefix: string; track: 'standard' | 'romans' }> = {
  'Plombiers du numérique Chelles': { opened: '2017-09-01', prefix: 'CHE', track: 'standard' },
  'Plombiers du numérique Bordeaux': { opened: '2018-01-08', prefix: 'BDX', track: 'standard' },
  'Plombiers du numérique Marseille': { opened: '2018-03-05', prefix: 'MRS', track: 'standard' },
  'Plombiers du numérique Lyon': { opened: '2018-09-03', prefix: 'LYO', track: 'standard' },
  'Plombiers du numérique Châlons-en-Champagne': { opened: '2018-11-05', prefix: 'CHA', track: 'standard' },
  'Plombiers du numérique Romans-sur-Isère': { opened: '2018-11-12', prefix: 'ROM', track: 'romans' },
}

/** Cohorts start in January, May and September and last about three months. */
const cohortStarts = ['01', '05', '09']

/** Inserts rows in chunks that stay under PostgreSQL's limit of 65,535 parameters a statement. */
async function insertAll<T extends PgTable>(tx: Database | Transaction, table: T, values: Array<T['$inferInsert']>) {
  for (let i = 0; i < values.length; i += 1000) await tx.insert(table).values(values.slice(i, i + 1000) as never)
}

export interface DemoReport {
  tracks: number
  cohorts: number
  learners: number
  enrolments: number
  observations: number
}

/** The seeded draws the demo is made of; the order of the calls is the data. */
function drawing(seed: number) {
  const rnd = random(seed)
  return {
    rnd,
    pick: <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!,
    chance: (p: number) => rnd() < p,
  }
}

type Draw = ReturnType<typeof drawing>

/** The demo's two tracks: the standard 250 hours, and Romans' 400 hours with the driving licence. */
async function insertDemoTracks(tx: Transaction) {
  return tx
    .insert(tracks)
    .values([
      {
        name: 'Câbleur raccordeur réseaux fibre optique et FTTH',
        searchKey: searchKey('Câbleur raccordeur réseaux fibre optique et FTTH'),
        hours: 250,
        components: ['remedial_basics', 'driving_licence', 'technical_platform', 'internship'],
        rncpCode: 'RNCP36873',
        certificationLevel: 3,
        certificationTitle: 'Câbleur raccordeur réseaux fibre optique et FTTH',
        provenance: 'demo',
      },
      {
        name: 'Parcours Romans : fibre optique et permis de conduire (400 h)',
        searchKey: searchKey('Parcours Romans : fibre optique et permis de conduire (400 h)'),
        hours: 400,
        components: ['remedial_basics', 'driving_licence', 'technical_platform', 'internship'],
        rncpCode: 'RNCP36873',
        certificationLevel: 3,
        certificationTitle: 'Câbleur raccordeur réseaux fibre optique et FTTH',
        provenance: 'demo',
      },
    ])
    .returning()
}

/**
 * An applicant's way through the jury and the training, drawn: the stages with their days, and the
 * integration, exit and exclusion that follow. `admitted` counts the cohort's admissions so far.
 */
function walkStages(
  { rnd, pick, chance }: Draw,
  c: { status: string; startDate: string; endDate: string; today: string; appliedOn: string },
  seats: { admitted: number; target: number; left: number },
) {
  const { status, startDate, endDate, today, appliedOn } = c
  const { target } = seats
  let { admitted } = seats
  const history: Array<{ from: string | null; to: string; on: string }> = [{ from: null, to: 'applied', on: appliedOn }]
  let stage = 'applied'
  let integrationConfirmedOn: string | null = null
  let exitDate: string | null = null
  let exitReason: string | null = null
  let exclusionReason: string | null = null
  const jury = addDays(startDate, -14)
  const move = (to: string, on: string) => {
    history.push({ from: stage, to, on })
    stage = to
  }
  if (status === 'recruiting' && jury > today) {
    // Still waiting for the jury.
  } else if (admitted >= target || (seats.left > target - admitted && chance(0.15))) {
    move(admitted >= target ? 'waitlisted' : 'jury_rejected', jury)
  } else {
    admitted++
    move('enrolled', jury)
    if (startDate <= today) {
      move('in_training', startDate)
      const trialEnd = addDays(startDate, 14)
      const dropsOut = chance(0.12)
      const dropDay = addDays(startDate, 5 + Math.floor(rnd() * 70))
      if (dropsOut && dropDay <= today && dropDay < endDate) {
        if (dropDay >= trialEnd) integrationConfirmedOn = trialEnd
        exitReason = chance(0.1) ? 'excluded' : chance(0.3) ? 'left_for_job' : 'dropout'
        if (exitReason === 'excluded') exclusionReason = pick(['moved_away', 'long_illness'] as const)
        exitDate = dropDay
        move('withdrawn', dropDay)
      } else {
        if (trialEnd <= today) integrationConfirmedOn = trialEnd
        if (endDate <= today) {
          exitDate = endDate
          exitReason = 'completed'
          move('completed', endDate)
        }
      }
    }
  }
  return { history, stage, integrationConfirmedOn, exitDate, exitReason, exclusionReason, admitted }
}

/** Outcomes at exit, +6 and +12 months, as far as the calendar has come, with gaps and corrections. */
function observe(
  draw: Draw,
  rows: { observations: Array<typeof outcomeObservations.$inferInsert> },
  enrolmentId: string,
  exitDate: string,
  completed: boolean,
  todayDay: string,
): number {
  const { rnd, pick, chance } = draw
  // Recorded some days after the day observed, as a campus would, but never in the future.
  const recorded = (day: string, delay: number) =>
    new Date(Math.min(Date.parse(`${addDays(day, delay)}T10:00:00Z`), Date.now()))
  let written = 0
  const positiveShare = completed ? 0.82 : 0.45
  for (const [checkpoint, months, answerRate] of [
    ['exit', 0, 0.9],
    ['m6', 6, 0.85],
    ['m12', 12, 0.7],
  ] as const) {
    const observedOn = addDays(addMonths(exitDate, months), Math.floor(rnd() * 20) - (months === 0 ? 0 : 10))
    if (observedOn > todayDay || observedOn < exitDate) continue
    if (!chance(answerRate)) continue
    const outcome = drawOutcome(draw, chance(positiveShare))
    const first = { id: randomUUID() }
    rows.observations.push({
      id: first.id,
      enrolmentId,
      checkpoint,
      observedOn,
      ...outcome,
      source: pick(['self_declared', 'self_declared', 'employer_confirmed', 'partner_report'] as const),
      provenance: 'demo',
      recordedAt: recorded(observedOn, 3),
    })
    written++
    // Now and then a campus corrects what it recorded: a new observation supersedes the first.
    if (chance(0.04)) {
      rows.observations.push({
        id: randomUUID(),
        enrolmentId,
        checkpoint,
        observedOn,
        ...drawOutcome(draw, !outcome.situation.startsWith('job') && chance(0.5)),
        source: 'document',
        supersedesId: first.id,
        provenance: 'demo',
        recordedAt: recorded(observedOn, 40),
      })
      written++
    }
  }
  return written
}

function drawOutcome({ rnd, pick, chance }: Draw, positive: boolean) {
  if (!positive) {
    const situation = pick(['job_seeking', 'job_seeking', 'inactive', 'unreachable'] as const)
    return { situation, contractType: null, contractMonths: null, inFibreSector: null }
  }
  const kind = rnd()
  if (kind < 0.12)
    return { situation: 'qualifying_training', contractType: null, contractMonths: null, inFibreSector: true }
  if (kind < 0.3) {
    return {
      situation: 'work_study',
      contractType: pick(['apprenticeship', 'professionalisation'] as const),
      contractMonths: 12 + Math.floor(rnd() * 13),
      inFibreSector: true,
    }
  }
  const contractType = pick(['cdi', 'cdi', 'cdd', 'cdd', 'temp_agency', 'cdi_interim'] as const)
  const contractMonths = contractType === 'cdd' || contractType === 'temp_agency' ? 1 + Math.floor(rnd() * 12) : null
  return { situation: 'employed', contractType, contractMonths, inFibreSector: chance(0.85) }
}

export async function seedDemo(db: Database, today = new Date().toISOString().slice(0, 10)): Promise<DemoReport> {
  const report: DemoReport = { tracks: 0, cohorts: 0, learners: 0, enrolments: 0, observations: 0 }
  const [existing] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cohorts)
    .where(eq(cohorts.provenance, 'demo'))
  if ((existing?.n ?? 0) > 0) return report

  const rows = {
    cohorts: [] as Array<typeof cohorts.$inferInsert>,
    learners: [] as Array<typeof learners.$inferInsert>,
    enrolments: [] as Array<typeof enrolments.$inferInsert>,
    stages: [] as Array<typeof enrolmentStageChanges.$inferInsert>,
    observations: [] as Array<typeof outcomeObservations.$inferInsert>,
  }
  const draw = drawing(2018)
  const { rnd, pick, chance } = draw

  return db.transaction(async (tx) => {
    const [standard, romans] = await insertDemoTracks(tx)
    report.tracks = 2

    const campusRows = await tx.select({ id: campuses.id, name: campuses.name }).from(campuses)
    for (const campus of campusRows) {
      const plan = campusPlans[campus.name]
      if (!plan) continue
      const track = plan.track === 'romans' ? romans! : standard!
      const firstYear = Number(plan.opened.slice(0, 4))
      const lastYear = Number(today.slice(0, 4))
      let serial = 0
      for (let year = firstYear; year <= lastYear; year++) {
        for (const [i, month] of cohortStarts.entries()) {
          const startDate = `${year}-${month}` === plan.opened.slice(0, 7) ? plan.opened : `${year}-${month}-07`
          if (startDate < plan.opened) continue
          const endDate = addDays(addMonths(startDate, plan.track === 'romans' ? 4 : 3), -3)
          if (startDate > addMonths(today, 4)) continue
          const status =
            endDate < today
              ? 'completed'
              : startDate <= today
                ? 'in_training'
                : startDate <= addMonths(today, 2)
                  ? 'recruiting'
                  : 'planned'
          const name = `${plan.prefix} ${year}-${i + 1}`
          const cohort = { id: randomUUID() }
          rows.cohorts.push({
            id: cohort.id,
            campusId: campus.id,
            trackId: track.id,
            name,
            searchKey: searchKey(name),
            startDate,
            endDate,
            plannedSeats: 14,
            status,
            juryDate: addDays(startDate, -14),
            provenance: 'demo',
          })
          report.cohorts++
          if (status === 'planned') continue

          const target = 12 + Math.floor(rnd() * 5)
          const applicants = status === 'recruiting' ? 8 + Math.floor(rnd() * 6) : target + 3 + Math.floor(rnd() * 3)
          let admitted = 0
          for (let a = 0; a < applicants; a++) {
            serial++
            const reference = `${plan.prefix}-${year}-${String(serial).padStart(3, '0')}`
            const sex = chance(0.14) ? 'female' : 'male'
            const birthYear = year - (17 + Math.floor(rnd() * 9))
            const qpv = chance(0.55)
            const learner = { id: randomUUID() }
            rows.learners.push({
              id: learner.id,
              campusId: campus.id,
              reference,
              birthYear,
              sex,
              qpvResident: qpv,
              qpvListVersion: year >= 2024 ? '2024' : '2015',
              diplomaAtEntry: pick(['none', 'none', 'none', 'brevet', 'cap_bep', 'cap_bep', 'bac'] as const),
              monthsOutOfSchool: Math.floor(rnd() * 36),
              neetAtEntry: chance(0.85),
              referrer: pick(['mission_locale', 'mission_locale', 'france_travail', 'e2c', 'self', 'other'] as const),
              drivingLicenceAtEntry: chance(0.2),
              provenance: 'demo',
            })
            report.learners++

            const appliedOn = addDays(startDate, -(20 + Math.floor(rnd() * 40)))
            const walked = walkStages(
              draw,
              { status, startDate, endDate, today, appliedOn },
              { admitted, target, left: applicants - a },
            )
            const { history, stage, integrationConfirmedOn, exitDate, exitReason, exclusionReason } = walked
            admitted = walked.admitted
            const enrolment = { id: randomUUID() }
            rows.enrolments.push({
              id: enrolment.id,
              learnerId: learner!.id,
              cohortId: cohort!.id,
              stage,
              appliedOn,
              stageChangedOn: history.at(-1)!.on,
              integrationConfirmedOn,
              exitDate,
              exitReason,
              exclusionReason,
              certificationObtained: exitReason === 'completed' ? chance(0.8) : null,
              drivingLicenceObtained: exitReason === 'completed' ? chance(0.45) : null,
              provenance: 'demo',
            })
            report.enrolments++
            rows.stages.push(
              ...history.map((h) => ({ enrolmentId: enrolment.id, fromStage: h.from, toStage: h.to, changedOn: h.on })),
            )

            if (!exitDate || exitReason === 'excluded') continue
            report.observations += observe(draw, rows, enrolment.id, exitDate, exitReason === 'completed', today)
          }
        }
      }
    }
    // Written in a few large statements: thousands of rows, a handful of round trips.
    await insertAll(tx, cohorts, rows.cohorts)
    await insertAll(tx, learners, rows.learners)
    await insertAll(tx, enrolments, rows.enrolments)
    await insertAll(tx, enrolmentStageChanges, rows.stages)
    await insertAll(
      tx,
      outcomeObservations,
      rows.observations.filter((o) => !o.supersedesId),
    )
    await insertAll(
      tx,
      outcomeObservations,
      rows.observations.filter((o) => o.supersedesId),
    )
    return report
  })
}
