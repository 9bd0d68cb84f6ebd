/** Examples of the API's answers: health, readiness and the report of a bulk import. */

export const healthExample = {
  status: 'ok',
  uptimeSeconds: 3600,
}

export const readinessExample = {
  status: 'ready',
  checks: {
    database: 'ok',
    migrations: 'ok',
  },
  databaseKind: 'pglite',
}

export const importReportExample = {
  kind: 'enrolments',
  format: 'csv',
  dryRun: true,
  committed: false,
  rows: 1,
  validRows: 1,
  invalidRows: 0,
  written: {
    learners: 0,
    enrolments: 0,
  },
  wouldWrite: {
    learners: 1,
    enrolments: 1,
  },
  importId: null,
  skipped: [],
  skippedRows: 0,
  errors: [],
  errorsTruncated: false,
  durationMs: 242,
}
