import type { FastifyPluginAsync } from 'fastify'
import type { Database } from '../../db/client.js'
import { createCampusesRepository } from '../campuses/campuses.repository.js'
import { createTracksRepository } from '../tracks/tracks.repository.js'
import { createCohortsRepository } from './cohorts.repository.js'
import { cohortsRoutes } from './cohorts.routes.js'
import { createCohortsService } from './cohorts.service.js'

/** Wires the cohorts module: repositories, service and routes on one database. */
export function cohortsModule(db: Database): { routes: FastifyPluginAsync } {
  const service = createCohortsService({
    db,
    cohorts: createCohortsRepository(db),
    campuses: createCampusesRepository(db),
    tracks: createTracksRepository(db),
  })
  return {
    routes: async (app) => {
      await app.register(cohortsRoutes, { service })
    },
  }
}
