import type { FastifyPluginAsync } from 'fastify'
import type { Database } from '../../db/client.js'
import { createCohortsRepository } from '../cohorts/cohorts.repository.js'
import { createTracksRepository } from './tracks.repository.js'
import { tracksRoutes } from './tracks.routes.js'
import { createTracksService } from './tracks.service.js'

/** Wires the tracks module: repositories, service and routes on one database. */
export function tracksModule(db: Database): { routes: FastifyPluginAsync } {
  const service = createTracksService({
    db,
    tracks: createTracksRepository(db),
    cohorts: createCohortsRepository(db),
  })
  return {
    routes: async (app) => {
      await app.register(tracksRoutes, { service })
    },
  }
}
