import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { IdParams, IfMatchHeaders, ref } from '@trajectoires/contract'
import Type, { type Static, type TSchema } from 'typebox'
import { campusFilter, type AccessRule, type Principal } from './access.js'
import { etag, requireIfMatch, sendVersioned, type IfMatch } from './http.js'
import { sendRead, type ReadSender } from './read-cache.js'

type App = Parameters<FastifyPluginAsyncTypebox>[0]

/** What a route says of itself in the contract, and who may call it. */
export interface RouteDoc {
  access: AccessRule
  operationId: string
  tags: string[]
  summary: string
  description?: string
}

/** The `If-None-Match` header of a conditional read. */
export const ifNoneMatchHeader = Type.Optional(
  Type.String({ description: 'An ETag of an earlier answer: 304 when it still holds.' }),
)
/** The headers of a conditional read. */
export const conditionalHeaders = Type.Object({ 'if-none-match': ifNoneMatchHeader })
/** The 304 of a conditional read. */
export const notModifiedResponse = {
  304: Type.Null({ description: 'Not modified: the answer with this ETag still holds.' }),
}

/** A record that carries the version its `ETag` names. */
interface Versioned {
  id: string
  version: number
}

/**
 * `method path` (a path with `:id`) with `If-Match`: `write` answers, given the id, the versions
 * `If-Match` names (428 without it) and the body (`schema.body`, when the route takes one).
 */
function ifMatchRoute(
  app: App,
  method: 'PATCH' | 'POST' | 'DELETE',
  path: string,
  doc: RouteDoc,
  schema: { body?: TSchema; response: Record<number, unknown> },
  write: (id: string, ifMatch: IfMatch, body: unknown, reply: FastifyReply) => Promise<FastifyReply>,
) {
  const { access, ...operation } = doc
  const { body, response } = schema
  app.route({
    method,
    url: path,
    config: { access },
    schema: {
      ...operation,
      params: IdParams,
      headers: IfMatchHeaders,
      ...(body === undefined ? {} : { body: ref(body) }),
      response,
    },
    handler: (request, reply) =>
      write(request.params.id, requireIfMatch(request.headers['if-match']), request.body, reply),
  })
}

/** `DELETE path` (a path ending in `/:id`) with `If-Match`: 204 once `remove` has deleted the record. */
function deleteRoute(app: App, path: string, doc: RouteDoc, remove: (id: string, ifMatch: IfMatch) => Promise<void>) {
  ifMatchRoute(
    app,
    'DELETE',
    path,
    doc,
    { response: { 204: Type.Null({ description: 'Deleted.' }) } },
    async (id, ifMatch, _body, reply) => {
      await remove(id, ifMatch)
      return reply.code(204).send(null)
    },
  )
}

/** `GET path` (a path ending in `/:id`): the record `read` returns, as `schema`, with its `ETag`. */
function getRoute(
  app: App,
  path: string,
  doc: RouteDoc,
  schema: TSchema,
  read: (id: string) => Promise<{ version: number }>,
  send: ReadSender = sendRead,
) {
  const { access, ...operation } = doc
  app.get(
    path,
    { config: { access }, schema: { ...operation, params: IdParams, response: { 200: ref(schema) } } },
    (request, reply) =>
      send(request, reply, async () => {
        const record = await read(request.params.id)
        return { value: record, etag: etag(record.version) }
      }),
  )
}

/**
 * `method path` (a path with `:id`): 200 with what `run` answers for the id, as `schema`. For reads
 * and actions on one record that carry no `ETag`.
 */
export function idRoute(
  app: App,
  method: 'GET' | 'POST',
  path: string,
  doc: RouteDoc,
  schema: TSchema,
  run: (id: string) => Promise<unknown>,
) {
  const { access, ...operation } = doc
  app.route({
    method,
    url: path,
    config: { access },
    schema: { ...operation, params: IdParams, response: { 200: ref(schema) } },
    handler: (request) => run(request.params.id),
  })
}

/** `GET path`: 200 with what `read` answers for the path's params and the query, as `schemas.response`. */
export function readRoute<P extends TSchema, Q extends TSchema>(
  app: App,
  path: string,
  doc: RouteDoc,
  schemas: { params: P; query: Q; response: TSchema },
  read: (params: Static<P>, query: Static<Q>) => Promise<unknown>,
) {
  const { access, ...operation } = doc
  app.get(
    path,
    {
      config: { access },
      schema: {
        ...operation,
        params: schemas.params,
        querystring: schemas.query,
        response: { 200: ref(schemas.response) },
      },
    },
    (request) => read(request.params as Static<P>, request.query as Static<Q>),
  )
}

/** `GET path`: the page `list` answers for the query (`schemas.query`) and the caller, as `schemas.page`. */
function pageRoute<Q extends TSchema>(
  app: App,
  path: string,
  doc: RouteDoc,
  schemas: { query: Q; page: TSchema },
  list: (query: Static<Q>, principal: Principal) => Promise<unknown>,
  send: ReadSender,
) {
  const { access, ...operation } = doc
  app.get(
    path,
    { config: { access }, schema: { ...operation, querystring: schemas.query, response: { 200: ref(schemas.page) } } },
    (request, reply) =>
      send(request, reply, async () => ({ value: await list(request.query as Static<Q>, request.principal) })),
  )
}

/** `GET path`: the page `list` answers for the query (`schemas.query`), as `schemas.page`, the same for every caller. */
export function listRoute<Q extends TSchema>(
  app: App,
  path: string,
  doc: RouteDoc,
  schemas: { query: Q; page: TSchema },
  list: (query: Static<Q>) => Promise<unknown>,
  send: ReadSender = sendRead,
) {
  pageRoute(app, path, doc, schemas, (query) => list(query), send)
}

/**
 * `GET path` over records of campuses: the page `list` answers for the query and the campuses the
 * caller may read (`campusFilter`: undefined for every campus), as `schemas.page`.
 */
export function campusListRoute<Q extends TSchema>(
  app: App,
  path: string,
  doc: RouteDoc,
  schemas: { query: Q; page: TSchema },
  list: (query: Static<Q>, campusIds: readonly string[] | undefined) => Promise<unknown>,
  send: ReadSender = sendRead,
) {
  pageRoute(app, path, doc, schemas, (query, principal) => list(query, campusFilter(principal)), send)
}

/** What a create route does beyond the usual. */
export interface CreateOptions {
  /** The answer shows a secret once: never stored for idempotent replays, never cached (`Cache-Control: no-store`). */
  secret?: boolean
  /** Problem statuses the operation also sends, with what they mean here. */
  problems?: Record<number, string>
}

/**
 * `POST path`: 201 with the record `create` makes of the body (and of the path's params, as
 * `schemas.params`, when the record is created under another), as `schemas.item`, its `Location`
 * (`collection/id` under the app's prefix: `collection` is the path of the records, such as
 * `/internships`) and, when the record is versioned, its `ETag`.
 */
export function createRoute<B extends TSchema, P extends TSchema = TSchema>(
  app: App,
  path: string,
  doc: RouteDoc,
  schemas: { body: B; item: TSchema; params?: P },
  collection: string,
  create: (body: Static<B>, params: Static<P>) => Promise<{ id: string; version?: number }>,
  { secret = false, problems }: CreateOptions = {},
) {
  const { access, ...operation } = doc
  app.post(
    path,
    {
      config: {
        access,
        ...(secret ? { idempotency: false } : {}),
        ...(problems === undefined ? {} : { openapi: { problems } }),
      },
      schema: {
        ...operation,
        ...(schemas.params === undefined ? {} : { params: schemas.params }),
        body: ref(schemas.body),
        response: { 201: ref(schemas.item) },
      },
    },
    async (request, reply) => {
      const record = await create(request.body as Static<B>, request.params as Static<P>)
      if (record.version !== undefined) reply.header('etag', etag(record.version))
      reply.header('location', `${app.prefix}${collection}/${record.id}`)
      if (secret) reply.header('cache-control', 'no-store')
      return reply.code(201).send(record)
    },
  )
}

/**
 * `PATCH path` (a path ending in `/:id`) with `If-Match`: the record `update` answers, with its new
 * `ETag`. `method` for a change that is not a plain update (a move to another stage); `problems` for
 * the error answers the contract details.
 */
export function updateRoute<B extends TSchema>(
  app: App,
  path: string,
  doc: RouteDoc,
  schemas: { body: B; item: TSchema },
  update: (id: string, ifMatch: IfMatch, body: Static<B>) => Promise<{ version: number }>,
  { method = 'PATCH', problems = {} }: { method?: 'PATCH' | 'POST'; problems?: Record<number, unknown> } = {},
) {
  ifMatchRoute(
    app,
    method,
    path,
    doc,
    { body: schemas.body, response: { 200: ref(schemas.item), ...problems } },
    async (id, ifMatch, body, reply) => sendVersioned(reply, await update(id, ifMatch, body as Static<B>)),
  )
}

/** A route of a resource: its tags are the resource's. */
type ResourceRouteDoc = Omit<RouteDoc, 'tags'>

/** What a record's `ETag` is for, said by every `GET path/:id` of a resource unless it says more. */
export const getDescription = 'The `ETag` header carries the version to send back in `If-Match` when updating.'
/** How an update is conditional, said by every `PATCH path/:id` of a resource unless it says more. */
const updateDescription = 'Requires `If-Match` with the current ETag; a stale one gets 412 and changes nothing.'

/** A resource route's doc with the resource's tags, in the contract's order. */
function resourceDoc(doc: ResourceRouteDoc, tags: string[]): RouteDoc {
  const { access, operationId, summary, description } = doc
  return { access, operationId, tags, summary, ...(description === undefined ? {} : { description }) }
}

/** One versioned record at `path` (a path ending in `/:id`): its schemas, its service and what its routes say. */
interface RecordBase<U extends TSchema> {
  path: string
  tags: string[]
  schemas: { item: TSchema; update: U }
  service: {
    get(id: string): Promise<Versioned>
    update(id: string, ifMatch: IfMatch, input: Static<U>): Promise<Versioned>
  }
  get: ResourceRouteDoc
  update: ResourceRouteDoc
  /** How the record is sent: cached where every caller reads the same (default: uncached). */
  reads?: ReadSender
}

/** A record that may also be deleted: `delete` says what its `DELETE` route says, `service.delete` does it. */
export type RecordSpec<U extends TSchema> = RecordBase<U> &
  (
    | { delete?: undefined }
    | { delete: ResourceRouteDoc; service: { delete(id: string, ifMatch: IfMatch): Promise<void> } }
  )

/**
 * The routes of one record: `GET path`, `PATCH path` and, when the record says how, `DELETE path`
 * (both with `If-Match`). The docs are taken as they are, without the resource's default descriptions.
 */
export function recordRoutes<U extends TSchema>(app: App, record: RecordSpec<U>) {
  const { path, tags, schemas, service, reads = sendRead } = record
  getRoute(app, path, resourceDoc(record.get, tags), schemas.item, (id) => service.get(id), reads)
  updateRoute(
    app,
    path,
    resourceDoc(record.update, tags),
    { body: schemas.update, item: schemas.item },
    (id, ifMatch, input) => service.update(id, ifMatch, input),
  )
  if (record.delete !== undefined) {
    const { service: removable } = record
    deleteRoute(app, path, resourceDoc(record.delete, tags), (id, ifMatch) => removable.delete(id, ifMatch))
  }
}

/**
 * A collection at `path`: its schemas (`item`: the record as its creation answers it), its service
 * and what its two routes say (`create` also says what its route does beyond the usual).
 */
export interface Collection<Q extends TSchema, C extends TSchema> {
  /** The collection, such as `/tracks`; each record is at `path/:id`. */
  path: string
  tags: string[]
  schemas: { item: TSchema; page: TSchema; query: Q; create: C }
  /**
   * `true`: records of campuses, listed within the campuses the caller may read (given to
   * `service.list`); `false`: every caller allowed to list them lists them all.
   */
  campusScoped: boolean
  service: {
    /** `campusIds`: the campuses whose records the caller may read (undefined: all), for campus-scoped records. */
    list(query: Static<Q>, campusIds?: readonly string[]): Promise<unknown>
    create(input: Static<C>): Promise<{ id: string; version?: number }>
  }
  list: ResourceRouteDoc
  create: ResourceRouteDoc & CreateOptions
  /** How the list is sent: cached where every caller reads the same (default: uncached). */
  reads?: ReadSender
}

/** The routes of a collection: `GET path` (a page) and `POST path` (201 with `Location` and, for a versioned record, `ETag`). */
export function collectionRoutes<Q extends TSchema, C extends TSchema>(app: App, collection: Collection<Q, C>) {
  const { path, tags, schemas, service, reads = sendRead } = collection
  const listDoc = resourceDoc(collection.list, tags)
  if (collection.campusScoped) {
    campusListRoute(app, path, listDoc, schemas, (query, campusIds) => service.list(query, campusIds), reads)
  } else {
    listRoute(app, path, listDoc, schemas, (query) => service.list(query), reads)
  }
  const { secret, problems } = collection.create
  createRoute(
    app,
    path,
    resourceDoc(collection.create, tags),
    { body: schemas.create, item: schemas.item },
    path,
    (input) => service.create(input),
    { secret, problems },
  )
}

/** A collection of versioned records, its schemas, its service and what each of its five routes says. */
export interface Resource<Q extends TSchema, C extends TSchema, U extends TSchema> extends Collection<Q, C> {
  schemas: Collection<Q, C>['schemas'] & { update: U }
  service: Collection<Q, C>['service'] & {
    get(id: string): Promise<Versioned>
    create(input: Static<C>): Promise<Versioned>
    update(id: string, ifMatch: IfMatch, input: Static<U>): Promise<Versioned>
    delete(id: string, ifMatch: IfMatch): Promise<void>
  }
  get: ResourceRouteDoc
  update: ResourceRouteDoc
  delete: ResourceRouteDoc
  /** How the list and the records are sent: cached where every caller reads the same (default: uncached). */
  reads?: ReadSender
}

/** `doc` with `fallback` as its description when it has none. */
function withDescription(doc: ResourceRouteDoc, fallback: string): ResourceRouteDoc {
  return { ...doc, description: doc.description ?? fallback }
}

/**
 * The five routes of a resource: its collection's, `GET path` (a page) and `POST path` (201 with
 * `ETag` and `Location`), and the record routes of `path/:id`: `GET`, `PATCH` and `DELETE` (both
 * with `If-Match`).
 */
export function resourceRoutes<Q extends TSchema, C extends TSchema, U extends TSchema>(
  app: App,
  resource: Resource<Q, C, U>,
) {
  const { path, tags, schemas, service, reads = sendRead } = resource
  collectionRoutes(app, resource)
  recordRoutes(app, {
    path: `${path}/:id`,
    tags,
    schemas,
    service,
    get: withDescription(resource.get, getDescription),
    update: withDescription(resource.update, updateDescription),
    delete: resource.delete,
    reads,
  })
}
