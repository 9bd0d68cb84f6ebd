import type { Database } from '../../db/client.js'
import { createCohortsRepository } from '../cohorts/cohorts.repository.js'
import { createMembershipsRepository } from '../consortium/consortium.repository.js'
import type { Module } from '../module.js'
import { createCampusesRepository } from './campuses.repository.js'
import { campusesRoutes } from './campuses.routes.js'
import { createCampusesService } from './campuses.service.js'

/** The campuses service on `db` (the module's, and the seed's). */
export const campusesService = (db: Database) =>
  createCampusesService({
    db,
    campuses: createCampusesRepository(db),
    memberships: createMembershipsRepository(db),
    cohorts: createCohortsRepository(db),
  })

/** Campuses (INSEE code checked against the communes). */
export const campusesModule: Module =
  ({ db }) =>
  async (app) => {
    await app.register(campusesRoutes, { service: campusesService(db) })
  }
