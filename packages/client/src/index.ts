import type { PageOf } from '@trajectoires/contract'
import { ApiError, createTransport, type CallOptions, type ClientOptions } from './http.js'
import { accessOperations } from './operations/access.js'
import { enrolmentOperations } from './operations/enrolments.js'
import { importOperations } from './operations/imports.js'
import { openDataOperations } from './operations/open-data.js'
import { organisationOperations } from './operations/organisations.js'
import { recordOperations } from './operations/records.js'
import { selfReportOperations } from './operations/self-reports.js'
import { statsOperations } from './operations/stats.js'
import { operationCalls } from './routes.js'

export type * from '@trajectoires/contract'
export {
  ApiError,
  retryAfterMs,
  toETag,
  toQueryString,
  type CallOptions,
  type ClientErrorCode,
  type ClientOptions,
  type CreateOptions,
  type Created,
  type ETag,
  type Versioned,
} from './http.js'
export {
  ImportRejectedError,
  importReportOf,
  type ImportBody,
  type ImportOptions,
  type UploadProgress,
} from './operations/imports.js'
export type { PlacementFilterQuery } from './operations/stats.js'
export { routes } from './routes.generated.js'
export type { Answers, Bodies, Body, OperationId, Queries, Query } from './routes.js'

/**
 * A typed client for the Trajectoires API: one method per operation of the contract, named by
 * its `operationId`. Every method returns the contract's types and throws `ApiError` on any
 * failure. Conventions: path parameters first, then the query (lists) or the body (writes), then
 * the ETag (updates, deletions), then options. `get<Record>` answers `{ data, etag }`,
 * `create<Record>` answers `{ data, etag, replayed }`, lists answer a page for `paginate`.
 */
export function createClient(options: ClientOptions) {
  const t = createTransport(options)
  const c = operationCalls(t)

  const getHealth = (opts?: CallOptions) => c.get('getHealth', {}, opts)
  /** Readiness. A `not_ready` answer (503) is returned, not thrown, so callers can read its checks. */
  const getReadiness = async (opts?: CallOptions) =>
    (await c.send('getReadiness', {}, { signal: opts?.signal, retry: false, alsoOk: [503] })).data

  return {
    ...organisationOperations(c),
    ...recordOperations(c),
    ...enrolmentOperations(c),
    ...statsOperations(c),
    ...importOperations(c),
    ...accessOperations(c, t),
    ...openDataOperations(c),
    ...selfReportOperations(c),
    getHealth,
    getReadiness,
    /** Alias of `getHealth`. */
    health: getHealth,
    /** Alias of `getReadiness`. */
    readiness: getReadiness,
  }
}

export type TrajectoiresClient = ReturnType<typeof createClient>

/**
 * Every page of a cursor-paginated list, following `nextCursor` until it is null. Keeps the
 * filters of `query` on every page.
 */
export async function* paginatePages<T, Q extends { cursor?: string } | undefined>(
  list: (query: Q) => Promise<PageOf<T>>,
  query: NoInfer<NonNullable<Q>>,
): AsyncGenerator<PageOf<T>, void, undefined> {
  let cursor = query.cursor
  const seen = new Set<string>()
  for (;;) {
    const page = await list({ ...query, cursor })
    yield page
    if (!page.nextCursor) return
    if (seen.has(page.nextCursor)) {
      throw new ApiError({
        status: 0,
        code: 'invalid_response',
        detail: 'The API returned a cursor it had already returned; stopping to avoid a loop.',
      })
    }
    seen.add(page.nextCursor)
    cursor = page.nextCursor
  }
}

/**
 * Every item of a cursor-paginated list, page after page:
 * `for await (const campus of paginate(client.listCampuses, { limit: 100 })) …`
 */
export async function* paginate<T, Q extends { cursor?: string } | undefined>(
  list: (query: Q) => Promise<PageOf<T>>,
  query: NoInfer<NonNullable<Q>>,
): AsyncGenerator<T, void, undefined> {
  for await (const page of paginatePages(list, query)) yield* page.items
}
