import { createCampusesRepository } from '../campuses/campuses.repository.js'
import { createTracksRepository } from '../tracks/tracks.repository.js'
import type { Module } from '../module.js'
import { createCohortsRepository } from './cohorts.repository.js'
import { cohortsRoutes } from './cohorts.routes.js'
import { createCohortsService } from './cohorts.service.js'

/** Wires the cohorts module: repositories, service and routes on one database. */
export const cohortsModule: Module =
  ({ db }) =>
  async (app) => {
    const service = createCohortsService({
      db,
      cohorts: createCohortsRepository(db),
      campuses: createCampusesRepository(db),
      tracks: createTracksRepository(db),
    })
    await app.register(cohortsRoutes, { service })
  }
