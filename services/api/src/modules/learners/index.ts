import type { FastifyPluginAsync } from 'fastify'
import type { Database } from '../../db/client.js'
import { createCampusesRepository } from '../campuses/campuses.repository.js'
import { createLearnersRepository } from './learners.repository.js'
import { learnersRoutes } from './learners.routes.js'
import { createLearnersService } from './learners.service.js'

/** Wires the learners module: repositories, service and routes on one database. */
export function learnersModule(db: Database): { routes: FastifyPluginAsync } {
  const service = createLearnersService({
    db,
    learners: createLearnersRepository(db),
    campuses: createCampusesRepository(db),
  })
  return {
    routes: async (app) => {
      await app.register(learnersRoutes, { service })
    },
  }
}
