import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { componentSchemas } from '@trajectoires/contract'
import type { Config } from './config.js'
import { serializeRequest } from './lib/log.js'
import type { DatabaseHandle } from './db/client.js'
import errorsPlugin, { frameworkErrors } from './plugins/errors.js'
import metricsPlugin from './plugins/metrics.js'
import openapiPlugin from './plugins/openapi.js'
import negotiationPlugin from './plugins/negotiation.js'
import idempotencyPlugin from './plugins/idempotency.js'
import readCachePlugin from './plugins/read-cache.js'
import authPlugin, { registerWithAccess } from './plugins/auth.js'
import rateLimitPlugin, { createPostgresStore, createRedisStore } from './plugins/rate-limit.js'
import securityPlugin from './plugins/security.js'
import { access } from './lib/access.js'
import webPlugin, { webAvailable } from './plugins/web.js'
import { jsonInDeclaredEncoding, refuseNulCharacters, schemaController } from './plugins/validation.js'
import { healthRoutes } from './modules/health/health.routes.js'
import { modules } from './modules/index.js'
import type { ModuleContext } from './modules/module.js'
import { repositoriesOf } from './modules/repositories.js'
import { createStatsService } from './modules/stats/stats.service.js'
import { createStatsDrainer, type StatsDrainer } from './modules/stats/stats.drain.js'

/**
 * The API's version (the contract's info.version): `pnpm release` (scripts/release.mjs) bumps it here.
 * @public read as text by scripts/release.mjs, not imported
 */
export const apiVersion = '0.1.0'

/** The answer a connection is serving, for the idle timeout below. */
const serving = Symbol('serving')
type Served = Socket & { [serving]?: ServerResponse }

/** Request ids: the caller's `x-request-id` when it is sane, a new UUID otherwise. */
function requestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id']
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID()
}

/** Builds the whole API on an open database: infrastructure plugins, then the modules. */
export async function buildApp(config: Config, database: DatabaseHandle): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      // Search and reference parameters (learner references) never reach the logs.
      serializers: { req: serializeRequest as never },
    },
    genReqId: requestId,
    bodyLimit: config.bodyLimit,
    // Slow clients are cut off: a silent connection (a body that stops coming), headers or a whole
    // request that take too long. Node checks the last two every `connectionsCheckingInterval`
    // (30 s by default, which would let a request outlive its limit by as much).
    connectionTimeout: config.idleTimeoutSeconds * 1000,
    requestTimeout: config.requestTimeoutSeconds * 1000,
    http: {
      headersTimeout: config.headersTimeoutSeconds * 1000,
      requestTimeout: config.requestTimeoutSeconds * 1000,
      connectionsCheckingInterval: Math.min(5000, config.headersTimeoutSeconds * 250),
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    schemaController,
    frameworkErrors,
    trustProxy: config.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>()

  for (const schema of componentSchemas) app.addSchema(schema)

  // Hooks that never wait are written with `done`: an async hook costs every request a promise.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    ;(request.raw.socket as Served)[serving] = reply.raw
    done()
  })

  // IDLE_TIMEOUT_SECONDS is for the client's silence (a body that stops coming, a connection left
  // open): a connection is silent too while the API works on an answer to a request it received
  // whole (the first release on a large database, an exact staff figure), and that one stays open.
  app.server.on('timeout', (socket: Served) => {
    const answer = socket[serving]
    if (answer && !answer.writableEnded && answer.req.complete) return
    socket.destroy()
  })

  // Graceful shutdown: a keep-alive connection whose request was in flight when closing began would
  // stay open after its answer (only connections idle at that moment are closed), holding the close
  // until the grace period ends. Answers sent while closing end their connection.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })

  const spa = webAvailable(config.webDist)
  await app.register(errorsPlugin, { spaFallback: spa })
  await app.register(refuseNulCharacters)
  await app.register(jsonInDeclaredEncoding)
  await app.register(negotiationPlugin)
  // Only JSON (and the streamed formats routes declare themselves): a text/plain body is a 415.
  app.removeContentTypeParser('text/plain')
  await app.register(metricsPlugin, { database, token: config.metricsToken })
  await app.register(authPlugin, { db: database.db, cookieSecure: config.cookieSecure })
  const rateLimitStore = config.redisUrl ? await createRedisStore(config.redisUrl) : createPostgresStore(database.db)
  await app.register(rateLimitPlugin, { config: config.rateLimit, store: rateLimitStore })
  const https = !!config.publicUrl?.startsWith('https://')
  await app.register(securityPlugin, { corsOrigins: config.corsOrigins, https })
  await app.register(openapiPlugin, { publicUrl: config.publicUrl, version: apiVersion })
  await app.register(idempotencyPlugin, { db: database.db })
  await app.register(readCachePlugin, { database })
  await app.register(healthRoutes, { database })

  // Statistics that bulk imports left to refresh (migration 0008): drained in the background after
  // each import, before any statistics computation, and at start (left over from a crash).
  const statsDrainer = createStatsDrainer(database.db, app.log)
  app.decorate('statsDrainer', statsDrainer)
  app.addHook('onReady', async () => statsDrainer.soon())
  app.addHook('onClose', async () => statsDrainer.idle())

  // One statistics service for the app: its cache, its release and the data-version watch serve
  // the statistics and the open data alike.
  const repositories = repositoriesOf(database.db)
  const stats = createStatsService({
    repository: repositories.stats,
    dataVersion: app.dataVersion,
    drainer: statsDrainer,
    releaseWaitMs: config.statsReleaseWaitMs,
  })
  app.addHook('onClose', () => stats.close())

  const context: ModuleContext = { db: database.db, repositories, reader: database.reader, config, stats }
  await app.register(
    async (api) => {
      for (const module of modules) await api.register(module(context))
    },
    { prefix: '/api/v1' },
  )

  await registerWithAccess(app, access.open, () => app.register(webPlugin, { webDist: config.webDist }))
  return app
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Refreshes the statistics that bulk imports left pending (`modules/stats/stats.drain.ts`). */
    statsDrainer: StatsDrainer
  }
}
