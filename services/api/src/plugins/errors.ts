import fp from 'fastify-plugin'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Problem, ProblemCode, ValidationIssue } from '@trajectoires/contract'
import { isDatabaseUnavailable } from '../db/client.js'
import { AppError } from '../lib/errors.js'

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

const defaultCodes: Record<number, ProblemCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  428: 'precondition_required',
  429: 'too_many_requests',
  503: 'service_unavailable',
}

/** The `type` URI of a problem code: stable, and never pretending to be a web page. */
const problemType = (code: string) => `urn:trajectoires:problem:${code}`

const locations: Record<string, ValidationIssue['in']> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
}

interface AjvError {
  instancePath: string
  keyword: string
  params: Record<string, unknown>
  message?: string
}

/** Turns Ajv's errors into one issue per failing field, in plain words. */
function validationIssues(errors: AjvError[], context: string | undefined): ValidationIssue[] {
  const where = locations[context ?? 'body'] ?? 'body'
  const seen = new Set<string>()
  const issues: ValidationIssue[] = []
  for (const e of errors) {
    let field = e.instancePath
    let message = e.message ?? 'is invalid'
    if (e.keyword === 'required') {
      field = `${field}/${String(e.params.missingProperty)}`
      message = 'is required'
    } else if (e.keyword === 'additionalProperties') {
      field = `${field}/${String(e.params.additionalProperty)}`
      message = 'is not a known property'
    } else if (e.keyword === 'enum') {
      message = `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`
    } else if (e.keyword === 'format') {
      message = `must be a valid ${String(e.params.format)}`
    }
    // A nullable field fails once per branch of its anyOf: report each field once, first reason.
    if (seen.has(field)) continue
    seen.add(field)
    issues.push({ in: where, field, message, code: e.keyword })
  }
  return issues
}

/** PostgreSQL SQLSTATEs and connection failures worth a precise answer. */
function databaseProblem(error: unknown): { status: number; code: ProblemCode; detail: string } | undefined {
  const e = error as { code?: string; cause?: { code?: string } }
  const sqlState = e.code ?? e.cause?.code
  if (sqlState === '23505')
    return { status: 409, code: 'duplicate', detail: 'A record with the same unique values exists.' }
  if (sqlState === '23503')
    return { status: 409, code: 'in_use', detail: 'The record is referenced by, or references, another record.' }
  if (isDatabaseUnavailable(error))
    return {
      status: 503,
      code: 'database_unavailable',
      detail: 'The database cannot be reached right now. Try again in a few seconds (see Retry-After).',
    }
  return undefined
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ProblemCode,
  detail: string,
  errors?: ValidationIssue[],
  extensions?: Record<string, unknown>,
) {
  const body: Problem & Record<string, unknown> = {
    ...extensions,
    type: problemType(code),
    title: titles[status] ?? 'Error',
    status,
    detail,
    instance: request.url.split('?')[0]!,
    code,
    requestId: String(request.id),
    ...(errors ? { errors } : {}),
  }
  if (status === 503 || status === 429) reply.header('retry-after', reply.getHeader('retry-after') ?? '5')
  return reply.code(status).type('application/problem+json').send(body)
}

interface ErrorsOptions {
  /** Answers unknown GET paths outside `/api/` with the dashboard's index (single-page app routes). */
  spaFallback?: boolean
}

/**
 * Fastify's `frameworkErrors`: a URL it cannot decode (400) or a path parameter past its length
 * (414), answered like every other error rather than as Fastify's own `{error, code, statusCode}`.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.header('x-request-id', request.id)
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(request, reply, 414, 'uri_too_long', 'A path segment of this URL is longer than any id.')
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return sendProblem(request, reply, 400, 'bad_request', 'The URL holds a malformed percent-encoding.')
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400
  return sendProblem(request, reply, status, defaultCodes[status] ?? 'bad_request', error.message)
}

/** Route paths to a matcher: `/campuses/:id` matches `/campuses/` then one segment. */
function pathMatcher(url: string): RegExp {
  const pattern = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${pattern}/?$`)
}

async function errorsPlugin(app: FastifyInstance, options: ErrorsOptions) {
  // The methods of every path, to tell a wrong method (405 with `Allow`) from an unknown path (404).
  const routes = new Map<string, { matcher: RegExp; methods: Set<string> }>()
  app.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return
    const entry = routes.get(route.url) ?? { matcher: pathMatcher(route.url), methods: new Set<string>() }
    for (const method of [route.method].flat()) entry.methods.add(method)
    routes.set(route.url, entry)
  })
  const allowed = (path: string): string[] => {
    const methods = new Set<string>()
    for (const { matcher, methods: m } of routes.values()) if (matcher.test(path)) for (const x of m) methods.add(x)
    return [...methods].sort()
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!
    const allow = allowed(path)
    if (allow.length > 0) {
      reply.header('allow', allow.join(', '))
      return sendProblem(
        request,
        reply,
        405,
        'method_not_allowed',
        `${request.method} is not allowed on ${path}; use ${allow.join(', ')}.`,
      )
    }
    if (
      options.spaFallback &&
      request.method === 'GET' &&
      !path.startsWith('/api/') &&
      !/\.[a-z0-9]+$/i.test(path) &&
      String(request.headers.accept ?? '').includes('text/html')
    ) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html')
    }
    return sendProblem(request, reply, 404, 'route_not_found', `No route ${request.method} ${path}.`)
  })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers)
      return sendProblem(request, reply, error.status, error.code, error.message, error.errors)
    }
    if (error.validation) {
      const issues = validationIssues(error.validation as AjvError[], error.validationContext)
      const detail =
        issues.length === 1
          ? `${issues[0]!.in} ${issues[0]!.field || ''} ${issues[0]!.message}`.replace(/\s+/g, ' ').trim()
          : `${issues.length} fields are invalid.`
      return sendProblem(request, reply, 400, 'validation_failed', detail, issues)
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(request, reply, 400, 'malformed_json', 'The request body is not valid JSON.')
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(
          request,
          reply,
          415,
          'unsupported_media_type',
          `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not accepted here; send application/json.`,
        )
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(
          request,
          reply,
          413,
          'payload_too_large',
          'The request body is larger than this server accepts.',
        )
    }
    if (error instanceof SyntaxError && error.statusCode === 400) {
      return sendProblem(request, reply, 400, 'malformed_json', 'The request body is not valid JSON.')
    }
    const db = databaseProblem(error)
    if (db) {
      if (db.status >= 500) request.log.error({ err: error }, 'database unavailable')
      return sendProblem(request, reply, db.status, db.code, db.detail)
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
    if (status >= 500) {
      request.log.error({ err: error }, 'unexpected error')
      return sendProblem(
        request,
        reply,
        500,
        'internal_error',
        'Something went wrong on our side. The request id helps us find it.',
      )
    }
    return sendProblem(request, reply, status, defaultCodes[status] ?? 'bad_request', error.message)
  })
}

export default fp(errorsPlugin, { name: 'errors' })
