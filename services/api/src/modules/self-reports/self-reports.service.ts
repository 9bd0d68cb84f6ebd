import type {
  Checkpoint,
  CohortFollowUpInvitationsCreate,
  FollowUpInvitation,
  FollowUpInvitationCreate,
  FollowUpInvitationIssued,
  FollowUpInvitationList,
  FollowUpInvitationListQuery,
  InvitationStatus,
  SelfReportCreate,
  SelfReportInvitation,
  SelfReportReceipt,
} from '@trajectoires/contract'
import type { Database, Executor, Transaction } from '../../db/client.js'
import { assertCampusAccess, currentPrincipal, requestContext } from '../../lib/access.js'
import { AppError, Conflict, Invalid, NotFound } from '../../lib/errors.js'
import { givenFields } from '../../lib/patch.js'
import type { RateLimiter } from '../../plugins/rate-limit.js'
import { recordAudit } from '../audit/audit.service.js'
import { addDays, checkpointDate, checkpointWindow, todayUtc } from '@trajectoires/contract/rules'
import type { OutcomesService } from '../outcomes/outcomes.service.js'
import { hashCode, newCode } from './self-reports.codes.js'
import type {
  InvitableEnrolment,
  InvitationRow,
  InvitationView,
  SelfReportsRepository,
} from './self-reports.repository.js'

export interface SelfReportSettings {
  /** Days a code works (`SELF_REPORT_CODE_DAYS`); the checkpoint's window may end it sooner. */
  codeDays: number
  /** Lookups and answers per address per window, on the public routes. */
  perAddressMax: number
  /** Lookups and answers per code per window. */
  perCodeMax: number
  windowSeconds: number
}

function statusOf(row: InvitationRow, now = Date.now()): InvitationStatus {
  if (row.answeredAt) return 'answered'
  if (row.revokedAt) return 'revoked'
  if (row.expiresAt.getTime() <= now) return 'expired'
  return 'pending'
}

const iso = (date: Date | null) => (date ? date.toISOString() : null)

function toInvitation(row: InvitationView): FollowUpInvitation {
  return {
    id: row.id,
    enrolmentId: row.enrolmentId,
    learner: { id: row.learnerId, reference: row.learnerReference },
    cohortId: row.cohortId,
    checkpoint: row.checkpoint as Checkpoint,
    status: statusOf(row),
    contact: row.contact,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    answeredAt: iso(row.answeredAt),
    revokedAt: iso(row.revokedAt),
    observationId: row.observationId,
  }
}

/** The refusals of a code that exists but no longer works (410). The holder of the code learns only that. */
function refuseSpent(row: InvitationRow): void {
  switch (statusOf(row)) {
    case 'answered':
      throw new AppError(410, 'code_used', 'This code was already used: an answer was recorded with it.')
    case 'revoked':
      throw new AppError(410, 'code_revoked', 'This code was withdrawn by the campus. Ask the campus for a new one.')
    case 'expired':
      throw new AppError(410, 'code_expired', 'This code has expired. Ask the campus for a new one.')
    case 'pending':
  }
}

/**
 * Runs `write` with the request's address left out of what it records: the audit trail keeps who
 * (anonymous) and which request, but not the learner's address, which would be contact data.
 */
function withoutAddress<T>(write: () => Promise<T>): Promise<T> {
  const context = requestContext.getStore()
  return context ? requestContext.run({ ...context, ip: undefined }, write) : write()
}

const unknownCode = () =>
  new AppError(404, 'not_found', 'This code is unknown. Check it, or ask the campus for a new one.')

/** Refuses an enrolment no invitation can be made for now (409), and gives the code's expiry. */
function expiryFor(
  settings: SelfReportSettings,
  enrolment: InvitableEnrolment,
  checkpoint: Checkpoint,
  today: string,
): Date {
  if (!enrolment.exitDate) {
    throw Conflict(`Enrolment ${enrolment.id} has not exited yet: its follow-ups start after its exit date.`)
  }
  if (enrolment.exitReason === 'excluded') {
    throw Conflict(`Enrolment ${enrolment.id} is excluded from the statistics: it has no follow-up to answer.`)
  }
  const window = checkpointWindow(checkpoint, enrolment.exitDate)
  if (today < window.from || today > window.to) {
    throw Conflict(
      `The ${checkpoint} window of enrolment ${enrolment.id} is ${window.from} to ${window.to}: an answer can only be recorded inside it, so an invitation is made only while it is open.`,
    )
  }
  const byDays = Date.now() + settings.codeDays * 86_400_000
  const windowEnd = Date.parse(`${addDays(window.to, 1)}T00:00:00Z`)
  return new Date(Math.min(byDays, windowEnd))
}

/** Makes the invitations in one transaction, revoking the pending ones they replace; audited. */
async function issue(
  invitations: SelfReportsRepository,
  tx: Transaction,
  due: Array<{ enrolment: InvitableEnrolment; expiresAt: Date }>,
  checkpoint: Checkpoint,
  contact: string | undefined,
  baseUrl: string,
): Promise<FollowUpInvitationIssued[]> {
  const replaced = await invitations.revokePending(
    due.map((d) => d.enrolment.id),
    checkpoint,
    tx,
  )
  const campusOf = new Map(due.map((d) => [d.enrolment.id, d.enrolment.campusId]))
  for (const old of replaced) {
    await recordAudit(tx, {
      action: 'revoke',
      resourceType: 'follow_up_invitation',
      resourceId: old.id,
      campusId: campusOf.get(old.enrolmentId) ?? null,
      changes: { reason: 'replaced by a new invitation' },
    })
  }
  const codes = due.map(() => newCode())
  const rows = await invitations.insert(
    due.map((d, i) => ({
      enrolmentId: d.enrolment.id,
      checkpoint,
      codeHash: hashCode(codes[i]!),
      contact: contact ?? null,
      expiresAt: d.expiresAt,
    })),
    tx,
  )
  const issued: FollowUpInvitationIssued[] = []
  for (const [i, row] of rows.entries()) {
    const { enrolment } = due[i]!
    await recordAudit(tx, {
      action: 'create',
      resourceType: 'follow_up_invitation',
      resourceId: row.id,
      campusId: enrolment.campusId,
      changes: { enrolmentId: enrolment.id, checkpoint, expiresAt: row.expiresAt.toISOString() },
    })
    issued.push({
      id: row.id,
      enrolmentId: enrolment.id,
      learner: { id: enrolment.learnerId, reference: enrolment.learnerReference },
      checkpoint,
      code: codes[i]!,
      link: `${baseUrl}/suivi#${codes[i]!}`,
      expiresAt: row.expiresAt.toISOString(),
    })
  }
  return issued
}

export function createSelfReportsService(deps: {
  db: Database
  invitations: SelfReportsRepository
  outcomes: OutcomesService
  limiter: RateLimiter
  settings: SelfReportSettings
}) {
  const { db, invitations, outcomes, limiter, settings } = deps

  /**
   * Counts the call against the per-address and per-code limits (429 past them), then gives the
   * code's hash. Outside any transaction: on PGlite the counters share the one connection.
   */
  async function limited(code: string, ip: string): Promise<string> {
    const hash = hashCode(code)
    await limiter.consume(`self-report:ip:${ip}`, settings.perAddressMax, settings.windowSeconds)
    await limiter.consume(`self-report:code:${hash}`, settings.perCodeMax, settings.windowSeconds)
    return hash
  }

  /**
   * The working invitation of a code's hash. Wrong and right codes take the same path (hash, then
   * one indexed look-up); the difference shows only in the answer.
   */
  async function find(hash: string, tx: Executor, lock = false): Promise<InvitationView> {
    const row = await invitations.byCodeHash(hash, tx, lock)
    if (!row) throw unknownCode()
    refuseSpent(row)
    return row
  }

  return {
    async create(input: FollowUpInvitationCreate, baseUrl: string): Promise<FollowUpInvitationIssued> {
      return db.transaction(async (tx) => {
        const enrolment = await invitations.enrolment(input.enrolmentId, tx)
        if (!enrolment) throw NotFound('Enrolment', input.enrolmentId)
        const expiresAt = expiryFor(settings, enrolment, input.checkpoint, todayUtc())
        const [issued] = await issue(
          invitations,
          tx,
          [{ enrolment, expiresAt }],
          input.checkpoint,
          input.contact,
          baseUrl,
        )
        return issued!
      })
    },

    async createForCohort(
      cohortId: string,
      input: CohortFollowUpInvitationsCreate,
      baseUrl: string,
    ): Promise<FollowUpInvitationIssued[]> {
      return db.transaction(async (tx) => {
        if (!(await invitations.cohortExists(cohortId, tx))) throw NotFound('Cohort', cohortId)
        const today = todayUtc()
        const due: Array<{ enrolment: InvitableEnrolment; expiresAt: Date }> = []
        for (const enrolment of await invitations.unobservedInCohort(cohortId, input.checkpoint, tx)) {
          const window = checkpointWindow(input.checkpoint, enrolment.exitDate!)
          if (today < window.from || today > window.to) continue
          due.push({ enrolment, expiresAt: expiryFor(settings, enrolment, input.checkpoint, today) })
        }
        return issue(invitations, tx, due, input.checkpoint, input.contact, baseUrl)
      })
    },

    async list(query: FollowUpInvitationListQuery): Promise<FollowUpInvitationList> {
      if (!(await invitations.cohortExists(query.cohortId))) throw NotFound('Cohort', query.cohortId)
      const items = (await invitations.list({ cohortId: query.cohortId, checkpoint: query.checkpoint })).map(
        toInvitation,
      )
      return { items: query.status ? items.filter((i) => i.status === query.status) : items }
    },

    /** Revokes a pending (or expired) invitation; 409 once answered. Revoking twice changes nothing. */
    async revoke(id: string): Promise<FollowUpInvitation> {
      return db.transaction(async (tx) => {
        const row = await invitations.get(id, tx)
        if (!row) throw NotFound('Invitation', id)
        assertCampusAccess(currentPrincipal(), row.campusId, 'write')
        if (row.answeredAt)
          throw Conflict(`Invitation ${id} was answered: its answer is an observation, correct that instead.`)
        if (row.revokedAt) return toInvitation(row)
        const revoked = await invitations.markRevoked(id, tx)
        await recordAudit(tx, {
          action: 'revoke',
          resourceType: 'follow_up_invitation',
          resourceId: id,
          campusId: row.campusId,
          changes: { reason: 'revoked by staff' },
        })
        return toInvitation({ ...row, ...revoked! })
      })
    },

    async lookup(code: string, ip: string): Promise<SelfReportInvitation> {
      const row = await find(await limited(code, ip), db)
      const checkpoint = row.checkpoint as Checkpoint
      return {
        campusName: row.campusName,
        checkpoint,
        dueOn: checkpointDate(checkpoint, row.exitDate!),
        window: checkpointWindow(checkpoint, row.exitDate!),
        expiresAt: row.expiresAt.toISOString(),
        contact: row.contact,
      }
    },

    /** Records the answer as a `self_report` observation and uses the code up, in one transaction. */
    async answer(input: SelfReportCreate, ip: string): Promise<SelfReportReceipt> {
      if (input.situation === 'unreachable') {
        throw Invalid([
          {
            field: '/situation',
            code: 'self_report_unreachable',
            message: 'a learner who answers is not unreachable: choose what they are doing today',
          },
        ])
      }
      const hash = await limited(input.code, ip)
      return db.transaction(async (tx) => {
        const row = await find(hash, tx, true)
        const checkpoint = row.checkpoint as Checkpoint
        return withoutAddress(async () => {
          const observation = await outcomes.record(tx, row.enrolmentId, {
            checkpoint,
            observedOn: todayUtc(),
            situation: input.situation,
            ...givenFields(input, ['contractType', 'contractMonths', 'inFibreSector', 'startedOn']),
            source: 'self_report',
          })
          await invitations.markAnswered(row.id, observation.id, tx)
          await recordAudit(tx, {
            action: 'answer',
            resourceType: 'follow_up_invitation',
            resourceId: row.id,
            campusId: row.campusId,
            changes: { observationId: observation.id },
          })
          return { campusName: row.campusName, checkpoint, observedOn: observation.observedOn }
        })
      })
    },
  }
}

export type SelfReportsService = ReturnType<typeof createSelfReportsService>
