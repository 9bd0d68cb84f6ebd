import type { Problem, ValidationIssue } from '@trajectoires/contract'

/** Codes the client itself gives when there is no problem document from the API. */
export type ClientErrorCode = 'network_error' | 'aborted' | 'unexpected_response' | 'invalid_response'

/**
 * Any failed call. For API errors, `problem` is the RFC 9457 document the API sent; branch on
 * `code` (stable), never on `detail` (prose). Network failures have status 0.
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly detail: string
  readonly errors: ValidationIssue[]
  readonly requestId: string | undefined
  readonly problem: Problem | undefined

  constructor(init: {
    status: number
    code: string
    detail: string
    errors?: ValidationIssue[]
    requestId?: string | undefined
    problem?: Problem | undefined
    cause?: unknown
  }) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause })
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.detail = init.detail
    this.errors = init.errors ?? []
    this.requestId = init.requestId
    this.problem = init.problem
  }

  /** Builds the error from a problem document. */
  static fromProblem(problem: Problem, fallbackRequestId?: string): ApiError {
    return new ApiError({
      status: problem.status,
      code: problem.code,
      detail: problem.detail ?? problem.title,
      errors: Array.isArray(problem.errors) ? problem.errors : [],
      requestId: problem.requestId ?? fallbackRequestId,
      problem,
    })
  }
}

/** A resource with the ETag to send back in `If-Match` when changing it. */
export interface Versioned<T> {
  data: T
  etag: string
}

/** A created resource; `replayed` is true when the API answered an `Idempotency-Key` retry from its store. */
export interface Created<T> extends Versioned<T> {
  replayed: boolean
}

export interface CallOptions {
  signal?: AbortSignal
}

export interface CreateOptions extends CallOptions {
  /** Makes the creation safe to retry: the API runs it once and replays the answer afterwards. */
  idempotencyKey?: string
}

/** An ETag as read (`"3"`, `W/"3"`) or the resource's `version` number. */
export type ETag = string | number

type HeaderSource = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>)

export interface ClientOptions {
  /** Origin of the API, without `/api/v1`; `''` calls the page's own origin (browsers). */
  baseUrl: string
  /** Defaults to the global `fetch`. */
  fetch?: typeof globalThis.fetch
  /** An API key (`trj_…`), sent as `Authorization: Bearer <key>` (scripts, partners). */
  apiKey?: string
  /** Sent with every request; a function is called per request (tokens that rotate). */
  headers?: HeaderSource
  /**
   * `fetch` credentials mode. Leave unset on the dashboard's own origin; `'include'` when a page
   * on another origin uses the session cookie.
   */
  credentials?: RequestCredentials
  /** Retries of GETs and of creations carrying an `Idempotency-Key`, on 503, 429 or network errors. */
  retries?: number
  /** First backoff delay; it doubles on each retry, with jitter. */
  retryDelayMs?: number
  /** Longest wait before a retry; a longer `Retry-After` ends the retries. */
  maxRetryDelayMs?: number
}

type QueryValue = string | number | boolean | null | undefined
type Query = Record<string, QueryValue | QueryValue[]>

/** A request body other than JSON: made afresh for each attempt so that a retry can resend it. */
export interface RawBody {
  contentType: string
  make: () => BodyInit
  /** True when `make` returns a stream (fetch then needs `duplex: 'half'`). */
  streamed?: boolean
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  query?: object | undefined
  body?: unknown
  raw?: RawBody
  headers?: Record<string, string>
  signal?: AbortSignal | undefined
  retry: boolean
  /** Non-2xx statuses whose JSON body is a normal answer (readiness probes answer 503 with one). */
  alsoOk?: number[]
  /** What the answer is: JSON (default) or text (CSV). */
  expect?: 'json' | 'text'
  accept?: string
}

export interface RawResponse<T> {
  data: T
  headers: Headers
  status: number
}

/** `?a=1&b=x`, leaving out undefined and null; arrays repeat the key. Empty string when nothing is left. */
export function toQueryString(query: object | undefined): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query as Query)) {
    const values = Array.isArray(value) ? value : [value]
    for (const v of values) if (v !== undefined && v !== null) params.append(key, String(v))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** `"3"` for 3; strings are sent as given. */
export const toETag = (etag: ETag) => (typeof etag === 'number' ? `"${etag}"` : etag)

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined
  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal.reason))
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortError(signal?.reason))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

const abortError = (cause: unknown) =>
  new ApiError({ status: 0, code: 'aborted', detail: 'The request was cancelled.', cause })

const isProblemType = (contentType: string | null) => !!contentType && /^application\/problem\+json/i.test(contentType)
const isJsonType = (contentType: string | null) =>
  !!contentType && /^application\/(?:[\w.+-]+\+)?json/i.test(contentType)

const networkError = (cause: unknown) =>
  new ApiError({
    status: 0,
    code: 'network_error',
    detail: `Could not reach the API (${cause instanceof Error ? cause.message : String(cause)}).`,
    cause,
  })

/** Worth trying again: the API is busy or unreachable, or an idempotent twin is still running. */
const isTransient = (error: ApiError) =>
  error.status === 0 ||
  error.status === 503 ||
  error.status === 429 ||
  (error.status === 409 && error.code === 'idempotency_in_progress')

const isAnswer = (response: Response, spec: { alsoOk?: number[] | undefined }) => {
  if (response.ok) return true
  const contentType = response.headers.get('content-type')
  return !!spec.alsoOk?.includes(response.status) && isJsonType(contentType) && !isProblemType(contentType)
}

async function readError(response: Response): Promise<ApiError> {
  const contentType = response.headers.get('content-type')
  const requestId = response.headers.get('x-request-id') ?? undefined
  // A replayed answer (Idempotency-Key) may come back as plain JSON with the problem's fields.
  if (isJsonType(contentType)) {
    try {
      const problem = (await response.json()) as Problem
      if (problem && typeof problem === 'object' && typeof problem.code === 'string') {
        return ApiError.fromProblem({ ...problem, status: problem.status ?? response.status }, requestId)
      }
    } catch {
      // fall through to the generic error below
    }
  }
  return new ApiError({
    status: response.status,
    code: 'unexpected_response',
    detail: `The server answered ${response.status} ${response.statusText}`.trim() + ' without a problem document.',
    requestId,
  })
}

const unsafeMethods = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

/**
 * The body as text. `keepBom`: a leading byte order mark is kept (`Response.text()` drops it), so
 * that CSV written back as UTF-8 is the API's bytes and spreadsheet software reads the accents.
 */
async function readText(response: Response, keepBom = false): Promise<string> {
  const body = keepBom
    ? response.arrayBuffer().then((bytes) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes))
    : response.text()
  return body.catch((err: unknown) => {
    throw networkError(err)
  })
}

async function readBody<T>(response: Response): Promise<T> {
  if (response.status === 204 || response.headers.get('content-length') === '0') return undefined as T
  const text = await readText(response)
  if (text === '') return undefined as T
  if (!isJsonType(response.headers.get('content-type'))) {
    throw new ApiError({
      status: response.status,
      code: 'invalid_response',
      detail: `Expected JSON, got ${response.headers.get('content-type') ?? 'no content type'}.`,
      requestId: response.headers.get('x-request-id') ?? undefined,
    })
  }
  try {
    return JSON.parse(text) as T
  } catch (err) {
    throw new ApiError({
      status: response.status,
      code: 'invalid_response',
      detail: 'The API answered with JSON that does not parse.',
      requestId: response.headers.get('x-request-id') ?? undefined,
      cause: err,
    })
  }
}

/** The HTTP layer shared by every operation: headers, retries, CSRF token, JSON and problem+json. */
export function createTransport(options: ClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const doFetch: typeof globalThis.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const retries = Math.max(0, options.retries ?? 2)
  const retryDelayMs = options.retryDelayMs ?? 300
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000
  /** The session's CSRF token, remembered from login/getSession and sent on every write. */
  let csrfToken: string | null = null

  async function baseHeaders(): Promise<Record<string, string>> {
    const fixed: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}
    const source = options.headers
    if (!source) return fixed
    return { ...fixed, ...(typeof source === 'function' ? await source() : source) }
  }

  function backoff(attempt: number, response: Response | undefined): number | undefined {
    const asked = retryAfterMs(response?.headers.get('retry-after') ?? null)
    if (asked !== undefined) return asked <= maxRetryDelayMs ? asked : undefined
    const exponential = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** attempt)
    return exponential / 2 + Math.random() * (exponential / 2)
  }

  async function send<T>(spec: RequestSpec): Promise<RawResponse<T>> {
    const url = `${baseUrl}${spec.path}${toQueryString(spec.query)}`
    const headers: Record<string, string> = {
      accept: spec.accept ?? 'application/json, application/problem+json',
      ...(csrfToken && unsafeMethods.has(spec.method) ? { 'x-csrf-token': csrfToken } : {}),
      ...(await baseHeaders()),
      ...spec.headers,
    }
    const hasJson = spec.body !== undefined
    if (hasJson) headers['content-type'] = 'application/json'
    if (spec.raw) headers['content-type'] = spec.raw.contentType
    const init = (): RequestInit => {
      const body = spec.raw ? spec.raw.make() : hasJson ? JSON.stringify(spec.body) : null
      const request: RequestInit & { duplex?: 'half' } = {
        method: spec.method,
        headers,
        body,
        signal: spec.signal ?? null,
      }
      if (options.credentials) request.credentials = options.credentials
      if (spec.raw?.streamed) request.duplex = 'half'
      return request
    }

    for (let attempt = 0; ; attempt++) {
      const outcome = await doFetch(url, init()).catch((err: unknown) => {
        if (spec.signal?.aborted) throw abortError(err)
        return networkError(err)
      })
      const response = outcome instanceof ApiError ? undefined : outcome
      if (response && isAnswer(response, spec)) {
        const data = spec.expect === 'text' ? await readText(response, true) : await readBody<T>(response)
        return { data: data as T, headers: response.headers, status: response.status }
      }
      const failure = response ? await readError(response) : (outcome as ApiError)

      const delay = spec.retry && attempt < retries && isTransient(failure) ? backoff(attempt, response) : undefined
      if (delay === undefined) throw failure
      await sleep(delay, spec.signal)
    }
  }

  const get = async <T>(path: string, query?: object, opts?: CallOptions) =>
    (await send<T>({ method: 'GET', path, query, signal: opts?.signal, retry: true })).data

  async function getVersioned<T>(path: string, opts?: CallOptions): Promise<Versioned<T>> {
    const { data, headers } = await send<T>({ method: 'GET', path, signal: opts?.signal, retry: true })
    return { data, etag: headers.get('etag') ?? '' }
  }

  async function create<T>(path: string, body: unknown, opts?: CreateOptions): Promise<Created<T>> {
    const key = opts?.idempotencyKey
    const { data, headers } = await send<T>({
      method: 'POST',
      path,
      body,
      headers: key ? { 'idempotency-key': key } : {},
      signal: opts?.signal,
      retry: !!key,
    })
    return { data, etag: headers.get('etag') ?? '', replayed: headers.get('idempotent-replayed') === 'true' }
  }

  /** A POST that is not a creation (actions such as revoke, login): never retried. */
  const post = async <T>(path: string, body: unknown, opts?: CallOptions) =>
    (await send<T>({ method: 'POST', path, body, signal: opts?.signal, retry: false })).data

  async function update<T>(
    path: string,
    body: unknown,
    etag: ETag,
    opts?: CallOptions,
    method: 'PATCH' | 'POST' = 'PATCH',
  ): Promise<Versioned<T>> {
    const { data, headers } = await send<T>({
      method,
      path,
      body,
      headers: { 'if-match': toETag(etag) },
      signal: opts?.signal,
      retry: false,
    })
    return { data, etag: headers.get('etag') ?? '' }
  }

  async function remove(path: string, etag: ETag, opts?: CallOptions): Promise<void> {
    await send<void>({
      method: 'DELETE',
      path,
      headers: { 'if-match': toETag(etag) },
      signal: opts?.signal,
      retry: false,
    })
  }

  return {
    send,
    get,
    getVersioned,
    create,
    post,
    update,
    remove,
    /** The CSRF token sent on writes, or null. */
    csrfToken: () => csrfToken,
    setCsrfToken: (token: string | null) => {
      csrfToken = token
    },
  }
}

export type Transport = ReturnType<typeof createTransport>
