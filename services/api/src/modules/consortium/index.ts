import { serviceModule, type ServiceContext } from '../module.js'
import { consortiumRoutes } from './consortium.routes.js'
import { createConsortiumService } from './consortium.service.js'

/** The consortium service on a database (the module's, and the seed's). */
export const consortiumService = ({ db, repositories: { memberships, campuses, organisations } }: ServiceContext) =>
  createConsortiumService({ db, memberships, campuses, organisations })

/** Each campus's consortium: partner organisations and their roles over time. */
export const consortiumModule = serviceModule(consortiumRoutes, consortiumService)
