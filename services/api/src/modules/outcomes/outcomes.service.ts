import {
  checkpoints,
  type FollowUp,
  type FollowUpCheckpoint,
  type FollowUpListQuery,
  type OutcomeObservation,
  type OutcomeObservationCreate,
  type OutcomeObservationHistory,
  type OutcomeObservationHistoryQuery,
  type OutcomesInForce,
  type PageOf,
  type RecordedObservationSource,
} from '@trajectoires/contract'
import type { Database, Transaction } from '../../db/client.js'
import { Conflict, Invalid, NotFound } from '../../lib/errors.js'
import { decodeCursor, encodeCursor } from '../../lib/pagination.js'
import { auditCreate } from '../audit/versioned-write.js'
import type { OrganisationsRepository } from '../organisations/organisations.repository.js'
import {
  addDays,
  addMonths,
  checkObservation,
  checkpointOrder,
  checkpointSchedule,
  checkpointWindow,
  checkpointWindows,
  daysBetween,
  todayUtc,
} from '@trajectoires/contract/rules'
import type { FollowUpBranch, FollowUpRow, ObservationRow, OutcomesRepository } from './outcomes.repository.js'

/** Maps a row to the contract, with what is known of its correction at the moment given. */
function toObservation(row: ObservationRow, supersededBy: string | null): OutcomeObservation {
  return {
    id: row.id,
    enrolmentId: row.enrolmentId,
    checkpoint: row.checkpoint as OutcomeObservation['checkpoint'],
    observedOn: row.observedOn,
    situation: row.situation as OutcomeObservation['situation'],
    contractType: row.contractType as OutcomeObservation['contractType'],
    contractMonths: row.contractMonths,
    employerOrganisationId: row.employerOrganisationId,
    inFibreSector: row.inFibreSector,
    startedOn: row.situationStartedOn,
    source: row.source as OutcomeObservation['source'],
    supersedes: row.supersedesId,
    supersededBy,
    current: supersededBy === null,
    provenance: row.provenance as OutcomeObservation['provenance'],
    importId: row.importId,
    recordedAt: row.recordedAt.toISOString(),
  }
}

/** An observation to record: what staff send, or a self-report (`source: "self_report"`). */
export type RecordedObservationCreate = Omit<OutcomeObservationCreate, 'source'> & { source: RecordedObservationSource }

/** `asOf` as a moment: a date alone is the end of that day (UTC). */
function asOfMoment(asOf: string | undefined): Date | undefined {
  if (asOf === undefined) return undefined
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(asOf) ? `${asOf}T23:59:59.999Z` : asOf)
}

/** The latest exit date whose checkpoint date (exit + `months`) falls on or before `day`. */
function latestExitDueBy(day: string, months: number): string {
  // Month ends clamp (31 Aug + 6 months = 28 Feb), so up to three later exit days share a due date.
  let exit = addMonths(day, -months)
  for (let i = 0; i < 3; i++) {
    const next = addDays(exit, 1)
    if (addMonths(next, months) > day) break
    exit = next
  }
  return exit
}

const followUpCursor = (row: Pick<FollowUpRow, 'dueOn' | 'enrolmentId' | 'checkpoint'>) =>
  encodeCursor({ v: `${row.dueOn}/${row.checkpoint}`, id: row.enrolmentId })

function readFollowUpCursor(raw: string | undefined) {
  const cursor = decodeCursor(raw)
  if (!cursor) return undefined
  const match = typeof cursor.v === 'string' ? /^(\d{4}-\d{2}-\d{2})\/(m6|m12)$/.exec(cursor.v) : null
  if (!match || new Date(`${match[1]}T00:00:00Z`).toISOString().slice(0, 10) !== match[1]) {
    throw Invalid([
      {
        in: 'query',
        field: '/cursor',
        code: 'cursor',
        message: 'is not a cursor this API issued; start again without it',
      },
    ])
  }
  return { dueOn: match[1]!, checkpoint: match[2]!, enrolmentId: cursor.id }
}

interface OutcomesDeps {
  db: Database
  outcomes: OutcomesRepository
  organisations: OrganisationsRepository
}

/**
 * Checks and records one observation inside the caller's transaction: `create` for staff and
 * partners, and the self-report of a learner (`source: "self_report"`), which must commit with
 * the use of its code.
 */
async function recordObservation(
  { outcomes, organisations }: OutcomesDeps,
  tx: Transaction,
  enrolmentId: string,
  input: RecordedObservationCreate,
  provenance: 'user' | 'source_article' | 'demo' = 'user',
  options: { refuseDuplicate?: boolean } = {},
): Promise<OutcomeObservation> {
  const enrolment = await outcomes.lockEnrolment(enrolmentId, tx)
  if (!enrolment) throw NotFound('Enrolment', enrolmentId)
  if (!enrolment.exitDate) {
    throw Conflict(
      `The enrolment has not exited yet: record its exit date before observing its outcomes (enrolment ${enrolmentId}).`,
    )
  }
  const issues = checkObservation(input, { exitDate: enrolment.exitDate, today: todayUtc() })
  if (input.employerOrganisationId && !(await organisations.get(input.employerOrganisationId, tx))) {
    issues.push({
      field: '/employerOrganisationId',
      code: 'exists',
      message: `organisation ${input.employerOrganisationId} does not exist`,
    })
  }
  const earlier = input.supersedes ? await outcomes.get(input.supersedes, tx) : undefined
  if (input.supersedes && !earlier) {
    issues.push({
      field: '/supersedes',
      code: 'exists',
      message: `observation ${input.supersedes} does not exist`,
    })
  }
  if (issues.length > 0) throw Invalid(issues)

  if (earlier) {
    if (earlier.enrolmentId !== enrolmentId) {
      throw Conflict(
        `Observation ${earlier.id} belongs to another enrolment: a correction supersedes an observation of the same enrolment.`,
      )
    }
    if (earlier.checkpoint !== input.checkpoint) {
      throw Conflict(
        `Observation ${earlier.id} is a ${earlier.checkpoint} observation: a correction supersedes an observation of the same checkpoint (${input.checkpoint}).`,
      )
    }
    const [already] = await outcomes.supersedersOf(earlier.id, tx)
    if (already) {
      throw Conflict(
        `Observation ${earlier.id} is already superseded by observation ${already.id}: correct that one instead.`,
      )
    }
  }

  // The same observation sent again (a retry without Idempotency-Key, a script run twice) is not
  // recorded twice; a correction (`supersedes`) may restore earlier values.
  if (options.refuseDuplicate && !input.supersedes) {
    const same = (await outcomes.forEnrolment(enrolmentId, tx)).find(
      (o) =>
        o.checkpoint === input.checkpoint &&
        o.observedOn === input.observedOn &&
        o.situation === input.situation &&
        o.contractType === (input.contractType ?? null) &&
        o.contractMonths === (input.contractMonths ?? null) &&
        o.employerOrganisationId === (input.employerOrganisationId ?? null) &&
        o.inFibreSector === (input.inFibreSector ?? null) &&
        o.source === input.source,
    )
    if (same) {
      throw Conflict(
        `Observation ${same.id} already records exactly this at ${input.checkpoint}: it is not recorded twice (to correct it, send supersedes).`,
        'duplicate',
      )
    }
  }

  const row = await outcomes.insert(
    {
      enrolmentId,
      checkpoint: input.checkpoint,
      observedOn: input.observedOn,
      situation: input.situation,
      contractType: input.contractType ?? null,
      contractMonths: input.contractMonths ?? null,
      employerOrganisationId: input.employerOrganisationId ?? null,
      inFibreSector: input.inFibreSector ?? null,
      situationStartedOn: input.startedOn ?? null,
      source: input.source,
      supersedesId: input.supersedes ?? null,
      provenance,
    },
    tx,
  )
  return auditCreate(tx, 'observation', toObservation(row, null), enrolment.campusId)
}

/** `campusIds`: the caller's campuses (`campusFilter(principal)`); undefined for every campus. */
async function listFollowUps(
  { db, outcomes }: OutcomesDeps,
  query: FollowUpListQuery,
  campusIds?: readonly string[],
): Promise<PageOf<FollowUp>> {
  const limit = query.limit ?? 20
  const today = todayUtc()
  const dueBefore = query.dueBefore ?? today
  const cursor = readFollowUpCursor(query.cursor)
  const wanted: FollowUpCheckpoint[] = query.checkpoint ? [query.checkpoint] : ['m6', 'm12']
  const branches: FollowUpBranch[] = wanted.map((checkpoint) => {
    const dueMonths = checkpointSchedule[checkpoint].due.months
    return {
      checkpoint,
      dueMonths,
      windowEndMonths: checkpointSchedule[checkpoint].to.months,
      exitOnOrBefore: latestExitDueBy(dueBefore, dueMonths),
      // Exit + months is never before the cursor's due date unless the exit is before this.
      exitOnOrAfter: cursor ? addMonths(cursor.dueOn, -dueMonths) : undefined,
    }
  })
  // The list is read in two statements: one snapshot for both, so that a page is never cut short.
  const rows = await db.transaction(
    (tx) =>
      outcomes.followUps(
        {
          branches,
          campusId: query.campusId,
          campusIds,
          cohortId: query.cohortId,
          window: query.window,
          today,
          cursor,
          limit,
        },
        tx,
      ),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  )
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  const last = page.at(-1)
  return {
    items: page.map((row) => {
      const window = checkpointWindow(row.checkpoint, row.exitDate)
      return {
        enrolmentId: row.enrolmentId,
        learner: { id: row.learnerId, reference: row.learnerReference },
        campus: { id: row.campusId, name: row.campusName },
        cohort: { id: row.cohortId, name: row.cohortName },
        checkpoint: row.checkpoint,
        exitDate: row.exitDate,
        dueOn: row.dueOn,
        daysOverdue: daysBetween(row.dueOn, today),
        window,
        windowClosed: window.to < today,
      }
    }),
    nextCursor: more && last ? followUpCursor(last) : null,
  }
}

export function createOutcomesService(deps: OutcomesDeps) {
  const { db, outcomes } = deps

  /** `recordObservation` with this service's repositories. */
  const record = (
    tx: Transaction,
    enrolmentId: string,
    input: RecordedObservationCreate,
    provenance: 'user' | 'source_article' | 'demo' = 'user',
    options: { refuseDuplicate?: boolean } = {},
  ) => recordObservation(deps, tx, enrolmentId, input, provenance, options)

  return {
    record,

    async create(
      enrolmentId: string,
      input: OutcomeObservationCreate,
      provenance: 'user' | 'source_article' | 'demo' = 'user',
    ): Promise<OutcomeObservation> {
      return db.transaction((tx) => record(tx, enrolmentId, input, provenance, { refuseDuplicate: true }))
    },

    async get(id: string): Promise<OutcomeObservation> {
      const row = await outcomes.get(id)
      if (!row) throw NotFound('Observation', id)
      const [by] = await outcomes.supersedersOf(id)
      return toObservation(row, by?.id ?? null)
    },

    async history(enrolmentId: string, query: OutcomeObservationHistoryQuery): Promise<OutcomeObservationHistory> {
      const enrolment = await outcomes.getEnrolment(enrolmentId)
      if (!enrolment) throw NotFound('Enrolment', enrolmentId)
      const moment = asOfMoment(query.asOf)
      // One snapshot for the history and the choice of the observations that count.
      const [all, counted] = await db.transaction(
        async (tx) =>
          [
            await outcomes.forEnrolment(enrolmentId, tx),
            enrolment.exitDate ? await outcomes.counted(enrolmentId, enrolment.exitDate, moment ?? null, tx) : null,
          ] as const,
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      )
      const known = moment ? all.filter((o) => o.recordedAt.getTime() <= moment.getTime()) : all
      const supersededBy = new Map<string, string>()
      for (const o of known) {
        if (o.supersedesId && !supersededBy.has(o.supersedesId)) supersededBy.set(o.supersedesId, o.id)
      }
      const observations = known
        .map((o) => ({ row: o, view: toObservation(o, supersededBy.get(o.id) ?? null) }))
        .sort((a, b) => checkpointOrder[a.view.checkpoint] - checkpointOrder[b.view.checkpoint])

      const current: OutcomesInForce = { exit: null, m6: null, m12: null }
      if (counted) {
        // The statistics' own choice (a failed contact counts only when nothing else was observed).
        const byId = new Map(observations.map((o) => [o.view.id, o.view]))
        for (const checkpoint of checkpoints) {
          const id = counted[checkpoint]
          current[checkpoint] = (id && byId.get(id)) || null
        }
      }
      return {
        enrolmentId,
        exitDate: enrolment.exitDate,
        asOf: (moment ?? new Date()).toISOString(),
        windows: enrolment.exitDate ? checkpointWindows(enrolment.exitDate) : null,
        items: observations
          .filter((o) => !query.checkpoint || o.view.checkpoint === query.checkpoint)
          .map((o) => o.view),
        current,
      }
    },

    /** `campusIds`: the caller's campuses (`campusFilter(principal)`); undefined for every campus. */
    followUps: (query: FollowUpListQuery, campusIds?: readonly string[]) => listFollowUps(deps, query, campusIds),
  }
}

export type OutcomesService = ReturnType<typeof createOutcomesService>
