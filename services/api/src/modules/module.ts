import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../config.js'
import type { Database } from '../db/client.js'
import type { StatsService } from './stats/stats.service.js'

/**
 * What every module is given: the database (and its read replica, when there is one), the
 * configuration, and the one statistics service the app shares (its cache, its release and its
 * data-version watch serve the statistics and the open data alike). App-wide facilities that
 * plugins decorate (`app.rateLimiter`, `app.dataVersion`, `app.statsDrainer`) are read from the
 * Fastify instance inside the module's plugin.
 */
export interface ModuleContext {
  db: Database
  reader: Database | undefined
  config: Config
  stats: StatsService
}

/**
 * A module: builds its repositories and services from the context and returns the plugin that
 * registers its routes (under `/api/v1`). Every module of `modules/index.ts` has this shape.
 */
export type Module = (context: ModuleContext) => FastifyPluginAsync
