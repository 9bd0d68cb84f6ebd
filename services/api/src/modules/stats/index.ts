import type { FastifyPluginAsync } from 'fastify'
import type { Database } from '../../db/client.js'
import { createStatsRepository } from './stats.repository.js'
import { statsRoutes } from './stats.routes.js'
import { createStatsService } from './stats.service.js'

/** Wires the statistics module: metric definitions, placement results, overview, funnel, snapshots. */
export function statsModule(db: Database): { routes: FastifyPluginAsync } {
  const service = createStatsService({ repository: createStatsRepository(db) })
  return {
    routes: async (app) => {
      await app.register(statsRoutes, { service })
    },
  }
}
