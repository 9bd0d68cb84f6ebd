/**
 * `GET /metrics`: Prometheus text format (prom-client). Off unless `METRICS_TOKEN` is set; then the
 * scraper sends `Authorization: Bearer <METRICS_TOKEN>` (Prometheus `authorization.credentials`).
 *
 * Why a token and not the public or an admin session: the figures name every route and its traffic,
 * which is nobody's business outside the operators, and a scraper has no dashboard session; a
 * separate port would need a second listener in the image, the compose file and every proxy. The
 * route is left out of the OpenAPI document: it is not JSON, not for API clients, and not there at
 * all when metrics are off.
 *
 * What it holds: requests by route pattern (never the raw URL: ids would make a series per record),
 * method and status; their latency; the PostgreSQL pool; import and statistics timings; the
 * process (CPU, memory, event-loop lag, GC) from prom-client's default metrics.
 */
import { timingSafeEqual, createHash } from 'node:crypto'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { DatabaseHandle } from '../db/client.js'
import { access } from '../lib/access.js'
import { importTimings, type ImportTiming } from '../lib/timings.js'
import { sendProblem } from './errors.js'

interface MetricsOptions {
  database: DatabaseHandle
  /** The bearer token scrapers send; `/metrics` is not served when undefined. */
  token: string | undefined
}

/** Process metrics are per process, not per app: registered once, merged into each app's answer. */
let processRegistry: Registry | undefined
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry })
  }
  return processRegistry
}

const digest = (text: string) => createHash('sha256').update(text).digest()

/** Latency buckets of API requests, in seconds: 1 ms to 10 s. */
const requestBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
/** Imports run from milliseconds (a few rows) to minutes (hundreds of thousands). */
const importBuckets = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]

async function metricsPlugin(app: FastifyInstance, options: MetricsOptions) {
  const { database, token } = options
  const registry = new Registry()

  const requests = new Counter({
    name: 'trajectoires_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status code.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  })
  const latency = new Histogram({
    name: 'trajectoires_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, by route pattern, method and status code.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: requestBuckets,
    registers: [registry],
  })
  const statistics = new Histogram({
    name: 'trajectoires_statistics_duration_seconds',
    help: 'Time to answer a statistics request (computation or cache), by route pattern.',
    labelNames: ['route'] as const,
    buckets: requestBuckets,
    registers: [registry],
  })
  const imports = new Histogram({
    name: 'trajectoires_import_duration_seconds',
    help: 'Time of a bulk import, from the first byte read to commit or rollback, by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    buckets: importBuckets,
    registers: [registry],
  })
  const importRows = new Counter({
    name: 'trajectoires_import_rows_total',
    help: 'Rows read by bulk imports, by kind and outcome (committed rows are written).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  })
  new Gauge({
    name: 'trajectoires_database_info',
    help: 'Which database the process uses (postgres or pglite); always 1.',
    labelNames: ['kind'] as const,
    registers: [registry],
  }).set({ kind: database.kind }, 1)
  if (database.poolStats()) {
    new Gauge({
      name: 'trajectoires_db_pool_connections',
      help: 'PostgreSQL pool connections: total open, idle, and the configured max (DB_POOL_SIZE).',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const stats = database.poolStats()!
        this.set({ state: 'total' }, stats.total)
        this.set({ state: 'idle' }, stats.idle)
        this.set({ state: 'in_use' }, stats.total - stats.idle)
        this.set({ state: 'max' }, stats.max)
      },
    })
    new Gauge({
      name: 'trajectoires_db_pool_waiting',
      help: 'Queries waiting for a PostgreSQL connection because every pooled one is in use.',
      registers: [registry],
      collect() {
        this.set(database.poolStats()!.waiting)
      },
    })
  }

  const onImport = (message: unknown) => {
    const timing = message as ImportTiming
    imports.observe({ kind: timing.kind, outcome: timing.outcome }, timing.seconds)
    importRows.inc({ kind: timing.kind, outcome: timing.outcome }, timing.rows)
  }
  subscribe(importTimings.name, onImport)
  app.addHook('onClose', async () => {
    unsubscribe(importTimings.name, onImport)
  })

  app.addHook('onResponse', (request, reply, done) => {
    // The pattern (`/api/v1/cohorts/:id`), never the URL; one series for every unknown path.
    const route = request.routeOptions.url ?? 'unmatched'
    const labels = { route, method: request.method, status: String(reply.statusCode) }
    const seconds = reply.elapsedTime / 1000
    requests.inc(labels)
    latency.observe(labels, seconds)
    if (route.startsWith('/api/v1/stats')) statistics.observe({ route }, seconds)
    done()
  })

  if (token === undefined) return
  const expected = digest(`Bearer ${token}`)
  app.get(
    '/metrics',
    {
      // Credentials are not read as an API key: the route checks its own token.
      config: { access: access.open, idempotency: false },
      schema: { hide: true },
    },
    async (request, reply) => {
      const sent = request.headers.authorization
      if (!sent || !timingSafeEqual(digest(sent), expected)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"')
        return sendProblem(
          request,
          reply,
          401,
          'unauthorized',
          'Metrics need `Authorization: Bearer <METRICS_TOKEN>` (the token from the configuration).',
        )
      }
      const merged = Registry.merge([processMetrics(), registry])
      return reply.type(merged.contentType).send(await merged.metrics())
    },
  )
}

export default fp(metricsPlugin, { name: 'metrics', dependencies: ['errors'] })
