import type { FastifyInstance, FastifyPluginAsync, FastifyRegisterOptions } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Config } from '../config.js'
import type { Database } from '../db/client.js'
import type { Repositories } from './repositories.js'
import type { StatsService } from './stats/stats.service.js'

/** What a service is built from: the database and the app's repositories on it (`repositoriesOf`). */
export interface ServiceContext {
  db: Database
  repositories: Repositories
}

/**
 * What every module is given: the database (and its read replica, when there is one), the app's
 * repositories on it, the configuration, and the one statistics service the app shares (its cache,
 * its release and its data-version watch serve the statistics and the open data alike). App-wide
 * facilities that plugins decorate (`app.rateLimiter`, `app.dataVersion`, `app.statsDrainer`) are
 * read from the Fastify instance inside the module's plugin.
 */
export interface ModuleContext extends ServiceContext {
  reader: Database | undefined
  config: Config
  stats: StatsService
}

/**
 * A module: builds its services from the context and returns the plugin that registers its routes
 * (under `/api/v1`). Every module of `modules/index.ts` has this shape, made by `routesModule` or
 * `serviceModule`.
 */
export type Module = (context: ModuleContext) => FastifyPluginAsync

/** The module that registers `routes` with the options `options` makes of the context and the module's Fastify instance. */
export function routesModule<O extends object>(
  routes: FastifyPluginAsyncTypebox<O>,
  options: (context: ModuleContext, app: FastifyInstance) => FastifyRegisterOptions<O>,
): Module {
  return (context) => async (app) => {
    await app.register(routes, options(context, app))
  }
}

/** The module that registers `routes` with the service `service` builds (the options of most modules' routes). */
export function serviceModule<S>(
  routes: FastifyPluginAsyncTypebox<{ service: S }>,
  service: (context: ModuleContext, app: FastifyInstance) => S,
): Module {
  return routesModule(routes, (context, app) => ({ service: service(context, app) }))
}
