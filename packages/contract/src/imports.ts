import Type, { type Static } from 'typebox'
import { Nullable, StringEnum, ref } from './common/schema.js'
import { Uuid } from './common/ids.js'
import { importReportExample } from './examples.js'

export const importKinds = ['enrolments', 'outcomes'] as const
export type ImportKind = (typeof importKinds)[number]

export const ImportIssue = Type.Object(
  {
    line: Type.Integer({
      minimum: 0,
      description:
        'In a CSV, the row as a spreadsheet numbers it: the header is 1, blank lines count, and a cell holding a line break does not shift the rows below. In NDJSON, the line of the file.',
      examples: [12],
    }),
    field: Type.String({ description: 'Column at fault (header name or NDJSON key); empty when the whole line is.' }),
    message: Type.String({ description: 'What is wrong, in plain words.' }),
    code: Type.String({ description: 'The rule that failed.', examples: ['format'] }),
  },
  { $id: 'ImportIssue', description: 'One failing line of an import.', additionalProperties: false },
)

export const ImportReport = Type.Object(
  {
    kind: StringEnum(importKinds, { description: 'What was imported.' }),
    format: StringEnum(['csv', 'ndjson'] as const, { description: 'How the file was read.' }),
    dryRun: Type.Boolean({ description: 'True when asked to check only.' }),
    committed: Type.Boolean({
      description: 'True when the rows were written. Never on a dry run, never when a single line fails.',
    }),
    rows: Type.Integer({ description: 'Data rows read.' }),
    validRows: Type.Integer({ description: 'Rows that passed every check.' }),
    invalidRows: Type.Integer({ description: 'Rows with at least one error.' }),
    written: Type.Record(Type.String(), Type.Integer(), {
      description:
        'Records written by type (learners, enrolments, observations): every count is 0 unless `committed` (a dry run or a rejected import writes nothing).',
    }),
    wouldWrite: Type.Record(Type.String(), Type.Integer(), {
      description:
        'Records the file writes by type, as checked: what a dry run would write, what a committed import wrote; 0 for every type when a line fails.',
    }),
    importId: Nullable(
      Uuid(
        'Id of a committed import: the records it wrote carry it (`importId`; `GET /learners?importId=`, `GET /enrolments?importId=`), and so does its audit entry (`resourceId`). Null when nothing was written.',
      ),
    ),
    skipped: Type.Array(ref(ImportIssue), {
      description:
        'Valid lines not written, the first 10,000: code `duplicate` for an outcome observation identical to one already recorded for the enrolment and checkpoint (or to an earlier line of the file).',
    }),
    skippedRows: Type.Integer({ description: 'Valid lines not written (counted in `validRows`).' }),
    errors: Type.Array(ref(ImportIssue), { description: 'Every failing line (the first 10,000).' }),
    errorsTruncated: Type.Boolean({ description: 'More lines failed than `errors` lists.' }),
    durationMs: Type.Integer({ description: 'Time the import took on the server.' }),
  },
  {
    $id: 'ImportReport',
    examples: [importReportExample],
    description: 'What an import did, or would do, line by line.',
    additionalProperties: false,
  },
)

export const ImportParams = Type.Object(
  { kind: StringEnum(importKinds, { description: '`enrolments` (learners and their enrolments) or `outcomes`.' }) },
  { additionalProperties: false },
)

export const ImportQuery = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Check every line and write nothing.' })),
  },
  { additionalProperties: false },
)

export const ImportRejected = Type.Intersect(
  [
    Type.Ref('Problem'),
    Type.Object({
      report: Type.Optional(
        Type.Ref('ImportReport', {
          description:
            'With `import_rejected`: the report of the import, with every failing line (absent for `idempotency_key_reused`).',
        }),
      ),
    }),
  ],
  {
    $id: 'ImportRejected',
    description:
      'An import with at least one failing line (`import_rejected`, with its report), or an `Idempotency-Key` already used for another file.',
  },
)

export const importsSchemas = [ImportIssue, ImportReport, ImportRejected]

export type ImportIssue = Static<typeof ImportIssue>
export type ImportReport = Static<typeof ImportReport>

/**
 * The column headers of the French import templates, column by column (the key is the column's
 * name in the API's documentation). The API reads a header written either way, case, accents,
 * spaces and signs aside.
 */
export const importTemplateHeaders = {
  enrolments: {
    campus: 'École',
    cohort: 'Promotion',
    learnerReference: 'Référence apprenant·e',
    birthYear: 'Année de naissance',
    sex: 'Sexe',
    qpvResident: 'Résident·e QPV',
    qpvListVersion: 'Liste QPV',
    diplomaAtEntry: 'Diplôme à l’entrée',
    monthsOutOfSchool: 'Mois hors scolarité',
    neetAtEntry: 'NEET à l’entrée',
    referrer: 'Orienté·e par',
    drivingLicenceAtEntry: 'Permis à l’entrée',
    appliedOn: 'Date de candidature',
    stage: 'Étape',
    stageChangedOn: 'Date de l’étape',
    integrationConfirmedOn: 'Fin de la période d’essai',
    exitDate: 'Date de sortie',
    exitReason: 'Motif de sortie',
    exclusionReason: 'Motif d’exclusion',
    certificationObtained: 'Certification obtenue',
    drivingLicenceObtained: 'Permis obtenu',
  },
  outcomes: {
    campus: 'École',
    cohort: 'Promotion',
    learnerReference: 'Référence apprenant·e',
    checkpoint: 'Point de suivi',
    observedOn: 'Observée le',
    situation: 'Situation',
    contractType: 'Contrat',
    contractMonths: 'Durée (mois)',
    employer: 'Employeur',
    inFibreSector: 'Secteur fibre',
    source: 'Source',
  },
} as const satisfies Record<ImportKind, Record<string, string>>
