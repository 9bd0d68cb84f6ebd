import { randomUUID } from 'node:crypto'
import { learnerAgeAtEntry } from '@trajectoires/contract'
import type { Executor, Transaction } from '../../db/client.js'
import { insertRows, type BulkColumn } from '../../db/copy.js'
import { activeStage, enrolmentRowIssues } from './imports.rules.js'
import { learnerIssues, ageInCohortStartYear } from '../learners/learners.rules.js'
import type { EnrolmentFacts } from '../enrolments/enrolments.rules.js'
import type { CheckResult, ImportHandler, WrittenByCampus } from './imports.engine.js'
import { createLookups, lineCohort, lineReferences, type LearnerRef, type Lookups } from './imports.lookups.js'
import type { RawRow } from './imports.parse.js'
import { vocabularies } from './imports.labels.js'
import { boolean, cellsReader, date, integer, required, term, text, type CellIssue } from './imports.values.js'
import { columnsOf, unknownColumns } from './imports.columns.js'

/** The cells of an enrolments file: one line per enrolment, with its learner's facts. */
const readCells = cellsReader({
  campus: (v) => required(text(v), 'campus'),
  cohort: (v) => required(text(v), 'cohort'),
  learnerReference: (v) => required(text(v, 40), 'learnerReference'),
  birthYear: (v) => integer(v, 1900, 2100),
  sex: (v) => term(v, vocabularies.sex),
  qpvResident: (v) => boolean(v),
  qpvListVersion: (v) => term(v, vocabularies.qpvListVersion),
  diplomaAtEntry: (v) => term(v, vocabularies.diploma),
  monthsOutOfSchool: (v) => integer(v, 0, 240),
  neetAtEntry: (v) => boolean(v),
  referrer: (v) => term(v, vocabularies.referrer),
  drivingLicenceAtEntry: (v) => boolean(v),
  appliedOn: (v) => required(date(v), 'appliedOn'),
  stage: (v) => term(v, vocabularies.stage),
  stageChangedOn: (v) => date(v),
  integrationConfirmedOn: (v) => date(v),
  exitDate: (v) => date(v),
  exitReason: (v) => term(v, vocabularies.exitReason),
  exclusionReason: (v) => term(v, vocabularies.exclusionReason),
  certificationObtained: (v) => boolean(v),
  drivingLicenceObtained: (v) => boolean(v),
})

/** Columns of an enrolments file. */
const enrolmentColumns = columnsOf(readCells.columns)

interface LearnerFacts {
  birthYear: number | null
  sex: string | null
  qpvResident: boolean | null
  qpvListVersion: string | null
  diplomaAtEntry: string | null
  monthsOutOfSchool: number | null
  neetAtEntry: boolean | null
  referrer: string | null
  drivingLicenceAtEntry: boolean | null
}

export interface EnrolmentImportRow {
  campusId: string
  newLearner: ({ id: string; reference: string } & LearnerFacts) | null
  enrolment: EnrolmentFacts & {
    id: string
    learnerId: string
    cohortId: string
    certificationObtained: boolean | null
    drivingLicenceObtained: boolean | null
  }
}

const today = () => new Date().toISOString().slice(0, 10)

type NewLearner = NonNullable<EnrolmentImportRow['newLearner']> & { campusId: string; importId: string }
type NewEnrolment = EnrolmentImportRow['enrolment'] & { importId: string }

/** The columns an imported learner fills, in `learners`. */
const learnerColumns: BulkColumn<NewLearner>[] = [
  { name: 'id', type: 'uuid', value: (l) => l.id },
  { name: 'campus_id', type: 'uuid', value: (l) => l.campusId },
  { name: 'reference', type: 'text', value: (l) => l.reference },
  { name: 'birth_year', type: 'int', value: (l) => l.birthYear },
  { name: 'sex', type: 'text', value: (l) => l.sex },
  { name: 'qpv_resident', type: 'boolean', value: (l) => l.qpvResident },
  { name: 'qpv_list_version', type: 'text', value: (l) => l.qpvListVersion },
  { name: 'diploma_at_entry', type: 'text', value: (l) => l.diplomaAtEntry },
  { name: 'months_out_of_school', type: 'int', value: (l) => l.monthsOutOfSchool },
  { name: 'neet_at_entry', type: 'boolean', value: (l) => l.neetAtEntry },
  { name: 'referrer', type: 'text', value: (l) => l.referrer },
  { name: 'driving_licence_at_entry', type: 'boolean', value: (l) => l.drivingLicenceAtEntry },
  { name: 'provenance', type: 'text', value: () => 'user' },
  { name: 'import_id', type: 'uuid', value: (l) => l.importId },
]

/** The columns an imported enrolment fills, in `enrolments`. */
const enrolmentColumnsWritten: BulkColumn<NewEnrolment>[] = [
  { name: 'id', type: 'uuid', value: (e) => e.id },
  { name: 'learner_id', type: 'uuid', value: (e) => e.learnerId },
  { name: 'cohort_id', type: 'uuid', value: (e) => e.cohortId },
  { name: 'stage', type: 'text', value: (e) => e.stage },
  { name: 'applied_on', type: 'date', value: (e) => e.appliedOn },
  { name: 'stage_changed_on', type: 'date', value: (e) => e.stageChangedOn },
  { name: 'integration_confirmed_on', type: 'date', value: (e) => e.integrationConfirmedOn },
  { name: 'exit_date', type: 'date', value: (e) => e.exitDate },
  { name: 'exit_reason', type: 'text', value: (e) => e.exitReason },
  { name: 'exclusion_reason', type: 'text', value: (e) => e.exclusionReason },
  { name: 'certification_obtained', type: 'boolean', value: (e) => e.certificationObtained },
  { name: 'driving_licence_obtained', type: 'boolean', value: (e) => e.drivingLicenceObtained },
  { name: 'provenance', type: 'text', value: () => 'user' },
  { name: 'import_id', type: 'uuid', value: (e) => e.importId },
]

/** An imported enrolment's first stage change: its application. */
const appliedColumns: BulkColumn<NewEnrolment>[] = [
  { name: 'enrolment_id', type: 'uuid', value: (e) => e.id },
  { name: 'from_stage', type: 'text', value: () => null },
  { name: 'to_stage', type: 'text', value: () => 'applied' },
  { name: 'changed_on', type: 'date', value: (e) => e.appliedOn },
]

/** Then, unless it is still an application, the move to the stage the file gives. */
const movedColumns: BulkColumn<NewEnrolment>[] = [
  { name: 'enrolment_id', type: 'uuid', value: (e) => e.id },
  { name: 'from_stage', type: 'text', value: () => 'applied' },
  { name: 'to_stage', type: 'text', value: (e) => e.stage },
  { name: 'changed_on', type: 'date', value: (e) => e.stageChangedOn },
]

export function createEnrolmentImport(
  tx: Transaction,
  reader: Executor,
  importId: string,
): ImportHandler<EnrolmentImportRow> {
  const lookups = createLookups(reader)
  let headerChecked = false

  return {
    recordTypes: ['learners', 'enrolments'],

    prepare: (rows) => lookups.prepare(rows.map(lineReferences)),

    check(row: RawRow): CheckResult<EnrolmentImportRow> {
      const issues: CellIssue[] = []
      if (!headerChecked) {
        headerChecked = true
        const unknown = unknownColumns(row.fields, enrolmentColumns)
        if (unknown.length > 0) {
          return {
            issues: unknown.map((c) => ({
              field: c,
              code: 'unknown_column',
              message: `is not a column of an enrolments file (${[...enrolmentColumns.values()].join(', ')})`,
            })),
          }
        }
      }
      const cells = readCells(row.fields, issues)
      const {
        campus: campusName,
        cohort: cohortName,
        learnerReference: reference,
        appliedOn,
        integrationConfirmedOn,
      } = cells
      const { exitDate, exitReason, exclusionReason, certificationObtained, drivingLicenceObtained } = cells
      const facts: LearnerFacts = {
        birthYear: cells.birthYear,
        sex: cells.sex,
        qpvResident: cells.qpvResident,
        qpvListVersion: cells.qpvListVersion,
        diplomaAtEntry: cells.diplomaAtEntry,
        monthsOutOfSchool: cells.monthsOutOfSchool,
        neetAtEntry: cells.neetAtEntry,
        referrer: cells.referrer,
        drivingLicenceAtEntry: cells.drivingLicenceAtEntry,
      }
      const stage = cells.stage ?? 'applied'
      const stageChangedOn = cells.stageChangedOn ?? exitDate ?? integrationConfirmedOn ?? appliedOn
      if (issues.length > 0 || !campusName || !cohortName || !reference || !appliedOn || !stageChangedOn) {
        return { issues }
      }

      const place = lineCohort(lookups, campusName, cohortName)
      if ('issues' in place) return place
      const { campusId, cohort } = place

      // The learner: known at the campus, created earlier in this file, or new (then fully described).
      const { learner, newLearner } = resolveLearner(lookups, campusId, reference, facts, issues)
      if (issues.length > 0 || !learner) return { issues }

      const age = ageInCohortStartYear(learner.birthYear, cohort.startDate)
      if (age < learnerAgeAtEntry.min || age > learnerAgeAtEntry.max) {
        issues.push({
          field: 'birthYear',
          code: 'age_at_entry',
          message: `makes the learner ${age} in the year the cohort starts; learners are ${learnerAgeAtEntry.min} to ${learnerAgeAtEntry.max}`,
        })
      }
      const enrolment: EnrolmentImportRow['enrolment'] = {
        id: randomUUID(),
        learnerId: learner.id,
        cohortId: cohort.id,
        stage,
        appliedOn,
        stageChangedOn,
        integrationConfirmedOn,
        exitDate,
        exitReason,
        exclusionReason,
        certificationObtained,
        drivingLicenceObtained,
      }
      issues.push(...enrolmentRowIssues(enrolment, cohort))

      // One enrolment per learner and cohort, and no two active ones whose cohorts overlap.
      for (const other of lookups.enrolmentsOf(learner.id)) {
        if (other.cohortId === cohort.id) {
          issues.push({
            field: 'learnerReference',
            code: 'duplicate',
            message: `learner ${reference} is already enrolled in cohort "${cohort.name}"`,
          })
        } else if (
          activeStage(stage) &&
          activeStage(other.stage) &&
          other.startDate <= cohort.endDate &&
          cohort.startDate <= other.endDate
        ) {
          issues.push({
            field: 'cohort',
            code: 'overlap',
            message: `learner ${reference} already holds an enrolment in a cohort running from ${other.startDate} to ${other.endDate}`,
          })
        }
      }
      if (issues.length > 0) return { issues }

      if (newLearner) lookups.addLearner(campusId, reference, learner)
      lookups.addEnrolment({
        id: enrolment.id,
        learnerId: learner.id,
        cohortId: cohort.id,
        stage,
        exitDate,
        exitReason,
        startDate: cohort.startDate,
        endDate: cohort.endDate,
      })
      return { value: { campusId, newLearner, enrolment } }
    },

    write: (batch, sent) => writeEnrolments(tx, importId, batch, sent),
  }
}

/**
 * The learner a line enrols: recorded at the campus (the facts the line gives must agree), created
 * earlier in this file, or new (then fully described, and checked). Pushes what is wrong to `issues`.
 */
function resolveLearner(
  lookups: Lookups,
  campusId: string,
  reference: string,
  facts: LearnerFacts,
  issues: CellIssue[],
): { learner: LearnerRef | undefined; newLearner: EnrolmentImportRow['newLearner'] } {
  let learner: LearnerRef | undefined = lookups.learner(campusId, reference)
  let newLearner: EnrolmentImportRow['newLearner'] = null
  if (learner) {
    for (const [name, stored] of [
      ['birthYear', learner.birthYear],
      ['sex', learner.sex],
      ['diplomaAtEntry', learner.diplomaAtEntry],
      ['referrer', learner.referrer],
    ] as const) {
      const given = facts[name]
      if (given !== null && given !== stored) {
        issues.push({
          field: name,
          code: 'mismatch',
          message: `learner ${reference} is recorded with ${name} ${stored}; this line says ${given} (correct the learner through the API)`,
        })
      }
    }
  } else {
    for (const name of ['birthYear', 'sex', 'diplomaAtEntry', 'referrer'] as const) {
      if (facts[name] === null) {
        issues.push({
          field: name,
          code: 'required',
          message: `is required for a learner not yet recorded (${reference})`,
        })
      }
    }
    if (issues.length === 0) {
      issues.push(
        ...learnerIssues(
          {
            reference,
            birthYear: facts.birthYear!,
            qpvResident: facts.qpvResident,
            qpvListVersion: facts.qpvListVersion as never,
          },
          today(),
        ),
      )
    }
    if (issues.length === 0) {
      newLearner = { id: randomUUID(), reference, ...facts }
      learner = {
        id: newLearner.id,
        birthYear: facts.birthYear!,
        sex: facts.sex!,
        diplomaAtEntry: facts.diplomaAtEntry!,
        referrer: facts.referrer!,
        fresh: true,
      }
    }
  }
  return { learner, newLearner }
}

/** Writes a batch of checked lines: their new learners, enrolments and the enrolments' stage history. */
async function writeEnrolments(
  tx: Transaction,
  importId: string,
  batch: EnrolmentImportRow[],
  sent: () => void,
): Promise<WrittenByCampus> {
  // COPY on the PostgreSQL server, multi-row INSERTs on PGlite; learners first, for the keys.
  const fresh = batch.flatMap((r) => (r.newLearner ? [{ ...r.newLearner, campusId: r.campusId, importId }] : []))
  await insertRows(tx, 'learners', learnerColumns, fresh)
  const e = batch.map((r) => ({ ...r.enrolment, importId }))
  await insertRows(tx, 'enrolments', enrolmentColumnsWritten, e)
  // The stage history of an imported enrolment: its application, then the stage it is at.
  await insertRows(tx, 'enrolment_stage_changes', appliedColumns, e)
  // Sent once the last statement's data is: the others have been written by then.
  await insertRows(
    tx,
    'enrolment_stage_changes',
    movedColumns,
    e.filter((x) => x.stage !== 'applied'),
    sent,
  )
  const byCampus: WrittenByCampus = {}
  for (const r of batch) {
    const counts = (byCampus[r.campusId] ??= { learners: 0, enrolments: 0 })
    counts.enrolments!++
    if (r.newLearner) counts.learners!++
  }
  return byCampus
}
