import { createOrganisationsRepository } from '../organisations/organisations.repository.js'
import type { Module } from '../module.js'
import { createOutcomesRepository } from './outcomes.repository.js'
import { outcomesRoutes } from './outcomes.routes.js'
import { createOutcomesService } from './outcomes.service.js'

/** Wires the outcomes module: repositories, service and routes on one database. */
export const outcomesModule: Module =
  ({ db }) =>
  async (app) => {
    const service = createOutcomesService({
      db,
      outcomes: createOutcomesRepository(db),
      organisations: createOrganisationsRepository(db),
    })
    await app.register(outcomesRoutes, { service })
  }
