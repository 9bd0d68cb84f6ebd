import { ApiError } from '@trajectoires/client'
import { UsageError } from './context.js'

/** `--exit-year` for the query parameter `/exitYear`: what the user typed. */
function where(part: string, field: string): string {
  const name = field.replace(/^\//, '')
  if (part === 'query' && name)
    return `--${name
      .replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
      .replace(/^campus-id$/, 'campus')
      .replace(/^cohort-id$/, 'cohort')}`
  return `${part}${field ? ` ${field}` : ''}`
}

/** A clear message for any failure: problem+json fields, the failing parameters, the request id. */
export function describeError(err: unknown): { message: string; exitCode: number } {
  if (err instanceof UsageError) return { message: `error: ${err.message}\n(see --help)`, exitCode: 2 }
  if (err instanceof ApiError) {
    const lines: string[] = []
    if (err.status === 0) {
      lines.push(`error: ${err.detail}`)
      if (err.code === 'network_error')
        lines.push('Check --api-url (or TRAJECTOIRES_API_URL) and that the API is running.')
    } else {
      lines.push(`error: the API answered ${err.status} ${err.code}: ${err.detail}`)
      for (const issue of err.errors) lines.push(`  - ${where(issue.in, issue.field)}: ${issue.message}`)
      if (err.status === 401) lines.push('Give an API key with --api-key or TRAJECTOIRES_API_KEY.')
      if (err.status === 403) lines.push('The API key lacks the scope or the campus this needs.')
      if (err.requestId) lines.push(`request id: ${err.requestId}`)
    }
    return { message: lines.join('\n'), exitCode: 1 }
  }
  if (err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
    return { message: `error: ${err.message}`, exitCode: 1 }
  }
  return { message: `error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, exitCode: 1 }
}
