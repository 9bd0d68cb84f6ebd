import type { Database } from '../../db/client.js'
import { createCampusesRepository } from '../campuses/campuses.repository.js'
import type { Module } from '../module.js'
import { createOrganisationsRepository } from '../organisations/organisations.repository.js'
import { createMembershipsRepository } from './consortium.repository.js'
import { consortiumRoutes } from './consortium.routes.js'
import { createConsortiumService } from './consortium.service.js'

/** The consortium service on `db` (the module's, and the seed's). */
export const consortiumService = (db: Database) =>
  createConsortiumService({
    db,
    memberships: createMembershipsRepository(db),
    campuses: createCampusesRepository(db),
    organisations: createOrganisationsRepository(db),
  })

/** Each campus's consortium: partner organisations and their roles over time. */
export const consortiumModule: Module =
  ({ db }) =>
  async (app) => {
    await app.register(consortiumRoutes, { service: consortiumService(db) })
  }
