import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import {
  diplomaLevels,
  enrolmentStages,
  exclusionReasons,
  exitReasons,
  learnerAgeAtEntry,
  qpvListVersions,
  referrers,
  sexes,
  type EnrolmentStage,
  type ExclusionReason,
  type ExitReason,
} from '@trajectoires/contract'
import type { Executor, Transaction } from '../../db/client.js'
import { activeStage, enrolmentRowIssues } from './imports.rules.js'
import { learnerIssues, ageInCohortStartYear } from '../learners/learners.rules.js'
import type { CheckResult, ImportHandler } from './imports.engine.js'
import { createLookups, lineReferences, type LearnerRef } from './imports.lookups.js'
import type { RawRow } from './imports.parse.js'
import { boolean, cellsReader, date, integer, oneOf, required, text, type CellIssue } from './imports.values.js'
import { columnsOf, unknownColumns } from './imports.columns.js'
import { canAccessCampus, currentPrincipal } from '../../lib/access.js'

/** The cells of an enrolments file: one line per enrolment, with its learner's facts. */
const readCells = cellsReader({
  campus: (v) => required(text(v), 'campus'),
  cohort: (v) => required(text(v), 'cohort'),
  learnerReference: (v) => required(text(v, 40), 'learnerReference'),
  birthYear: (v) => integer(v, 1900, 2100),
  sex: (v) => oneOf(v, sexes),
  qpvResident: (v) => boolean(v),
  qpvListVersion: (v) => oneOf(v, qpvListVersions),
  diplomaAtEntry: (v) => oneOf(v, diplomaLevels),
  monthsOutOfSchool: (v) => integer(v, 0, 240),
  neetAtEntry: (v) => boolean(v),
  referrer: (v) => oneOf(v, referrers),
  drivingLicenceAtEntry: (v) => boolean(v),
  appliedOn: (v) => required(date(v), 'appliedOn'),
  stage: (v) => oneOf(v, enrolmentStages),
  stageChangedOn: (v) => date(v),
  integrationConfirmedOn: (v) => date(v),
  exitDate: (v) => date(v),
  exitReason: (v) => oneOf(v, exitReasons),
  exclusionReason: (v) => oneOf(v, exclusionReasons),
  certificationObtained: (v) => boolean(v),
  drivingLicenceObtained: (v) => boolean(v),
})

/** Columns of an enrolments file. */
export const enrolmentColumns = columnsOf(readCells.columns)

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
  enrolment: {
    id: string
    learnerId: string
    cohortId: string
    stage: EnrolmentStage
    appliedOn: string
    stageChangedOn: string
    integrationConfirmedOn: string | null
    exitDate: string | null
    exitReason: ExitReason | null
    exclusionReason: ExclusionReason | null
    certificationObtained: boolean | null
    drivingLicenceObtained: boolean | null
  }
}

const today = () => new Date().toISOString().slice(0, 10)

export function createEnrolmentImport(tx: Transaction, reader: Executor = tx): ImportHandler<EnrolmentImportRow> {
  const lookups = createLookups(reader)
  let headerChecked = false

  return {
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

      const campusId = lookups.campusId(campusName)
      if (!campusId)
        return { issues: [{ field: 'campus', code: 'not_found', message: `no campus is named "${campusName}"` }] }
      if (!canAccessCampus(currentPrincipal(), campusId, 'write')) {
        return {
          issues: [{ field: 'campus', code: 'forbidden', message: `you may not write the records of "${campusName}"` }],
        }
      }
      const cohort = lookups.cohort(campusId, cohortName)
      if (!cohort) {
        return { issues: [{ field: 'cohort', code: 'not_found', message: `no cohort "${cohortName}" at that campus` }] }
      }

      // The learner: known at the campus, created earlier in this file, or new (then fully described).
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

    async write(batch: EnrolmentImportRow[]) {
      const fresh = batch.flatMap((r) => (r.newLearner ? [{ ...r.newLearner, campusId: r.campusId }] : []))
      if (fresh.length > 0) {
        const col = <K extends keyof (typeof fresh)[number]>(k: K) => fresh.map((l) => l[k])
        await tx.execute(sql`
          insert into learners (id, campus_id, reference, birth_year, sex, qpv_resident, qpv_list_version,
            diploma_at_entry, months_out_of_school, neet_at_entry, referrer, driving_licence_at_entry, provenance)
          select u.*, 'user' from unnest(
            ${sql.param(col('id'))}::uuid[], ${sql.param(col('campusId'))}::uuid[], ${sql.param(col('reference'))}::text[], ${sql.param(col('birthYear'))}::int[],
            ${sql.param(col('sex'))}::text[], ${sql.param(col('qpvResident'))}::boolean[], ${sql.param(col('qpvListVersion'))}::text[],
            ${sql.param(col('diplomaAtEntry'))}::text[], ${sql.param(col('monthsOutOfSchool'))}::int[], ${sql.param(col('neetAtEntry'))}::boolean[],
            ${sql.param(col('referrer'))}::text[], ${sql.param(col('drivingLicenceAtEntry'))}::boolean[]) as u`)
      }
      const e = batch.map((r) => r.enrolment)
      const col = <K extends keyof (typeof e)[number]>(k: K) => e.map((x) => x[k])
      await tx.execute(sql`
        insert into enrolments (id, learner_id, cohort_id, stage, applied_on, stage_changed_on, integration_confirmed_on,
          exit_date, exit_reason, exclusion_reason, certification_obtained, driving_licence_obtained, provenance)
        select u.*, 'user' from unnest(
          ${sql.param(col('id'))}::uuid[], ${sql.param(col('learnerId'))}::uuid[], ${sql.param(col('cohortId'))}::uuid[], ${sql.param(col('stage'))}::text[],
          ${sql.param(col('appliedOn'))}::date[], ${sql.param(col('stageChangedOn'))}::date[], ${sql.param(col('integrationConfirmedOn'))}::date[],
          ${sql.param(col('exitDate'))}::date[], ${sql.param(col('exitReason'))}::text[], ${sql.param(col('exclusionReason'))}::text[],
          ${sql.param(col('certificationObtained'))}::boolean[], ${sql.param(col('drivingLicenceObtained'))}::boolean[]) as u`)
      // The stage history of an imported enrolment: its application, then the stage it is at.
      const moved = e.filter((x) => x.stage !== 'applied')
      await tx.execute(sql`
        insert into enrolment_stage_changes (enrolment_id, from_stage, to_stage, changed_on)
        select * from unnest(${sql.param(e.map((x) => x.id))}::uuid[], ${sql.param(e.map(() => null))}::text[],
          ${sql.param(e.map(() => 'applied'))}::text[], ${sql.param(e.map((x) => x.appliedOn))}::date[])
        union all
        select * from unnest(${sql.param(moved.map((x) => x.id))}::uuid[], ${sql.param(moved.map(() => 'applied'))}::text[],
          ${sql.param(moved.map((x) => x.stage))}::text[], ${sql.param(moved.map((x) => x.stageChangedOn))}::date[])`)
      return { learners: fresh.length, enrolments: e.length }
    },
  }
}
