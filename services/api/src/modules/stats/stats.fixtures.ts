/**
 * Test data for the statistics, inserted straight into the record tables (the triggers keep the
 * statistics tables up to date as they would for the API's writes). Every value is given or
 * derived from a counter, so scenarios are hand-computable.
 */
import type {
  Checkpoint,
  ContractType,
  DiplomaLevel,
  ExitReason,
  RecordedObservationSource,
  Referrer,
  Sex,
  Situation,
} from '@trajectoires/contract'
import type { Database } from '../../db/client.js'
import { addDays } from '@trajectoires/contract/rules'
import { campuses, cohorts, enrolments, learners, outcomeObservations, tracks } from '../../db/schema/index.js'
import { lyonCampusRow } from '../campuses/campuses.fixtures.js'

export interface PersonInit {
  sex?: Sex
  qpv?: boolean | null
  neet?: boolean | null
  diploma?: DiplomaLevel
  referrer?: Referrer
  /** Null: never past the trial period. */
  integration?: string | null
  exit?: string | null
  reason?: ExitReason | null
  exclusion?: 'moved_away' | 'long_illness' | 'deceased' | 'incarcerated' | null
  stage?: 'applied' | 'jury_rejected' | 'waitlisted' | 'enrolled' | 'in_training' | 'completed' | 'withdrawn'
}

export interface ObservationInit {
  checkpoint?: Checkpoint
  observedOn: string
  situation: Situation
  contractType?: ContractType | null
  contractMonths?: number | null
  supersedes?: string | null
  recordedAt?: Date
  /** Default `self_declared`. */
  source?: RecordedObservationSource
}

/** The contract an observation gives, or by default: open-ended for a job, apprenticeship for work-study. */
const contractOf = (o: ObservationInit): ContractType | null =>
  o.contractType === undefined
    ? o.situation === 'employed'
      ? 'cdi'
      : o.situation === 'work_study'
        ? 'apprenticeship'
        : null
    : o.contractType

export function createStatsFixtures(db: Database) {
  let count = 0
  let trackId: string | undefined

  async function track(): Promise<string> {
    if (trackId) return trackId
    const [row] = await db
      .insert(tracks)
      .values({ name: 'Câbleur FTTH', searchKey: 'cableur ftth', hours: 250, components: ['technical_platform'] })
      .returning({ id: tracks.id })
    trackId = row!.id
    return trackId
  }

  return {
    async campus(
      name = `Campus ${++count}`,
      init: { status?: 'planned' | 'open' | 'closed'; yearlyCapacity?: number | null } = {},
    ): Promise<string> {
      const [row] = await db
        .insert(campuses)
        .values({
          ...lyonCampusRow(name),
          status: init.status ?? 'open',
          yearlyCapacity: init.yearlyCapacity ?? null,
        })
        .returning({ id: campuses.id })
      return row!.id
    },

    async cohort(campusId: string, init: { name?: string; start?: string; end?: string } = {}): Promise<string> {
      const name = init.name ?? `Cohort ${++count}`
      const [row] = await db
        .insert(cohorts)
        .values({
          campusId,
          trackId: await track(),
          name,
          searchKey: name.toLowerCase(),
          startDate: init.start ?? '2019-03-01',
          endDate: init.end ?? '2019-06-30',
          plannedSeats: 15,
          status: 'completed',
        })
        .returning({ id: cohorts.id })
      return row!.id
    },

    /** A learner and their enrolment in `cohortId`; by default an entrant who completed on 30 June 2019. */
    async person(campusId: string, cohortId: string, init: PersonInit = {}): Promise<string> {
      const [id] = await this.crowd(campusId, cohortId, 1, () => ({ person: init }))
      return id!
    },

    /** `n` people at once (three statements): person `i` is `each(i)`, with its observations. */
    async crowd(
      campusId: string,
      cohortId: string,
      n: number,
      each: (i: number) => { person?: PersonInit; observations?: ObservationInit[] },
    ): Promise<string[]> {
      const plans = Array.from({ length: n }, (_, i) => each(i))
      const learnerRows = await db
        .insert(learners)
        .values(
          plans.map(({ person: p = {} }) => ({
            campusId,
            reference: `L-${++count}`,
            birthYear: 2000,
            sex: p.sex ?? 'male',
            qpvResident: p.qpv === undefined ? true : p.qpv,
            qpvListVersion: p.qpv === null ? null : '2015',
            diplomaAtEntry: p.diploma ?? 'none',
            neetAtEntry: p.neet === undefined ? true : p.neet,
            referrer: p.referrer ?? 'mission_locale',
          })),
        )
        .returning({ id: learners.id })
      const enrolmentRows = await db
        .insert(enrolments)
        .values(
          plans.map(({ person: p = {} }, i) => {
            const reason = p.reason === undefined ? 'completed' : p.reason
            const exit = p.exit === undefined ? '2019-06-30' : p.exit
            return {
              learnerId: learnerRows[i]!.id,
              cohortId,
              stage: p.stage ?? (reason === 'completed' ? 'completed' : reason ? 'withdrawn' : 'in_training'),
              appliedOn: addDays([p.integration, exit].filter((d): d is string => !!d).sort()[0] ?? '2019-03-15', -60),
              stageChangedOn: exit ?? '2019-03-01',
              integrationConfirmedOn: p.integration === undefined ? '2019-03-15' : p.integration,
              exitDate: exit,
              exitReason: reason,
              exclusionReason: p.exclusion ?? (reason === 'excluded' ? 'moved_away' : null),
            }
          }),
        )
        .returning({ id: enrolments.id })
      const observations = plans.flatMap(({ observations = [] }, i) =>
        observations.map((o) => ({
          enrolmentId: enrolmentRows[i]!.id,
          checkpoint: o.checkpoint ?? 'm6',
          observedOn: o.observedOn,
          situation: o.situation,
          contractType: contractOf(o),
          contractMonths: o.contractMonths ?? null,
          source: o.source ?? 'self_declared',
          ...(o.recordedAt ? { recordedAt: o.recordedAt } : {}),
        })),
      )
      if (observations.length) await db.insert(outcomeObservations).values(observations)
      return enrolmentRows.map((r) => r.id)
    },

    async observe(enrolmentId: string, init: ObservationInit): Promise<string> {
      const [row] = await db
        .insert(outcomeObservations)
        .values({
          enrolmentId,
          checkpoint: init.checkpoint ?? 'm6',
          observedOn: init.observedOn,
          situation: init.situation,
          contractType: contractOf(init),
          contractMonths: init.contractMonths ?? null,
          source: init.source ?? 'self_declared',
          supersedesId: init.supersedes ?? null,
          ...(init.recordedAt ? { recordedAt: init.recordedAt } : {}),
        })
        .returning({ id: outcomeObservations.id })
      return row!.id
    },
  }
}

export type StatsFixtures = ReturnType<typeof createStatsFixtures>
