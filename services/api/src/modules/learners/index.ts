import { createCampusesRepository } from '../campuses/campuses.repository.js'
import type { Module } from '../module.js'
import { createLearnersRepository } from './learners.repository.js'
import { learnersRoutes } from './learners.routes.js'
import { createLearnersService } from './learners.service.js'

/** Wires the learners module: repositories, service and routes on one database. */
export const learnersModule: Module =
  ({ db }) =>
  async (app) => {
    const service = createLearnersService({
      db,
      learners: createLearnersRepository(db),
      campuses: createCampusesRepository(db),
    })
    await app.register(learnersRoutes, { service })
  }
