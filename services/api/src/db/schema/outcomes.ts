import { sql } from 'drizzle-orm'
import { boolean, check, date, index, integer, pgTable, text, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { enrolments } from './enrolments.js'
import { organisations } from './organisations.js'
import { momentNow, generatedId, recordRef, provenance, importId } from './columns.js'

/**
 * Outcome observations: what a learner was doing at exit, 6 and 12 months after. Append-only (a
 * trigger refuses UPDATE, DELETE and TRUNCATE): a correction is a new row that supersedes an
 * earlier one, so any figure can be recomputed as it stood at any moment (`recordedAt`).
 */
export const outcomeObservations = pgTable(
  'outcome_observations',
  {
    id: generatedId(),
    enrolmentId: recordRef('enrolment_id', () => enrolments.id, 'restrict'),
    checkpoint: text('checkpoint').notNull(),
    observedOn: date('observed_on', { mode: 'string' }).notNull(),
    situation: text('situation').notNull(),
    contractType: text('contract_type'),
    contractMonths: integer('contract_months'),
    employerOrganisationId: uuid('employer_organisation_id').references(() => organisations.id, {
      onDelete: 'restrict',
    }),
    inFibreSector: boolean('in_fibre_sector'),
    /** When the situation began, as the person or the document says (null: not known). */
    situationStartedOn: date('situation_started_on', { mode: 'string' }),
    source: text('source').notNull(),
    /** The earlier observation this one corrects. */
    supersedesId: uuid('supersedes_id').references((): AnyPgColumn => outcomeObservations.id, {
      onDelete: 'restrict',
    }),
    provenance: provenance(),
    importId: importId(),
    /** When the observation was recorded: the axis of `asOf`. */
    recordedAt: momentNow('recorded_at'),
  },
  (t) => [
    index('outcomes_enrolment_idx').on(t.enrolmentId, t.checkpoint, t.recordedAt),
    index('outcomes_supersedes_idx').on(t.supersedesId),
    index('outcomes_import_idx')
      .on(t.importId)
      .where(sql`${t.importId} is not null`),
    check('outcomes_checkpoint', sql`${t.checkpoint} in ('exit', 'm6', 'm12')`),
    check('outcomes_contract', sql`${t.situation} not in ('employed', 'work_study') or ${t.contractType} is not null`),
    check('outcomes_contract_months', sql`${t.contractMonths} is null or ${t.contractMonths} > 0`),
  ],
)
