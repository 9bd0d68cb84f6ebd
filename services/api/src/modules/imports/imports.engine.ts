import { randomUUID, type Hash } from 'node:crypto'
import type { Readable } from 'node:stream'
import { and, eq, sql } from 'drizzle-orm'
import type { Database, Executor, Transaction } from '../../db/client.js'
import { idempotencyKeys } from '../../db/schema/index.js'
import { AppError } from '../../lib/errors.js'
import { publishImportTiming } from '../../lib/timings.js'
import { recordAudit } from '../audit/audit.service.js'
import { readRows, UnreadableLine, type ImportFormat, type RawRow } from './imports.parse.js'
import { spoolBody, type SpooledBody } from './imports.spool.js'

interface ImportIssue {
  /** Line of the file; in a CSV, its row as a spreadsheet numbers it (1 is the header). */
  line: number
  /** Column (CSV header or NDJSON key) at fault; empty when the whole line is. */
  field: string
  message: string
  code: string
}

interface ImportReport {
  kind: string
  format: ImportFormat
  dryRun: boolean
  /** True when the rows were written (never on a dry run, never with a single failing line). */
  committed: boolean
  rows: number
  validRows: number
  invalidRows: number
  /** Records written by type: every count 0 unless committed. */
  written: Record<string, number>
  /** Records the file writes by type, as checked (a dry run's answer); 0 for every type when a line fails. */
  wouldWrite: Record<string, number>
  /** Id of a committed import, carried by the records it wrote and its audit entries; else null. */
  importId: string | null
  /** Valid lines not written (duplicates of recorded observations). */
  skipped: ImportIssue[]
  skippedRows: number
  errors: ImportIssue[]
  /** More failing lines than `errors` holds. */
  errorsTruncated: boolean
  durationMs: number
}

export type CheckResult<T> =
  | { value: T }
  | { issues: Array<Omit<ImportIssue, 'line'>> }
  /** A valid line that writes nothing (an observation recorded already): reported, not written. */
  | { skipped: Omit<ImportIssue, 'line'> }

/** Records written by a batch: counts by record type, for each campus the records belong to. */
export type WrittenByCampus = Record<string, Record<string, number>>

/** What one kind of import knows: how to check a row and how to write a batch of checked rows. */
export interface ImportHandler<T> {
  /** The record types the kind writes, as `written` names them (every one is reported, 0 or not). */
  recordTypes: readonly string[]
  /** Loads what a chunk of rows refers to, before they are checked one by one. */
  prepare?(rows: readonly RawRow[]): Promise<void>
  /** Checks a row; synchronous once `prepare` has loaded what it refers to. */
  check(row: RawRow): CheckResult<T> | Promise<CheckResult<T>>
  /**
   * Writes the batch with a few set-based statements; returns counts by campus and record type.
   * Calls `sent` once the batch's data has left this process (or the engine waits until the write
   * ends).
   */
  write(batch: T[], sent: () => void): Promise<WrittenByCampus>
}

/**
 * Makes the handler of one import: it writes on `tx`, and reads what rows refer to on `reader`, a
 * connection of its own on a PostgreSQL server (so a lookup never waits behind a batch's COPY), or
 * `tx` itself where there is only one connection (PGlite). The rows it writes carry `importId`.
 */
export type HandlerFactory<T> = (tx: Transaction, reader: Executor, importId: string) => ImportHandler<T>

export interface ImportRequest<T> {
  kind: string
  format: ImportFormat
  /** The encoding the request declared (`charset`); without one, NDJSON is UTF-8 and a CSV's is sniffed. */
  encoding?: string | undefined
  body: Readable
  dryRun: boolean
  factory: HandlerFactory<T>
  /**
   * Where lookups read, outside the import's transaction; without one (PGlite: a single connection)
   * they read on it, and the body is received whole before the transaction opens (imports.spool.ts).
   */
  reader?: Database | undefined
  idempotency?: { scope: string; key: string } | undefined
}

export type ImportOutcome =
  { type: 'report'; report: ImportReport } | { type: 'replay'; statusCode: number; body: string }

const batchSize = 5000
/**
 * Rows read before their references are loaded in one go (`prepare`) and checked. As large as a
 * batch: a chunk's loading then waits on the transaction's connection behind one batch write at
 * most. With chunks of 1,000 it waited behind a write for every chunk, and bench:import lost a
 * quarter of its rate.
 */
const chunkSize = batchSize
const maxIssues = 10_000
/**
 * Rows checked before the check gives the event loop a turn, so that other requests are still
 * answered while a large file is checked: 2,500 rows take 20–30 ms. Every 500 rows cost the import
 * about a tenth of its rate in bench:import; every 2,500, nothing measurable.
 */
const rowsPerTurn = 2500

class Rollback extends Error {
  constructor(public readonly outcome: ImportOutcome) {
    super('rollback')
  }
}

/**
 * Lets go of what remains of the body without waiting for it: the answer is sent at once, and the
 * rest (if the client is still sending) is read and dropped, bounded by the server's body timeout.
 * Waiting for the end here, inside the import's transaction, held PGlite's only connection for as
 * long as the client kept the request open: every other request of the API waited behind it.
 * The pipe into the row reader is undone first: its own clean-up (a tick later) would pause the
 * body again after it was resumed, and the body would then never end.
 */
export function release(body: Readable) {
  body.unpipe()
  if (!body.readableEnded && !body.destroyed) body.resume()
}

/**
 * Runs an import in one transaction: every row is checked, batches are written as they fill, and
 * anything short of a clean file (or a dry run) rolls everything back. With an Idempotency-Key the
 * report is stored in the same transaction as the rows, so a retry after any failure, even a killed
 * process, either replays a committed import or runs it for the first time: never twice.
 */
export async function runImport<T>(db: Database, request: ImportRequest<T>): Promise<ImportOutcome> {
  const started = performance.now()
  let outcome: ImportOutcome | undefined
  let spooled: SpooledBody | undefined
  try {
    // With a single connection, the transaction must not wait for the client's bytes.
    if (!request.reader) spooled = await spoolBody(request.body, request.format, request.encoding, release)
    outcome = await runInTransaction(db, spooled ? { ...request, body: spooled.body } : request, started)
    return outcome
  } finally {
    // Whatever ended the import (a report, an unreadable line, a refused batch, an error), its
    // transaction is over by now: the unread rest of the file is not waited for.
    release(request.body)
    if (spooled) {
      spooled.body.destroy()
      await spooled.remove()
    }
    const seconds = (performance.now() - started) / 1000
    const report = outcome?.type === 'report' ? outcome.report : undefined
    publishImportTiming({
      kind: request.kind,
      outcome: !outcome
        ? 'failed'
        : outcome.type === 'replay'
          ? 'replayed'
          : report!.committed
            ? 'committed'
            : report!.errors.length > 0
              ? 'rejected'
              : 'dry_run',
      rows: report?.rows ?? 0,
      seconds,
    })
  }
}

async function runInTransaction<T>(db: Database, request: ImportRequest<T>, started: number): Promise<ImportOutcome> {
  try {
    return await db.transaction(async (tx) => {
      // The statistics refresh of these rows waits for the commit (migration 0008): the route drains
      // it right after, and every statistics computation before reading.
      await tx.execute(sql`select set_config('trajectoires.stats_refresh', 'deferred', true)`)
      const held = request.idempotency
      if (held) await holdIdempotencyKey(tx, request, held)

      const reader = request.reader ?? tx
      const importId = randomUUID()
      const handler = request.factory(tx, reader, importId)
      const zeros = () => Object.fromEntries(handler.recordTypes.map((type) => [type, 0]))
      const { batches, hash } = readRows(request.body, request.format, request.encoding)
      const run: ImportRun<T> = {
        request,
        started,
        tx,
        reader,
        handler,
        zeros,
        issues: [],
        invalidRows: 0,
        skipped: [],
        skippedRows: 0,
        total: 0,
        batch: [],
        firstLineOfBatch: 0,
        written: zeros(),
        writtenByCampus: {},
        writing: Promise.resolve(),
        preparing: Promise.resolve(),
        writeFailure: undefined,
        chunk: [],
        waiting: undefined,
      }
      await readCheckAndWrite(run, batches)

      if (run.total === 0 && run.issues.length === 0) {
        run.issues.push({ line: 1, field: '', code: 'empty', message: 'the file has no data row' })
      }
      const final = report(run)
      if (run.issues.length > 0 || request.dryRun) throw new Rollback({ type: 'report', report: final })

      final.committed = true
      final.written = { ...run.written }
      final.importId = importId
      await recordCommitted(run, held, hash, final, importId)
      return { type: 'report', report: final }
    })
  } catch (err) {
    if (err instanceof Rollback) return err.outcome
    throw err
  }
}

type IdempotencyKey = NonNullable<ImportRequest<unknown>['idempotency']>

/**
 * Holds the import's Idempotency-Key for the transaction: refused while another import holds it; a
 * key already used replays its stored answer (the same file) or is refused (another file).
 */
async function holdIdempotencyKey<T>(tx: Transaction, request: ImportRequest<T>, held: IdempotencyKey) {
  const lockKey = `${held.scope}\n${held.key}`
  const [lock] = await tx
    .execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(hashtextextended(${lockKey}, 0)) as ok`)
    .then((r) => (r as unknown as { rows: Array<{ ok: boolean }> }).rows)
  if (!lock?.ok) {
    throw new AppError(
      409,
      'idempotency_in_progress',
      'An import with this Idempotency-Key is still running; retry when it has finished.',
      undefined,
      { 'retry-after': '5' },
    )
  }
  const [done] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, held.scope), eq(idempotencyKeys.key, held.key)))
  if (done) {
    const { batches, hash } = readRows(request.body, request.format, request.encoding)
    // Only the bytes matter here: read them through without checking rows.
    for await (const _ of batches) void _
    if (hash.digest('hex') !== done.requestHash) {
      throw new AppError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different file; use a new key for a new import.',
      )
    }
    throw new Rollback({ type: 'replay', statusCode: done.statusCode ?? 200, body: done.responseBody ?? '' })
  }
}

/** A chunk of rows read, with the loading of what they refer to (`prepare`). */
interface PreparedChunk {
  rows: RawRow[]
  prepared: Promise<void>
}

/** What an import holds, in its transaction, while its rows are read, checked and written. */
interface ImportRun<T> {
  request: ImportRequest<T>
  started: number
  tx: Transaction
  reader: Executor
  handler: ImportHandler<T>
  zeros: () => Record<string, number>
  issues: ImportIssue[]
  invalidRows: number
  skipped: ImportIssue[]
  skippedRows: number
  total: number
  batch: T[]
  firstLineOfBatch: number
  written: Record<string, number>
  writtenByCampus: WrittenByCampus
  // One batch is written while the next one is read and checked: the database and this process
  // work at the same time. At most one batch waits, so memory stays bounded.
  writing: Promise<void>
  preparing: Promise<void>
  writeFailure: ImportIssue | undefined
  // Rows are read in chunks. A chunk's references are loaded (`prepare`, one after the other)
  // while the chunk before it is checked, so the database and this process work at the same
  // time; at most two chunks are held.
  chunk: RawRow[]
  waiting: PreparedChunk | undefined
}

/** Writes the batch of checked rows, and lets the next rows be read once its data has been sent. */
async function flush<T>(run: ImportRun<T>, lastLine: number) {
  await run.writing
  // Lookups that share the transaction's connection go before the next write: they take
  // milliseconds, while one queued behind a batch's COPY would hold the check of its chunk
  // for the whole COPY.
  if (run.reader === run.tx) await run.preparing
  if (run.writeFailure) throw new Rollback({ type: 'report', report: report(run) })
  if (run.batch.length === 0) return
  const rowsToWrite = run.batch
  const firstLine = run.firstLineOfBatch
  run.batch = []
  let handedOver!: () => void
  const sent = new Promise<void>((resolve) => (handedOver = resolve))
  run.writing = run.handler.write(rowsToWrite, handedOver).then(
    (byCampus) => {
      for (const [campusId, counts] of Object.entries(byCampus)) {
        const ofCampus = (run.writtenByCampus[campusId] ??= run.zeros())
        for (const [name, n] of Object.entries(counts)) {
          run.written[name] = (run.written[name] ?? 0) + n
          ofCampus[name] = (ofCampus[name] ?? 0) + n
        }
      }
    },
    (err: unknown) => {
      // The driver's own message, not drizzle's wrapper (which repeats the query and its values).
      const cause = (err as { cause?: unknown }).cause
      const detail = cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err)
      const writeFailure: ImportIssue = {
        line: firstLine,
        field: '',
        code: 'database',
        message: `the database refused the rows of lines ${firstLine}–${lastLine}: ${detail}`,
      }
      run.writeFailure = writeFailure
      run.issues.push(writeFailure)
      run.invalidRows += rowsToWrite.length
    },
  )
  // The next rows are read and checked once this batch's data is with the connection's socket,
  // not before: checked alongside, the batch reached the database in pieces, between two turns
  // of the event loop, and its COPY took twice as long (bench:import, docs/benchmarks.md).
  await Promise.race([sent, run.writing])
}

/** The report of the import so far, as rolled back. */
function report<T>(run: ImportRun<T>): ImportReport {
  const { request, issues } = run
  return {
    kind: request.kind,
    format: request.format,
    dryRun: request.dryRun,
    committed: false,
    rows: run.total,
    validRows: run.total - run.invalidRows,
    invalidRows: run.invalidRows,
    // Rolled back: nothing of what the batches wrote stays.
    written: run.zeros(),
    wouldWrite: issues.length > 0 ? run.zeros() : { ...run.written },
    importId: null,
    skipped: run.skipped.slice(0, maxIssues),
    skippedRows: run.skippedRows,
    errors: issues.slice(0, maxIssues),
    errorsTruncated: issues.length > maxIssues,
    durationMs: Math.round(performance.now() - run.started),
  }
}

/**
 * Reads every row of the file, checks it and writes the batches of valid rows as they fill; an
 * unreadable line ends the reading and is reported after the rows before it.
 */
async function readCheckAndWrite<T>(run: ImportRun<T>, batches: AsyncIterable<RawRow[]>) {
  let lastLine = 0
  let unreadable: UnreadableLine | undefined
  try {
    for await (const rows of batches) {
      for (const row of rows) {
        run.total++
        lastLine = row.line
        run.chunk.push(row)
        if (run.chunk.length >= chunkSize) await queueChunk(run)
      }
    }
  } catch (err) {
    if (!(err instanceof UnreadableLine)) throw err
    unreadable = err
  }
  // The rows read before an unreadable line are checked (and reported) before it.
  await queueChunk(run)
  await checkWaiting(run)
  if (unreadable) {
    // The unreadable line is a row of the file, one that failed: `validRows` never goes below 0.
    run.total++
    run.issues.push({
      line: unreadable.line,
      field: '',
      code: 'unreadable',
      message: `line ${unreadable.line} ${unreadable.message}`,
    })
    run.invalidRows++
  }
  if (run.issues.length === 0) await flush(run, lastLine)
  await run.writing
}

/** Starts loading the references of the chunk just read, and checks the chunk before it. */
async function queueChunk<T>(run: ImportRun<T>) {
  if (run.chunk.length === 0) return
  const rowsToPrepare = run.chunk
  run.chunk = []
  const prepared = run.preparing.then(() => run.handler.prepare?.(rowsToPrepare))
  // A failure is awaited (and thrown) with its chunk, never left unhandled.
  run.preparing = prepared.catch(() => undefined)
  const previous = run.waiting
  run.waiting = { rows: rowsToPrepare, prepared }
  if (previous) await checkPrepared(run, previous)
}

async function checkWaiting<T>(run: ImportRun<T>) {
  const last = run.waiting
  run.waiting = undefined
  if (last) await checkPrepared(run, last)
}

async function checkPrepared<T>(run: ImportRun<T>, { rows: rowsToCheck, prepared }: PreparedChunk) {
  try {
    await prepared
  } catch (err) {
    // A batch the database refused aborts the transaction, and so the loading that followed it:
    // the refused batch is what the report must say.
    await run.writing
    if (run.writeFailure) throw new Rollback({ type: 'report', report: report(run) })
    throw err
  }
  const { issues, skipped } = run
  let sinceTurn = 0
  for (const row of rowsToCheck) {
    if (++sinceTurn === rowsPerTurn) {
      sinceTurn = 0
      await new Promise(setImmediate)
    }
    const checked = run.handler.check(row)
    const result = checked instanceof Promise ? await checked : checked
    if ('skipped' in result) {
      run.skippedRows++
      if (skipped.length < maxIssues) skipped.push({ line: row.line, ...result.skipped })
      continue
    }
    if ('issues' in result) {
      run.invalidRows++
      if (issues.length <= maxIssues) for (const issue of result.issues) issues.push({ line: row.line, ...issue })
      continue
    }
    // Once a line has failed nothing more is written, but every line is still checked.
    if (issues.length > 0) continue
    if (run.batch.length === 0) run.firstLineOfBatch = row.line
    run.batch.push(result.value)
    if (run.batch.length >= batchSize) await flush(run, row.line)
  }
}

/**
 * Records a committed import in its transaction: the answer stored under its Idempotency-Key, and
 * its audit entries.
 */
async function recordCommitted<T>(
  run: ImportRun<T>,
  held: IdempotencyKey | undefined,
  hash: Hash,
  final: ImportReport,
  importId: string,
) {
  const { tx, request, writtenByCampus } = run
  if (held) {
    await tx.insert(idempotencyKeys).values({
      scope: held.scope,
      key: held.key,
      method: 'POST',
      path: `/api/v1/imports/${request.kind}`,
      requestHash: hash.digest('hex'),
      state: 'done',
      statusCode: 200,
      responseHeaders: { 'content-type': 'application/json; charset=utf-8' },
      responseBody: JSON.stringify(final),
      expiresAt: new Date(Date.now() + 24 * 3600 * 1000),
    })
  }
  // One entry per campus the import wrote records of (one without campus when it wrote none), so
  // that a campus's history shows its imports; each names them all and the import's totals.
  const campusIds = Object.keys(writtenByCampus).sort()
  for (const campusId of campusIds.length > 0 ? campusIds : [null]) {
    await recordAudit(tx, {
      action: 'import',
      resourceType: 'import',
      resourceId: importId,
      campusId,
      changes: {
        kind: request.kind,
        format: request.format,
        rows: final.rows,
        skippedRows: final.skippedRows,
        written: campusId ? writtenByCampus[campusId] : final.written,
        total: final.written,
        campusIds,
      },
    })
  }
}
