import type { ImportKind, ImportReport } from '@trajectoires/contract'
import { ApiError, type CallOptions, type RawBody } from '../http.js'
import type { OperationCalls } from '../routes.js'

/** How far an upload has gone; `total` is undefined for a stream of unknown length. */
export interface UploadProgress {
  loaded: number
  total: number | undefined
}

export interface ImportOptions extends CallOptions {
  format: 'csv' | 'ndjson'
  /** Check every line and write nothing. */
  dryRun?: boolean
  /** Same key, same file: the API returns the first report instead of importing twice. Makes retries safe. */
  idempotencyKey?: string
  /**
   * Called as the body is read by `fetch`. It streams the body (fetch request streaming): fine in
   * Node; in browsers request streaming needs HTTP/2.
   */
  onUploadProgress?: (progress: UploadProgress) => void
  /** Length of a `ReadableStream` body in bytes, when known, for `onUploadProgress`. */
  size?: number
}

export type ImportBody = string | Blob | ReadableStream<Uint8Array> | Uint8Array

/**
 * An import the API refused (422 `import_rejected`): nothing was written. `report.errors` lists
 * every failing line (line, field, message), exactly as the API sent them.
 */
export class ImportRejectedError extends ApiError {
  readonly report: ImportReport

  constructor(error: ApiError, report: ImportReport) {
    super({
      status: error.status,
      code: error.code,
      detail: error.detail,
      errors: error.errors,
      requestId: error.requestId,
      problem: error.problem,
      cause: error,
    })
    this.name = 'ImportRejectedError'
    this.report = report
  }
}

/** The import report of any error: an `ImportRejectedError`'s, or undefined. */
export const importReportOf = (error: unknown): ImportReport | undefined =>
  error instanceof ImportRejectedError ? error.report : undefined

const contentTypes = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson' } as const
const chunkSize = 64 * 1024

function countingStream(
  source: ReadableStream<Uint8Array>,
  total: number | undefined,
  report: (p: UploadProgress) => void,
): ReadableStream<Uint8Array> {
  let loaded = 0
  const reader = source.getReader()
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read()
        if (done) {
          controller.close()
          return
        }
        loaded += value.byteLength
        report({ loaded, total })
        controller.enqueue(value)
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  )
}

function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.byteLength) return controller.close()
        controller.enqueue(bytes.subarray(offset, offset + chunkSize))
        offset += chunkSize
      },
    },
    { highWaterMark: 0 },
  )
}

/** The body to send, remade for each attempt; a stream can be sent once only. */
function rawBody(body: ImportBody, options: ImportOptions): { raw: RawBody; replayable: boolean } {
  const contentType = contentTypes[options.format]
  const progress = options.onUploadProgress
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
    if (!progress) return { raw: { contentType, make: () => bytes as Uint8Array<ArrayBuffer> }, replayable: true }
    return {
      raw: { contentType, streamed: true, make: () => countingStream(bytesStream(bytes), bytes.byteLength, progress) },
      replayable: true,
    }
  }
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    if (!progress) return { raw: { contentType, make: () => body }, replayable: true }
    return {
      raw: { contentType, streamed: true, make: () => countingStream(body.stream(), body.size, progress) },
      replayable: true,
    }
  }
  let used = false
  const stream = body as ReadableStream<Uint8Array>
  return {
    raw: {
      contentType,
      streamed: true,
      make: () => {
        if (used) throw new Error('A stream body can be sent once only.')
        used = true
        return progress ? countingStream(stream, options.size, progress) : stream
      },
    },
    replayable: false,
  }
}

/** Bulk imports of enrolments or outcome observations from CSV or NDJSON. */
export function importOperations(c: OperationCalls) {
  return {
    /**
     * Imports a file, all or nothing. Returns the report of a committed import or a dry run.
     * A refused import (422, nothing written) throws `ImportRejectedError`, whose `report` lists
     * every failing line. Retried on transient failures only with an `idempotencyKey` and a body
     * that can be read twice (string, bytes, Blob).
     */
    importRecords: async (kind: ImportKind, body: ImportBody, options: ImportOptions): Promise<ImportReport> => {
      const { raw, replayable } = rawBody(body, options)
      const key = options.idempotencyKey
      try {
        const { data } = await c.send(
          'importRecords',
          { path: { kind }, query: { dryRun: options.dryRun ? true : undefined } },
          {
            raw,
            headers: key ? { 'idempotency-key': key } : {},
            signal: options.signal,
            retry: !!key && replayable,
          },
        )
        return data
      } catch (err) {
        const report = (err instanceof ApiError ? err.problem : undefined) as { report?: ImportReport } | undefined
        if (err instanceof ApiError && err.code === 'import_rejected' && report?.report) {
          throw new ImportRejectedError(err, report.report)
        }
        throw err
      }
    },
  }
}
