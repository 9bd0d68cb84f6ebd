import { sql } from 'drizzle-orm'
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { enrolments } from './enrolments.js'
import { moment, momentNow, generatedId, recordRef } from './columns.js'

/**
 * Follow-up invitations: a one-time code a learner uses to answer a checkpoint's follow-up
 * themself (`/suivi`). Only the SHA-256 of the code is kept; nothing about the person is stored
 * beyond the enrolment the invitation is for. A row ends answered, revoked or expired (it goes
 * only with its enrolment, which can be deleted only while it has no observation); the audit
 * trail tells who created, revoked and answered it.
 */
export const followUpInvitations = pgTable(
  'follow_up_invitations',
  {
    id: generatedId(),
    enrolmentId: recordRef('enrolment_id', () => enrolments.id, 'cascade'),
    checkpoint: text('checkpoint').notNull(),
    /** SHA-256 (hex) of the code: the code itself is shown once and never stored. */
    codeHash: text('code_hash').notNull().unique('follow_up_invitations_code_hash'),
    /** What the campus tells the learner about whom to contact (shown on the learner's page). */
    contact: text('contact'),
    createdAt: momentNow('created_at'),
    expiresAt: moment('expires_at').notNull(),
    /** When the learner answered; the code is then used up. */
    answeredAt: moment('answered_at'),
    /**
     * The observation the answer recorded. No foreign key: observations are append-only (never
     * deleted), and a reference would turn the append-only trigger's refusal of a TRUNCATE into a
     * foreign-key error.
     */
    observationId: uuid('observation_id'),
    revokedAt: moment('revoked_at'),
  },
  (t) => [
    index('follow_up_invitations_enrolment_idx').on(t.enrolmentId, t.checkpoint),
    check('follow_up_invitations_checkpoint', sql`${t.checkpoint} in ('exit', 'm6', 'm12')`),
    check('follow_up_invitations_answer', sql`(${t.answeredAt} is null) = (${t.observationId} is null)`),
  ],
)
