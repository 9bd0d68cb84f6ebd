import type { FastifyPluginAsync } from 'fastify'
import type { Database } from '../../db/client.js'
import { createStatsRepository } from './stats.repository.js'
import { statsRoutes } from './stats.routes.js'
import { createStatsService } from './stats.service.js'

/** Wires the statistics module: metric definitions, placement results, overview, funnel, snapshots. */
export function statsModule(db: Database, options: { releaseWaitMs?: number } = {}): { routes: FastifyPluginAsync } {
  return {
    routes: async (app) => {
      // The app's data version watch, when there is one: cached answers are then served without a query.
      const service = createStatsService({
        repository: createStatsRepository(db),
        dataVersion: app.dataVersion,
        drainer: app.statsDrainer,
        releaseWaitMs: options.releaseWaitMs,
      })
      await app.register(statsRoutes, { service })
    },
  }
}
