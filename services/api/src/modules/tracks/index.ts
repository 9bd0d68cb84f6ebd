import { createCohortsRepository } from '../cohorts/cohorts.repository.js'
import type { Module } from '../module.js'
import { createTracksRepository } from './tracks.repository.js'
import { tracksRoutes } from './tracks.routes.js'
import { createTracksService } from './tracks.service.js'

/** Wires the tracks module: repositories, service and routes on one database. */
export const tracksModule: Module =
  ({ db }) =>
  async (app) => {
    const service = createTracksService({
      db,
      tracks: createTracksRepository(db),
      cohorts: createCohortsRepository(db),
    })
    await app.register(tracksRoutes, { service })
  }
