import { sql } from 'drizzle-orm'
import { checkpoints, contractTypes, observationSources, situations, type Checkpoint } from '@trajectoires/contract'
import type { Transaction } from '../../db/client.js'
import { checkObservation, todayUtc } from '../outcomes/outcomes.rules.js'
import { columnsOf, unknownColumns } from './imports.columns.js'
import type { CheckResult, ImportHandler } from './imports.engine.js'
import { createLookups, lineReferences } from './imports.lookups.js'
import { copyRows, serverClientOf, type CopyValue } from '../../db/copy.js'
import type { RawRow } from './imports.parse.js'
import { boolean, CellError, date, integer, oneOf, required, text } from './imports.values.js'
import { canAccessCampus, currentPrincipal } from '../../lib/access.js'

/** Columns of an outcomes file: one line per observation, naming its enrolment by natural keys. */
export const outcomeColumns = columnsOf([
  'campus',
  'cohort',
  'learnerReference',
  'checkpoint',
  'observedOn',
  'situation',
  'contractType',
  'contractMonths',
  'employer',
  'inFibreSector',
  'source',
])

export interface OutcomeImportRow {
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

const copyColumns = [
  'enrolment_id',
  'checkpoint',
  'observed_on',
  'situation',
  'contract_type',
  'contract_months',
  'employer_organisation_id',
  'in_fibre_sector',
  'source',
  'provenance',
]
const copyRow = (r: OutcomeImportRow): CopyValue[] => [
  r.enrolmentId,
  r.checkpoint,
  r.observedOn,
  r.situation,
  r.contractType,
  r.contractMonths,
  r.employerOrganisationId,
  r.inFibreSector,
  r.source,
  'user',
]

export function createOutcomeImport(tx: Transaction): ImportHandler<OutcomeImportRow> {
  const lookups = createLookups(tx)
  // On the PostgreSQL server the batches go through COPY; on PGlite through a multi-row INSERT.
  const server = serverClientOf(tx)
  const today = todayUtc()
  let headerChecked = false

  return {
    prepare: (rows) => lookups.prepare(rows.map(lineReferences)),

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
      const issues: Array<{ field: string; code: string; message: string }> = []
      const f = (name: string) => row.fields[name.toLowerCase()]
      const cell = <T>(name: string, read: () => T): T | null => {
        try {
          return read()
        } catch (err) {
          if (!(err instanceof CellError)) throw err
          issues.push({ field: name, code: err.code, message: err.message })
          return null
        }
      }
      const campusName = cell('campus', () => required(text(f('campus')), 'campus'))
      const cohortName = cell('cohort', () => required(text(f('cohort')), 'cohort'))
      const reference = cell('learnerReference', () => required(text(f('learnerReference'), 40), 'learnerReference'))
      const checkpoint = cell('checkpoint', () => required(oneOf(f('checkpoint'), checkpoints), 'checkpoint'))
      const observedOn = cell('observedOn', () => required(date(f('observedOn')), 'observedOn'))
      const situation = cell('situation', () => required(oneOf(f('situation'), situations), 'situation'))
      const contractType = cell('contractType', () => oneOf(f('contractType'), contractTypes))
      const contractMonths = cell('contractMonths', () => integer(f('contractMonths'), 1, 600))
      const employer = cell('employer', () => text(f('employer')))
      const inFibreSector = cell('inFibreSector', () => boolean(f('inFibreSector')))
      const source = cell('source', () => required(oneOf(f('source'), observationSources), 'source'))
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
      for (const issue of checkObservation(
        {
          checkpoint,
          observedOn,
          situation,
          contractType,
          contractMonths,
          employerOrganisationId,
          inFibreSector,
        } as never,
        { exitDate: enrolment.exitDate, today },
      )) {
        issues.push({ ...issue, field: issue.field.replace(/^\//, '').replace('employerOrganisationId', 'employer') })
      }
      if (issues.length > 0) return { issues }
      return {
        value: {
          enrolmentId: enrolment.id,
          checkpoint,
          observedOn,
          situation,
          contractType,
          contractMonths,
          employerOrganisationId,
          inFibreSector,
          source,
        },
      }
    },

    async write(batch: OutcomeImportRow[]) {
      if (server) {
        await copyRows(server, 'outcome_observations', copyColumns, batch.map(copyRow))
        return { observations: batch.length }
      }
      const col = <K extends keyof OutcomeImportRow>(k: K) => batch.map((r) => r[k])
      await tx.execute(sql`
        insert into outcome_observations (enrolment_id, checkpoint, observed_on, situation, contract_type,
          contract_months, employer_organisation_id, in_fibre_sector, source, provenance)
        select u.*, 'user' from unnest(
          ${sql.param(col('enrolmentId'))}::uuid[], ${sql.param(col('checkpoint'))}::text[], ${sql.param(col('observedOn'))}::date[],
          ${sql.param(col('situation'))}::text[], ${sql.param(col('contractType'))}::text[], ${sql.param(col('contractMonths'))}::int[],
          ${sql.param(col('employerOrganisationId'))}::uuid[], ${sql.param(col('inFibreSector'))}::boolean[], ${sql.param(col('source'))}::text[]) as u`)
      return { observations: batch.length }
    },
  }
}
