import type { FastifyPluginAsync } from 'fastify'
import type { Database } from '../../db/client.js'
import { createStatsRepository } from '../stats/stats.repository.js'
import { createStatsService } from '../stats/stats.service.js'
import { createOpenDataRepository } from './open-data.repository.js'
import { openDataRoutes } from './open-data.routes.js'
import { createOpenDataService } from './open-data.service.js'

/** Wires the open-data module: the public statistics as a Frictionless data package. */
export function openDataModule(db: Database): { routes: FastifyPluginAsync } {
  const statsRepository = createStatsRepository(db)
  return {
    routes: async (app) => {
      const stats = createStatsService({ repository: statsRepository, drainer: app.statsDrainer })
      const service = createOpenDataService({ stats, statsRepository, repository: createOpenDataRepository(db) })
      await app.register(openDataRoutes, { service, close: () => stats.close() })
    },
  }
}
