import { createHash } from 'node:crypto'
import { createReadStream, openAsBlob } from 'node:fs'
import { stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { Command, Option } from 'commander'
import { ImportRejectedError } from '@trajectoires/client'
import type { ImportKind, ImportReport } from '@trajectoires/contract'
import { clientFor, UsageError, userPath } from '../context.js'
import { renderTable } from '../format.js'
import { uploadProgress } from '../progress.js'

interface ImportOptions {
  format?: 'csv' | 'ndjson'
  dryRun?: boolean
  idempotencyKey?: string
  json?: boolean
  progress: boolean
}

/** The file's SHA-256, read as a stream. */
async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/**
 * The default Idempotency-Key: the same file imported the same way gets the same key, so running
 * the command again after a lost answer returns the first report instead of importing twice.
 */
const derivedKey = (kind: ImportKind, dryRun: boolean, digest: string) =>
  `cli-${kind}-${dryRun ? 'dry-run-' : ''}sha256-${digest}`

const formatOf = (path: string, given: ImportOptions['format']) =>
  given ?? (['.ndjson', '.jsonl'].includes(extname(path).toLowerCase()) ? 'ndjson' : 'csv')

/** The report as people read it: a summary, then every failing line (line, field, message, code). */
function describeReport(report: ImportReport): string {
  const counts = (of: Record<string, number> | undefined) =>
    Object.entries(of ?? {})
      .map(([type, count]) => `${count} ${type}`)
      .join(', ')
  // `wouldWrite` is absent from reports stored before it existed, whose `written` said it.
  const wouldWrite = counts(report.wouldWrite ?? report.written)
  const skipped = report.skippedRows ? `; ${report.skippedRows} lines recorded already, skipped` : ''
  const state = report.dryRun
    ? `dry run: nothing written; a real import would write ${wouldWrite || 'nothing'}${skipped}`
    : report.committed
      ? `committed: ${counts(report.written) || 'nothing'} written${skipped}`
      : 'rejected: nothing was written'
  const lines = [
    `${report.kind} (${report.format}): ${report.rows} rows, ${report.validRows} valid, ${report.invalidRows} invalid; ${state} (${report.durationMs} ms on the server)`,
  ]
  if (report.errors.length > 0) {
    lines.push(
      '',
      renderTable(
        ['line', 'field', 'message', 'code'],
        report.errors.map((e) => [e.line, e.field || '(line)', e.message, e.code]),
      ),
    )
    if (report.errorsTruncated)
      lines.push(`… and more: only the first ${report.errors.length} failing lines are listed.`)
  }
  return `${lines.join('\n')}\n`
}

function importKindCommand(kind: ImportKind, description: string): Command {
  return new Command(kind)
    .description(description)
    .argument(
      '<file>',
      'a CSV (as a French spreadsheet exports it) or NDJSON file; see docs/imports.md for the columns',
    )
    .addOption(
      new Option('--format <format>', 'csv or ndjson (default: from the extension, .ndjson/.jsonl → ndjson)').choices([
        'csv',
        'ndjson',
      ]),
    )
    .option('--dry-run', 'check every line against the API and write nothing')
    .option(
      '--idempotency-key <key>',
      'makes a retry safe: same key, same file, same report (default: derived from the file content)',
    )
    .option('--json', 'print the report as the API returns it (JSON) instead of a table')
    .option('--no-progress', 'no progress bar or progress lines on stderr')
    .action(async (file: string, options: ImportOptions, command: Command) => {
      const path = userPath(file)
      const info = await stat(path).catch(() => {
        throw new UsageError(`cannot read ${file}.`)
      })
      if (!info.isFile()) throw new UsageError(`${file} is not a file.`)
      const dryRun = !!options.dryRun
      const key = options.idempotencyKey ?? derivedKey(kind, dryRun, await fileDigest(path))
      const client = clientFor(command, `${kind}:write`)
      const progress = uploadProgress(info.size, `${dryRun ? 'checking' : 'importing'} ${kind}`, !options.progress)
      let report: ImportReport
      let rejected = false
      try {
        report = await client.importRecords(kind, await openAsBlob(path), {
          format: formatOf(path, options.format),
          dryRun,
          idempotencyKey: key,
          onUploadProgress: ({ loaded }) => {
            progress.update(loaded)
            if (loaded >= info.size) progress.uploaded()
          },
        })
      } catch (err) {
        if (!(err instanceof ImportRejectedError)) throw err
        report = err.report
        rejected = true
      } finally {
        progress.stop()
      }
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : describeReport(report))
      if (rejected) {
        process.stderr.write(
          `import rejected: ${report.invalidRows} of ${report.rows} lines failed; nothing was written.\n`,
        )
        process.exitCode = 1
      }
    })
}

export function importCommand(): Command {
  return new Command('import')
    .description('Import a spreadsheet of records, all or nothing, with a line-by-line error report')
    .addCommand(importKindCommand('outcomes', 'Import outcome observations (needs a key with outcomes:write)'))
    .addCommand(
      importKindCommand('enrolments', 'Import learners and their enrolments (needs a key with enrolments:write)'),
    )
}
