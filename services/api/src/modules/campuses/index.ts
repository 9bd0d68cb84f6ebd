import { serviceModule, type ServiceContext } from '../module.js'
import { campusesRoutes } from './campuses.routes.js'
import { createCampusesService } from './campuses.service.js'

/** The campuses service on a database (the module's, and the seed's). */
export const campusesService = ({ db, repositories: { campuses, memberships, cohorts } }: ServiceContext) =>
  createCampusesService({ db, campuses, memberships, cohorts })

/** Campuses (INSEE code checked against the communes). */
export const campusesModule = serviceModule(campusesRoutes, campusesService)
