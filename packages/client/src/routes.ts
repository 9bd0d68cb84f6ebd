import type { CallOptions, CreateOptions, Created, ETag, RequestSpec, Transport, Versioned } from './http.js'
import { routes, type Answers, type Bodies, type Queries } from './routes.generated.js'

/**
 * Requests built from the contract's route table (routes.generated.ts, written from openapi.json
 * by `pnpm client:routes`): an operation is named by its `operationId`, and its method, path,
 * path parameters, query, body and answer types all come from the contract, so that none of them
 * is written a second time in the client.
 */

export type OperationId = keyof typeof routes
export type { Answers, Bodies, Queries }
/** The JSON body operation K takes. */
export type Body<K extends keyof Bodies> = Bodies[K]
/** The query operation K takes. */
export type Query<K extends OperationId> = Queries[K]

type Route<K extends OperationId> = (typeof routes)[K]
/** The operations answering one HTTP method. */
type OperationsOf<M extends RequestSpec['method']> = {
  [K in OperationId]: Route<K>['method'] extends M ? K : never
}[OperationId]
/** `'id' | 'campusId'` from `/api/v1/campuses/{campusId}/memberships/{id}`. */
type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never

/** What a request of operation K needs: path parameters when its path has some, its query, its body when it takes one. */
export type Request<K extends OperationId> = ([ParamNames<Route<K>['path']>] extends [never]
  ? { path?: undefined }
  : { path: Record<ParamNames<Route<K>['path']>, string> }) &
  (K extends keyof Bodies ? { body: Bodies[K] } : { body?: undefined }) & { query?: Queries[K] | undefined }

/** The operation's path with its parameters filled in, each escaped as one segment. */
function pathOf<K extends OperationId>(operation: K, params?: Record<string, string>): string {
  return routes[operation].path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name]
    if (value === undefined) throw new TypeError(`${operation}: no value for the path parameter ${name}`)
    return encodeURIComponent(value)
  })
}

const target = <K extends OperationId>(operation: K, request: Request<K>) => pathOf(operation, request.path)

/** The transport's calls, each taking an operation of the contract instead of a method and a URL. */
export function operationCalls(t: Transport) {
  return {
    get: <K extends OperationsOf<'GET'>>(operation: K, request: Request<K>, opts?: CallOptions) =>
      t.get<Answers[K]>(target(operation, request), request.query, opts),
    /** A GET answering a record with its ETag. */
    getVersioned: <K extends OperationsOf<'GET'>>(
      operation: K,
      request: Request<K>,
      opts?: CallOptions,
    ): Promise<Versioned<Answers[K]>> => t.getVersioned<Answers[K]>(target(operation, request), opts),
    /** A creation (POST answering 201), retried only with an `Idempotency-Key`. */
    create: <K extends OperationsOf<'POST'>>(
      operation: K,
      request: Request<K>,
      opts?: CreateOptions,
    ): Promise<Created<Answers[K]>> => t.create<Answers[K]>(target(operation, request), request.body, opts),
    /** A POST that is not a creation (actions such as revoke, login): never retried. */
    post: <K extends OperationsOf<'POST'>>(operation: K, request: Request<K>, opts?: CallOptions) =>
      t.post<Answers[K]>(target(operation, request), request.body, opts),
    /** A conditional write (If-Match): PATCH, or a POST action on a versioned record. */
    update: <K extends OperationsOf<'PATCH' | 'POST'>>(
      operation: K,
      request: Request<K>,
      etag: ETag,
      opts?: CallOptions,
    ): Promise<Versioned<Answers[K]>> =>
      t.update<Answers[K]>(
        target(operation, request),
        request.body,
        etag,
        opts,
        routes[operation].method as 'PATCH' | 'POST',
      ),
    /** A conditional deletion (If-Match). */
    remove: <K extends OperationsOf<'DELETE'>>(operation: K, request: Request<K>, etag: ETag, opts?: CallOptions) =>
      t.remove(target(operation, request), etag, opts),
    /** A GET answered as text (CSV), its byte order mark kept. */
    text: async <K extends OperationsOf<'GET'>>(operation: K, request: Request<K>, opts?: CallOptions) =>
      (
        await t.send<string>({
          method: 'GET',
          path: target(operation, request),
          query: request.query,
          accept: 'text/csv, application/problem+json',
          expect: 'text',
          signal: opts?.signal,
          retry: true,
        })
      ).data,
    /** Any other request of the operation (raw bodies, readiness): the transport's own spec. */
    send: <K extends OperationId>(
      operation: K,
      request: Request<K>,
      spec: Omit<RequestSpec, 'method' | 'path' | 'query'>,
    ) =>
      t.send<Answers[K]>({
        ...spec,
        method: routes[operation].method,
        path: target(operation, request),
        query: request.query,
      }),
  }
}

export type OperationCalls = ReturnType<typeof operationCalls>
