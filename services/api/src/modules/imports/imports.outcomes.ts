import type { Checkpoint } from '@trajectoires/contract'
import { sql } from 'drizzle-orm'
import type { Executor, Transaction } from '../../db/client.js'
import { outcomeObservations } from '../../db/schema/index.js'
import { checkObservation, todayUtc } from '@trajectoires/contract/rules'
import { columnsOf, unknownColumns } from './imports.columns.js'
import type { CheckResult, ImportHandler, WrittenByCampus } from './imports.engine.js'
import { createLookups, lineCohort, lineReferences, type Lookups } from './imports.lookups.js'
import { insertRows, type BulkColumn } from '../../db/copy.js'
import type { RawRow } from './imports.parse.js'
import { vocabularies } from './imports.labels.js'
import { boolean, cellsReader, date, integer, required, term, text, type CellIssue } from './imports.values.js'

/** The cells of an outcomes file: one line per observation, naming its enrolment by natural keys. */
const readCells = cellsReader({
  campus: (v) => required(text(v), 'campus'),
  cohort: (v) => required(text(v), 'cohort'),
  learnerReference: (v) => required(text(v, 40), 'learnerReference'),
  checkpoint: (v) => required(term(v, vocabularies.checkpoint), 'checkpoint'),
  observedOn: (v) => required(date(v), 'observedOn'),
  situation: (v) => required(term(v, vocabularies.situation), 'situation'),
  contractType: (v) => term(v, vocabularies.contract),
  contractMonths: (v) => integer(v, 1, 600),
  employer: (v) => text(v),
  inFibreSector: (v) => boolean(v),
  source: (v) => required(term(v, vocabularies.source), 'source'),
})

/** Columns of an outcomes file. */
const outcomeColumns = columnsOf(readCells.columns)

export interface OutcomeImportRow {
  campusId: string
  enrolmentId: string
  checkpoint: Checkpoint
  observedOn: string
  situation: string
  contractType: string | null
  contractMonths: number | null
  employerOrganisationId: string | null
  inFibreSector: boolean | null
  source: string
}

/** The columns an imported observation fills, in `outcome_observations`. */
const observationColumns: BulkColumn<OutcomeImportRow>[] = [
  { name: 'enrolment_id', type: 'uuid', value: (r) => r.enrolmentId },
  { name: 'checkpoint', type: 'text', value: (r) => r.checkpoint },
  { name: 'observed_on', type: 'date', value: (r) => r.observedOn },
  { name: 'situation', type: 'text', value: (r) => r.situation },
  { name: 'contract_type', type: 'text', value: (r) => r.contractType },
  { name: 'contract_months', type: 'int', value: (r) => r.contractMonths },
  { name: 'employer_organisation_id', type: 'uuid', value: (r) => r.employerOrganisationId },
  { name: 'in_fibre_sector', type: 'boolean', value: (r) => r.inFibreSector },
  { name: 'source', type: 'text', value: (r) => r.source },
  { name: 'provenance', type: 'text', value: () => 'user' },
]

/** What makes two observations the same: every value a line gives, for the same enrolment and checkpoint. */
function fingerprint(o: Omit<OutcomeImportRow, 'campusId' | 'checkpoint'> & { checkpoint: string }): string {
  return [
    o.enrolmentId,
    o.checkpoint,
    o.observedOn,
    o.situation,
    o.contractType ?? '',
    o.contractMonths ?? '',
    o.employerOrganisationId ?? '',
    o.inFibreSector ?? '',
    o.source,
  ].join('\t')
}

export function createOutcomeImport(
  tx: Transaction,
  reader: Executor,
  importId: string,
): ImportHandler<OutcomeImportRow> {
  const lookups = createLookups(reader)
  const today = todayUtc()
  let headerChecked = false
  const columns = [...observationColumns, { name: 'import_id', type: 'uuid', value: () => importId }]
  /** The observations recorded for the enrolments named so far, and those of the file's earlier lines. */
  const recorded = new Set<string>()
  const enrolmentsLoaded = new Set<string>()

  return {
    recordTypes: ['observations'],
    prepare: (rows) => loadRecorded(reader, lookups, recorded, enrolmentsLoaded, rows),

    check(row: RawRow): CheckResult<OutcomeImportRow> {
      if (!headerChecked) {
        headerChecked = true
        const unknown = unknownColumns(row.fields, outcomeColumns)
        if (unknown.length > 0) {
          return {
            issues: unknown.map((c) => ({
              field: c,
              code: 'unknown_column',
              message: `is not a column of an outcomes file (${[...outcomeColumns.values()].join(', ')})`,
            })),
          }
        }
      }
      const issues: CellIssue[] = []
      const {
        campus: campusName,
        cohort: cohortName,
        learnerReference: reference,
        checkpoint,
        observedOn,
        situation,
        contractType,
        contractMonths,
        employer,
        inFibreSector,
        source,
      } = readCells(row.fields, issues)
      if (
        issues.length > 0 ||
        !campusName ||
        !cohortName ||
        !reference ||
        !checkpoint ||
        !observedOn ||
        !situation ||
        !source
      ) {
        return { issues }
      }

      const place = lineCohort(lookups, campusName, cohortName)
      if ('issues' in place) return place
      const { campusId, cohort } = place
      const learner = lookups.learner(campusId, reference)
      const enrolment = learner ? lookups.enrolmentsOf(learner.id).find((e) => e.cohortId === cohort.id) : undefined
      if (!enrolment) {
        return {
          issues: [
            {
              field: 'learnerReference',
              code: 'not_found',
              message: `learner ${reference} has no enrolment in cohort "${cohort.name}"`,
            },
          ],
        }
      }
      if (!enrolment.exitDate) {
        return {
          issues: [
            {
              field: 'learnerReference',
              code: 'not_exited',
              message: `the enrolment of ${reference} in "${cohort.name}" has no exit date yet: outcomes are observed after the exit`,
            },
          ],
        }
      }
      let employerOrganisationId: string | null = null
      if (employer) {
        employerOrganisationId = lookups.organisationId(employer) ?? null
        if (!employerOrganisationId) {
          issues.push({ field: 'employer', code: 'not_found', message: `no organisation is named "${employer}"` })
        }
      }
      const observation = {
        checkpoint,
        observedOn,
        situation,
        contractType,
        contractMonths,
        employerOrganisationId,
        inFibreSector,
      }
      for (const issue of checkObservation(observation as never, { exitDate: enrolment.exitDate, today })) {
        issues.push({ ...issue, field: issue.field.replace(/^\//, '').replace('employerOrganisationId', 'employer') })
      }
      if (issues.length > 0) return { issues }
      const value: OutcomeImportRow = { campusId, enrolmentId: enrolment.id, ...observation, source }
      // Sent again (the same file under another Idempotency-Key, or twice in one file): not written twice.
      const key = fingerprint(value)
      if (recorded.has(key)) {
        return {
          skipped: {
            field: '',
            code: 'duplicate',
            message: `is identical to an observation already recorded for ${reference} at ${checkpoint}: not written again`,
          },
        }
      }
      recorded.add(key)
      return { value }
    },

    write: (batch, sent) => writeObservations(tx, columns, batch, sent),
  }
}

/**
 * Loads the observations already recorded for the enrolments a chunk names, once per enrolment: adds
 * their fingerprints to `recorded`, and the enrolments to `enrolmentsLoaded`.
 */
async function loadRecorded(
  reader: Executor,
  lookups: Lookups,
  recorded: Set<string>,
  enrolmentsLoaded: Set<string>,
  rows: readonly RawRow[],
) {
  const references = rows.map(lineReferences)
  await lookups.prepare(references)
  const wanted: string[] = []
  for (const line of references) {
    const campusId = line.campus ? lookups.campusId(line.campus) : undefined
    if (!campusId || !line.learner) continue
    let learner
    try {
      learner = lookups.learner(campusId, line.learner)
    } catch {
      continue
    }
    for (const enrolment of learner ? lookups.enrolmentsOf(learner.id) : []) {
      if (enrolmentsLoaded.has(enrolment.id)) continue
      enrolmentsLoaded.add(enrolment.id)
      wanted.push(enrolment.id)
    }
  }
  if (wanted.length === 0) return
  const found = await reader
    .select({
      enrolmentId: outcomeObservations.enrolmentId,
      checkpoint: outcomeObservations.checkpoint,
      observedOn: outcomeObservations.observedOn,
      situation: outcomeObservations.situation,
      contractType: outcomeObservations.contractType,
      contractMonths: outcomeObservations.contractMonths,
      employerOrganisationId: outcomeObservations.employerOrganisationId,
      inFibreSector: outcomeObservations.inFibreSector,
      source: outcomeObservations.source,
    })
    .from(outcomeObservations)
    .where(sql`${outcomeObservations.enrolmentId} = any(${sql.param(wanted)}::uuid[])`)
  for (const o of found) recorded.add(fingerprint(o))
}

/** Writes a batch of checked observations. */
async function writeObservations(
  tx: Transaction,
  columns: BulkColumn<OutcomeImportRow>[],
  batch: OutcomeImportRow[],
  sent: () => void,
): Promise<WrittenByCampus> {
  // COPY on the PostgreSQL server, a multi-row INSERT on PGlite.
  await insertRows(tx, 'outcome_observations', columns, batch, sent)
  const byCampus: WrittenByCampus = {}
  for (const r of batch) {
    const counts = (byCampus[r.campusId] ??= { observations: 0 })
    counts.observations!++
  }
  return byCampus
}
