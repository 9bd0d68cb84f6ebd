import type { Module } from '../module.js'
import { createStatsRepository } from '../stats/stats.repository.js'
import { createOpenDataRepository } from './open-data.repository.js'
import { openDataRoutes } from './open-data.routes.js'
import { createOpenDataService } from './open-data.service.js'

/** The public statistics as a Frictionless data package, read from the app's statistics service (its release). */
export const openDataModule: Module =
  ({ db, stats }) =>
  async (app) => {
    const service = createOpenDataService({
      stats,
      statsRepository: createStatsRepository(db),
      repository: createOpenDataRepository(db),
    })
    await app.register(openDataRoutes, { service })
  }
