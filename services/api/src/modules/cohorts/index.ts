import { serviceModule } from '../module.js'
import { cohortsRoutes } from './cohorts.routes.js'
import { createCohortsService } from './cohorts.service.js'

/** Cohorts (promotions, sessions) of a track at a campus. */
export const cohortsModule = serviceModule(cohortsRoutes, ({ db, repositories: { cohorts, campuses, tracks } }) =>
  createCohortsService({ db, cohorts, campuses, tracks }),
)
