import type { FastifyPluginAsync } from 'fastify'
import type { Database } from '../../db/client.js'
import { createOrganisationsRepository } from '../organisations/organisations.repository.js'
import { createOutcomesRepository } from './outcomes.repository.js'
import { outcomesRoutes } from './outcomes.routes.js'
import { createOutcomesService } from './outcomes.service.js'

/** Wires the outcomes module: repositories, service and routes on one database. */
export function outcomesModule(db: Database): { routes: FastifyPluginAsync } {
  const service = createOutcomesService({
    db,
    outcomes: createOutcomesRepository(db),
    organisations: createOrganisationsRepository(db),
  })
  return {
    routes: async (app) => {
      await app.register(outcomesRoutes, { service })
    },
  }
}
