import type { Database } from '../../db/client.js'
import { createMembershipsRepository } from '../consortium/consortium.repository.js'
import type { Module } from '../module.js'
import { createOrganisationsRepository } from './organisations.repository.js'
import { organisationsRoutes } from './organisations.routes.js'
import { createOrganisationsService } from './organisations.service.js'

/** The organisations service on `db` (the module's, and the seed's). */
export const organisationsService = (db: Database) =>
  createOrganisationsService({
    db,
    organisations: createOrganisationsRepository(db),
    memberships: createMembershipsRepository(db),
  })

/** Partner organisations (SIREN checked). */
export const organisationsModule: Module =
  ({ db }) =>
  async (app) => {
    await app.register(organisationsRoutes, { service: organisationsService(db) })
  }
