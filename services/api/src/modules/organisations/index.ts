import { serviceModule, type ServiceContext } from '../module.js'
import { organisationsRoutes } from './organisations.routes.js'
import { createOrganisationsService } from './organisations.service.js'

/** The organisations service on a database (the module's, and the seed's). */
export const organisationsService = ({ db, repositories: { organisations, memberships } }: ServiceContext) =>
  createOrganisationsService({ db, organisations, memberships })

/** Partner organisations (SIREN checked). */
export const organisationsModule = serviceModule(organisationsRoutes, organisationsService)
