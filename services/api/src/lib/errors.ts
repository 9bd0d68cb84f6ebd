import type { ProblemCode, ValidationIssue } from '@trajectoires/contract'

/** An error the API answers with a problem+json body. Services throw these; no HTTP in sight. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: ProblemCode,
    message: string,
    public readonly errors?: ValidationIssue[],
    public readonly headers?: Record<string, string>,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const NotFound = (what: string, id?: string) =>
  new AppError(404, 'not_found', id ? `${what} ${id} does not exist.` : `${what} does not exist.`)

export const Conflict = (message: string, code: ProblemCode = 'conflict') => new AppError(409, code, message)

/**
 * Refuses to delete a record that `count` others still hold (409 `in_use`); `message` says what
 * holds it and what to do instead.
 */
export function refuseInUse(count: number, message: (count: number) => string): void {
  if (count > 0) throw Conflict(message(count), 'in_use')
}

/** A domain rule broken by otherwise well-formed input: 400 with the failing fields. */
export const Invalid = (issues: Array<Omit<ValidationIssue, 'in'> & { in?: ValidationIssue['in'] }>) =>
  new AppError(
    400,
    'validation_failed',
    issues.length === 1 ? issues[0]!.message : `${issues.length} fields are invalid.`,
    issues.map((i) => ({ in: i.in ?? 'body', field: i.field, message: i.message, code: i.code })),
  )

export const PreconditionFailed = (current: number) =>
  new AppError(
    412,
    'precondition_failed',
    `The resource has changed since you read it (it is now at version ${current}). Read it again and reapply your change.`,
    undefined,
    { etag: `"${current}"` },
  )
