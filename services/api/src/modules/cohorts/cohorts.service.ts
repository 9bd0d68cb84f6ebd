import { cohortTransitions } from '@trajectoires/contract/rules'
import {
  type Cohort,
  type CohortCreate,
  type CohortListQuery,
  type CohortStatus,
  type CohortUpdate,
  type PageOf,
  type ValidationIssue,
} from '@trajectoires/contract'
import type { Database, Transaction } from '../../db/client.js'
import { Conflict, Invalid, refuseInUse } from '../../lib/errors.js'
import type { IfMatch } from '../../lib/http.js'
import { givenFields } from '../../lib/patch.js'
import { listPage } from '../../lib/pagination.js'
import { searchKey, nameOf } from '../../lib/text.js'
import { versionedResource } from '../audit/versioned-write.js'
import type { CampusesRepository } from '../campuses/campuses.repository.js'
import type { TracksRepository } from '../tracks/tracks.repository.js'
import { cohortSortSpecs, type CohortInsert, type CohortsRepository, type CohortView } from './cohorts.repository.js'

type Issue = Omit<ValidationIssue, 'in'>

function toCohort(row: CohortView): Cohort {
  return {
    id: row.id,
    campusId: row.campusId,
    trackId: row.trackId,
    campus: { id: row.campusId, name: row.campusName, commune: row.campusCommune },
    track: { id: row.trackId, name: row.trackName },
    name: row.name,
    startDate: row.startDate,
    endDate: row.endDate,
    plannedSeats: row.plannedSeats,
    juryDate: row.juryDate,
    status: row.status as Cohort['status'],
    provenance: row.provenance as Cohort['provenance'],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }
}

/** Statuses in which training has not started yet: the track may still change, the cohort be cancelled. */
const beforeTraining: readonly CohortStatus[] = ['planned', 'recruiting']

/**
 * End on or after start, jury on or before start. Each problem is reported on the field the
 * request sent, so that a PATCH of `startDate` alone points at `startDate`.
 */
function dateIssues(
  dates: { startDate: string; endDate: string; juryDate: string | null },
  sent: { startDate?: unknown; endDate?: unknown; juryDate?: unknown },
): Issue[] {
  const { startDate, endDate, juryDate } = dates
  const issues: Issue[] = []
  if (endDate < startDate) {
    issues.push(
      sent.endDate !== undefined || sent.startDate === undefined
        ? { field: '/endDate', code: 'period', message: `must be on or after startDate (${startDate})` }
        : { field: '/startDate', code: 'period', message: `must be on or before endDate (${endDate})` },
    )
  }
  if (juryDate !== null && juryDate > startDate) {
    issues.push(
      sent.juryDate !== undefined || sent.startDate === undefined
        ? {
            field: '/juryDate',
            code: 'jury_date',
            message: `must be on or before startDate (${startDate}): the selection jury meets before training starts`,
          }
        : { field: '/startDate', code: 'jury_date', message: `must be on or after juryDate (${juryDate})` },
    )
  }
  return issues
}

function transitionConflict(id: string, from: CohortStatus, to: CohortStatus) {
  const next = cohortTransitions[from]
  const allowed = next.length ? `it can only move to ${next.map((s) => `"${s}"`).join(' or ')}` : 'that status is final'
  return Conflict(`Cohort ${id} is "${from}" and cannot become "${to}": ${allowed}.`)
}

interface CohortsDeps {
  db: Database
  cohorts: CohortsRepository
  campuses: CampusesRepository
  tracks: TracksRepository
}

async function trackIssue({ tracks }: CohortsDeps, trackId: string, tx: Transaction): Promise<Issue | undefined> {
  if (await tracks.get(trackId, tx)) return undefined
  return { field: '/trackId', code: 'exists', message: `track ${trackId} does not exist` }
}

/** Cohort names are unique within a campus, ignoring case and accents. */
async function refuseDuplicate(
  { cohorts }: CohortsDeps,
  campusId: string,
  name: string,
  exceptId: string | undefined,
  tx: Transaction,
) {
  const clash = await cohorts.findByName(campusId, searchKey(name), exceptId, tx)
  if (clash) {
    throw Conflict(
      `This campus already has a cohort named "${clash.name}" (cohort ${clash.id}); cohort names are unique within a campus, ignoring case and accents.`,
      'duplicate',
    )
  }
}

/** The columns of a new cohort named `name`, once its campus (locked), track, dates and name are checked. */
async function newCohort(
  deps: CohortsDeps,
  input: CohortCreate,
  name: string,
  provenance: 'user' | 'source_article' | 'demo',
  tx: Transaction,
): Promise<CohortInsert> {
  const { campuses } = deps
  const juryDate = input.juryDate ?? null
  const issues = dateIssues({ startDate: input.startDate, endDate: input.endDate, juryDate }, input)
  // The campus row lock makes the duplicate-name check and the insert one step for concurrent writers.
  if (!(await campuses.lock(input.campusId, tx))) {
    issues.push({ field: '/campusId', code: 'exists', message: `campus ${input.campusId} does not exist` })
  } else {
    const campus = (await campuses.get(input.campusId, tx))!
    if (campus.status === 'closed') {
      issues.push({
        field: '/campusId',
        code: 'campus_closed',
        message: `campus "${campus.name}" is closed: no new cohort can start there`,
      })
    }
  }
  const trackProblem = await trackIssue(deps, input.trackId, tx)
  if (trackProblem) issues.push(trackProblem)
  if (issues.length > 0) throw Invalid(issues)
  await refuseDuplicate(deps, input.campusId, name, undefined, tx)
  return {
    campusId: input.campusId,
    trackId: input.trackId,
    name,
    searchKey: searchKey(name),
    startDate: input.startDate,
    endDate: input.endDate,
    plannedSeats: input.plannedSeats,
    juryDate,
    status: input.status ?? 'planned',
    provenance,
  }
}

export function createCohortsService(deps: CohortsDeps) {
  const { db, cohorts, campuses } = deps
  const { get, create, update, remove } = versionedResource({
    resource: 'Cohort',
    resourceType: 'cohort',
    read: cohorts.get,
    toEntity: toCohort,
    campusOf: (row) => row.campusId,
    db,
    rows: cohorts,
    reread: true,
  })

  return {
    get,

    /** `campusIds`: the caller's campuses (`campusFilter(principal)`); undefined for every campus. */
    async list(query: CohortListQuery, campusIds?: readonly string[]): Promise<PageOf<Cohort>> {
      return listPage(
        query,
        cohortSortSpecs,
        '-startDate',
        (page) =>
          cohorts.list({
            campusId: query.campusId,
            campusIds,
            trackId: query.trackId,
            status: query.status,
            year: query.year,
            search: query.q ? searchKey(query.q) : undefined,
            ...page,
          }),
        toCohort,
      )
    },

    async create(input: CohortCreate, provenance: 'user' | 'source_article' | 'demo' = 'user'): Promise<Cohort> {
      const name = nameOf(input.name, '/name')
      return create((tx) => newCohort(deps, input, name, provenance, tx))
    },

    async update(id: string, ifMatch: IfMatch, input: CohortUpdate): Promise<Cohort> {
      return update(id, ifMatch, async (current, tx) => {
        await campuses.lock(current.campusId, tx)
        const status = current.status as CohortStatus

        if (
          input.status !== undefined &&
          input.status !== status &&
          !cohortTransitions[status].includes(input.status)
        ) {
          throw transitionConflict(id, status, input.status)
        }
        if (input.trackId !== undefined && input.trackId !== current.trackId && !beforeTraining.includes(status)) {
          throw Conflict(
            `Cohort ${id} is "${status}": its track can only change before training starts (while "planned" or "recruiting").`,
          )
        }

        const dates = {
          startDate: input.startDate ?? current.startDate,
          endDate: input.endDate ?? current.endDate,
          juryDate: input.juryDate !== undefined ? input.juryDate : current.juryDate,
        }
        const issues = dateIssues(dates, input)
        if (input.trackId !== undefined && input.trackId !== current.trackId) {
          const trackProblem = await trackIssue(deps, input.trackId, tx)
          if (trackProblem) issues.push(trackProblem)
        }
        if (issues.length > 0) throw Invalid(issues)

        const name = input.name === undefined ? undefined : nameOf(input.name, '/name')
        if (name !== undefined) await refuseDuplicate(deps, current.campusId, name, id, tx)

        return {
          ...(name !== undefined ? { name, searchKey: searchKey(name) } : {}),
          ...(input.trackId !== undefined ? { trackId: input.trackId } : {}),
          ...dates,
          ...givenFields(input, ['plannedSeats', 'status']),
        }
      })
    },

    async delete(id: string, ifMatch: IfMatch): Promise<void> {
      await remove(id, ifMatch, async (_current, tx) => {
        refuseInUse(
          await cohorts.countEnrolments(id, tx),
          (n) =>
            `Cohort ${id} has ${n} enrolment(s); delete them first, or keep the cohort (one that will not run is cancelled, not deleted).`,
        )
      })
    },
  }
}

export type CohortsService = ReturnType<typeof createCohortsService>
