import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import {
  campuses,
  cohorts,
  enrolments,
  followUpInvitations,
  learners,
  outcomeObservations,
} from '../../db/schema/index.js'

export type InvitationRow = typeof followUpInvitations.$inferSelect

/** An enrolment an invitation can be made for, with what the checks and the sheet need. */
export interface InvitableEnrolment {
  id: string
  exitDate: string | null
  exitReason: string | null
  learnerId: string
  learnerReference: string
  cohortId: string
  campusId: string
}

const invitable = {
  id: enrolments.id,
  exitDate: enrolments.exitDate,
  exitReason: enrolments.exitReason,
  learnerId: learners.id,
  learnerReference: learners.reference,
  cohortId: cohorts.id,
  campusId: cohorts.campusId,
}

/** An invitation with the enrolment facts the staff list and the learner's page read. */
export interface InvitationView extends InvitationRow {
  learnerId: string
  learnerReference: string
  cohortId: string
  campusId: string
  campusName: string
  exitDate: string | null
}

const view = {
  invitation: followUpInvitations,
  learnerId: learners.id,
  learnerReference: learners.reference,
  cohortId: cohorts.id,
  campusId: cohorts.campusId,
  campusName: campuses.name,
  exitDate: enrolments.exitDate,
}

type ViewRow = { invitation: InvitationRow } & Omit<InvitationView, keyof InvitationRow>
const flatten = ({ invitation, ...rest }: ViewRow): InvitationView => ({ ...invitation, ...rest })

export function createSelfReportsRepository(db: Database) {
  const selectView = (tx: Executor) =>
    tx
      .select(view)
      .from(followUpInvitations)
      .innerJoin(enrolments, eq(enrolments.id, followUpInvitations.enrolmentId))
      .innerJoin(learners, eq(learners.id, enrolments.learnerId))
      .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
      .innerJoin(campuses, eq(campuses.id, cohorts.campusId))

  /**
   * Enrolments whose situation at the checkpoint is unknown: no observation but failed contacts
   * (`unreachable`, which says nothing of the situation). Superseded observations count: something
   * was learnt.
   */
  const unobserved = (checkpoint: string) =>
    sql`not exists (select 1 from ${outcomeObservations} o where o.enrolment_id = ${enrolments.id} and o.checkpoint = ${checkpoint} and o.situation <> 'unreachable')`

  return {
    async enrolment(id: string, tx: Executor = db): Promise<InvitableEnrolment | undefined> {
      const [row] = await tx
        .select(invitable)
        .from(enrolments)
        .innerJoin(learners, eq(learners.id, enrolments.learnerId))
        .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
        .where(eq(enrolments.id, id))
      return row
    },

    async cohortExists(id: string, tx: Executor = db): Promise<boolean> {
      const [row] = await tx.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.id, id))
      return !!row
    },

    /** The cohort's exited enrolments, excluded ones left out, whose situation at the checkpoint is unknown. */
    async unobservedInCohort(cohortId: string, checkpoint: string, tx: Executor = db): Promise<InvitableEnrolment[]> {
      return tx
        .select(invitable)
        .from(enrolments)
        .innerJoin(learners, eq(learners.id, enrolments.learnerId))
        .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
        .where(
          and(
            eq(enrolments.cohortId, cohortId),
            sql`${enrolments.exitDate} is not null`,
            sql`${enrolments.exitReason} is distinct from 'excluded'`,
            unobserved(checkpoint),
          ),
        )
        .orderBy(asc(learners.reference), asc(enrolments.id))
    },

    /** Revokes the pending invitations of these enrolments at the checkpoint; returns those revoked. */
    async revokePending(enrolmentIds: string[], checkpoint: string, tx: Executor = db): Promise<InvitationRow[]> {
      if (enrolmentIds.length === 0) return []
      return tx
        .update(followUpInvitations)
        .set({ revokedAt: sql`now()` })
        .where(
          and(
            inArray(followUpInvitations.enrolmentId, enrolmentIds),
            eq(followUpInvitations.checkpoint, checkpoint),
            isNull(followUpInvitations.answeredAt),
            isNull(followUpInvitations.revokedAt),
            sql`${followUpInvitations.expiresAt} > now()`,
          ),
        )
        .returning()
    },

    async insert(rows: Array<typeof followUpInvitations.$inferInsert>, tx: Executor = db): Promise<InvitationRow[]> {
      if (rows.length === 0) return []
      return tx.insert(followUpInvitations).values(rows).returning()
    },

    async get(id: string, tx: Executor = db): Promise<InvitationView | undefined> {
      const [row] = await selectView(tx).where(eq(followUpInvitations.id, id))
      return row && flatten(row)
    },

    /** The invitation of a code's hash, locked for the answer when `lock` is set. */
    async byCodeHash(hash: string, tx: Executor = db, lock = false): Promise<InvitationView | undefined> {
      const query = selectView(tx).where(eq(followUpInvitations.codeHash, hash))
      const [row] = lock ? await query.for('update', { of: followUpInvitations }) : await query
      return row && flatten(row)
    },

    async list(
      filter: { cohortId: string; checkpoint?: string | undefined },
      tx: Executor = db,
    ): Promise<InvitationView[]> {
      const rows = await selectView(tx)
        .where(
          and(
            eq(enrolments.cohortId, filter.cohortId),
            filter.checkpoint ? eq(followUpInvitations.checkpoint, filter.checkpoint) : undefined,
          ),
        )
        .orderBy(desc(followUpInvitations.createdAt), asc(followUpInvitations.id))
      return rows.map(flatten)
    },

    async markAnswered(id: string, observationId: string, tx: Executor = db): Promise<InvitationRow | undefined> {
      const [row] = await tx
        .update(followUpInvitations)
        .set({ answeredAt: sql`now()`, observationId })
        .where(and(eq(followUpInvitations.id, id), isNull(followUpInvitations.answeredAt)))
        .returning()
      return row
    },

    async markRevoked(id: string, tx: Executor = db): Promise<InvitationRow | undefined> {
      const [row] = await tx
        .update(followUpInvitations)
        .set({ revokedAt: sql`now()` })
        .where(eq(followUpInvitations.id, id))
        .returning()
      return row
    },
  }
}

export type SelfReportsRepository = ReturnType<typeof createSelfReportsRepository>
