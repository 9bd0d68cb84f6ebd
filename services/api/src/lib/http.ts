import { AppError } from './errors.js'

/**
 * Reads the version out of an `If-Match` header (`"3"` or `W/"3"`). Updates and deletes require
 * it, so that nobody overwrites a change they have not seen.
 */
export function requireIfMatch(header: string | string[] | undefined): number {
  const raw = Array.isArray(header) ? header[0] : header
  if (!raw) {
    throw new AppError(
      428,
      'precondition_required',
      'Send the ETag you read in an If-Match header, so that a change made meanwhile is not overwritten.',
    )
  }
  const match = /^(?:W\/)?"(\d+)"$/.exec(raw.trim())
  if (!match) {
    throw new AppError(400, 'validation_failed', 'If-Match must be an ETag this API issued, such as "3".', [
      { in: 'headers', field: '/if-match', code: 'format', message: 'must be an ETag such as "3"' },
    ])
  }
  return Number(match[1])
}

export const etag = (version: number) => `"${version}"`
