import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  FunnelQuery,
  MetricDefinition,
  MetricDefinitionList,
  MetricParams,
  MetricQuery,
  OutcomeMixQuery,
  OutcomeMixResult,
  PlacementQuery,
  PlacementResult,
  Snapshot,
  SnapshotCheck,
  SnapshotCreate,
  SnapshotList,
  SnapshotListQuery,
  StatsFunnel,
  StatsOverview,
  ref,
  type StatsViewer,
} from '@trajectoires/contract'
import Type, { type Static, type TSchema } from 'typebox'
import { access, seesUnsuppressedStatistics, type AccessRule } from '../../lib/access.js'
import {
  collectionRoutes,
  conditionalHeaders,
  idRoute,
  ifNoneMatchHeader,
  notModifiedResponse,
} from '../../lib/routes.js'
import { publicStore, publicVary, type PublicStore } from './stats.public-store.js'
import type { Answer, StatsService } from './stats.service.js'

const tags = ['Statistics']

/** Freezing a figure publishes it in the network's name: network staff (and administrators). */
const publishers = { allow: ['network_staff'] } as AccessRule

/** Placement results also come as CSV. */
const conditionalOrCsv = Type.Object({
  'if-none-match': ifNoneMatchHeader,
  accept: Type.Optional(Type.String({ description: '`text/csv` for CSV (as `format=csv`).' })),
})

/** Why an anonymous or campus reader is refused a figure: it is not in the published release. */
const notPublishedProblem = {
  403: 'The figure asked for is not in the published release (`not_published`); network staff can compute any other.',
}

/** Who reads: network staff and administrators see small numbers; everyone else gets them suppressed. */
const viewerOf = (request: FastifyRequest): StatsViewer =>
  seesUnsuppressedStatistics(request.principal) ? 'network_staff' : 'public'

/** The campuses whose records the caller keeps: campus staff see their own campus's figures whole. */
const ownCampuses = (request: FastifyRequest): readonly string[] =>
  request.principal.kind === 'user' && request.principal.role === 'campus_staff' ? request.principal.campusIds : []

function send(reply: FastifyReply, answer: Answer) {
  // Accept-Encoding: the public store sends large answers compressed.
  reply.header('etag', answer.etag).header('cache-control', 'no-cache').header('vary', publicVary)
  if (answer.dataVersion !== undefined) reply.header('data-version', String(answer.dataVersion))
  if (answer.updating) reply.header('stats-updating', 'true')
  if (answer.notModified) return reply.code(304).send()
  return reply.type(answer.contentType).send(answer.body)
}

const wantsCsv = (format: string | undefined, accept: string | undefined) =>
  format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(accept ?? ''))

type App = Parameters<FastifyPluginAsyncTypebox>[0]

/** Keeps an answer for anonymous readers' repeated requests, then sends it. */
function sendAndKeep(store: PublicStore, request: FastifyRequest, reply: FastifyReply, answer: Answer) {
  store.remember(request, answer)
  return send(reply, answer)
}

/** `GET /metrics` and `GET /metrics/:id`: the metric definitions. */
function metricRoutes(app: App, service: StatsService) {
  app.get(
    '/metrics',
    {
      config: { access: access.public },
      schema: {
        operationId: 'listMetrics',
        tags,
        summary: 'List metric definitions',
        description:
          'The latest version of every metric definition: what counts in the numerator, the default basis and checkpoint, the checkpoint tolerance, unknown handling, suppression and target. A handful of definitions: not paginated.',
        response: { 200: ref(MetricDefinitionList) },
      },
    },
    async () => ({ items: await service.listMetrics() }),
  )

  app.get(
    '/metrics/:id',
    {
      config: { access: access.public },
      schema: {
        operationId: 'getMetric',
        tags,
        summary: 'Get a metric definition',
        description: 'The latest version, or the one named by `version`. A published version never changes.',
        params: MetricParams,
        querystring: MetricQuery,
        response: { 200: ref(MetricDefinition) },
      },
    },
    (request) => service.getMetric(request.params.id, request.query.version),
  )
}

/** What a figure route is given of its caller: who reads, the campuses they keep and their `If-None-Match`. */
interface Reader {
  viewer: StatsViewer
  ownCampuses: readonly string[]
  ifNoneMatch: string | string[] | undefined
}

/** A figure route: what it says in the contract, its query and headers, and the schema of its 200 answer. */
interface Figure<Q extends TSchema> {
  path: string
  operationId: string
  summary: string
  description: string
  /** Why it answers 404, when it can. */
  notFound?: string
  querystring?: Q
  headers: TSchema
  ok: unknown
}

/**
 * `GET path`: a figure for any caller allowed statistics, small numbers suppressed but for network
 * staff, with an ETag for 304s; anonymous readers' answers are kept in the public store.
 */
function figureRoute<Q extends TSchema>(
  app: App,
  store: PublicStore,
  figure: Figure<Q>,
  answer: (query: Static<Q>, reader: Reader, request: FastifyRequest) => Promise<Answer>,
) {
  const { path, operationId, summary, description, notFound, querystring, headers, ok } = figure
  app.get(
    path,
    {
      onRequest: store.onRequest,
      config: {
        access: access.statistics,
        openapi: {
          problems: notFound === undefined ? notPublishedProblem : { ...notPublishedProblem, 404: notFound },
          figures: true,
        },
      },
      schema: {
        operationId,
        tags,
        summary,
        description,
        ...(querystring === undefined ? {} : { querystring }),
        headers,
        response: { 200: ok, ...notModifiedResponse },
      },
    },
    async (request, reply) => {
      const reader = {
        viewer: viewerOf(request),
        ownCampuses: ownCampuses(request),
        ifNoneMatch: request.headers['if-none-match'],
      }
      return sendAndKeep(store, request, reply, await answer(request.query as Static<Q>, reader, request))
    },
  )
}

/** `GET /stats/placement`, `/stats/overview`, `/stats/funnel` and `/stats/outcome-mix`: the figures. */
function figureRoutes(app: App, service: StatsService, store: PublicStore) {
  figureRoute(
    app,
    store,
    {
      path: '/stats/placement',
      operationId: 'getPlacement',
      summary: 'Placement rate of a population at a checkpoint',
      description:
        'A metric definition applied to exited entrants (or completers) at a checkpoint, with counts, unknowns and response rate, the Wilson 95% interval, bounds for unknown situations, maturity, the gap to the target, and up to two breakdown dimensions. Small numbers are suppressed for every caller but network staff. As JSON, or as CSV for French spreadsheets (`;`, decimal comma, UTF-8 BOM) with `format=csv` or `Accept: text/csv`. Answers carry an ETag: send it in `If-None-Match` for a 304 while no record has changed. Without `asOf` the figures come from tables kept up to date on write; with `asOf` observations are resolved as they stood then (exact, slower on the whole network). 404 for an unknown metric, metric version, campus or cohort.',
      notFound: 'No such metric, metric version, campus or cohort.',
      querystring: PlacementQuery,
      headers: conditionalOrCsv,
      ok: {
        description: 'The placement result.',
        content: {
          'application/json': { schema: ref(PlacementResult) },
          'text/csv': { schema: Type.String({ description: 'The same figures, one row per total and group.' }) },
        },
      },
    },
    ({ format, ...query }, reader, request) =>
      service.placement(query, { ...reader, format: wantsCsv(format, request.headers.accept) ? 'csv' : 'json' }),
  )

  figureRoute(
    app,
    store,
    {
      path: '/stats/overview',
      operationId: 'getStatsOverview',
      summary: 'The network at a glance',
      description:
        'Campuses by status, yearly capacity, entries and completions by year, intake profile (QPV residents, no diploma, NEET, women) and the headline `r_positive` at six months on entrants with its interval, for the network and each campus. Small numbers suppressed as for placement results.',
      headers: conditionalHeaders,
      ok: ref(StatsOverview),
    },
    (_query, { viewer, ifNoneMatch }) => service.overview({ viewer, ifNoneMatch }),
  )

  figureRoute(
    app,
    store,
    {
      path: '/stats/funnel',
      operationId: 'getStatsFunnel',
      summary: 'From application to a positive situation',
      description:
        'By campus and year the cohorts started: applied → past jury → enrolled → integration confirmed → completed → positive at six months (`r_positive`, entrants). Small numbers suppressed. 404 for an unknown campus.',
      notFound: 'No such campus.',
      querystring: FunnelQuery,
      headers: conditionalHeaders,
      ok: ref(StatsFunnel),
    },
    (query, reader) => service.funnel(query, reader),
  )

  figureRoute(
    app,
    store,
    {
      path: '/stats/outcome-mix',
      operationId: 'getOutcomeMix',
      summary: 'Situations of a population at a checkpoint, in counts that add up',
      description:
        'Lasting employment, other employment, work-study or qualifying training, job seeking or inactive, and unknown: each member counted once, the five adding up to `total` (the `r_positive` denominator), for the population and each group of the breakdown (the same filters and groups as `GET /stats/placement`). For every caller but network staff the counts are read from the protected release: a count is null wherever an item it comes from is hidden, and only published queries are answered (`403 not_published` otherwise). 404 for an unknown campus or cohort.',
      notFound: 'No such campus or cohort.',
      querystring: OutcomeMixQuery,
      headers: conditionalHeaders,
      ok: ref(OutcomeMixResult),
    },
    (query, reader) => service.outcomeMix(query, reader),
  )
}

/** `POST /snapshots`, `GET /snapshots` and `GET /snapshots/:id`: frozen figures, recomputed on reading. */
function snapshotRoutes(app: App, service: StatsService) {
  collectionRoutes(app, {
    path: '/snapshots',
    tags,
    schemas: { item: Snapshot, page: SnapshotList, query: SnapshotListQuery, create: SnapshotCreate },
    campusScoped: false,
    service: { list: (query) => service.listSnapshots(query), create: (input) => service.createSnapshot(input) },
    list: {
      access: access.public,
      operationId: 'listSnapshots',
      summary: 'List snapshots',
      description: 'Newest first, cursor-paginated; filter by metric.',
    },
    create: {
      access: publishers,
      operationId: 'createSnapshot',
      summary: 'Freeze a published figure',
      description:
        'Computes the query as of `asOf` (default now) with the public view (small numbers suppressed) and stores the result with its definition version, to be recomputed later. Send `Idempotency-Key` to retry safely.',
      problems: { 404: 'No such metric, metric version, campus or cohort in the query.' },
    },
  })

  idRoute(
    app,
    'GET',
    '/snapshots/:id',
    {
      access: access.public,
      operationId: 'getSnapshot',
      tags,
      summary: 'Get a snapshot, recomputed',
      description:
        'The stored result, a fresh recomputation with the same definition version and `asOf`, whether they match, and where they differ.',
    },
    SnapshotCheck,
    (id) => service.checkSnapshot(id),
  )
}

export const statsRoutes: FastifyPluginAsyncTypebox<{ service: StatsService }> = async (app, { service }) => {
  // Anonymous readers' repeated requests are answered from here while the release stands.
  const store = publicStore(() => service.publicReleaseNow())
  metricRoutes(app, service)
  figureRoutes(app, service, store)
  snapshotRoutes(app, service)
}
