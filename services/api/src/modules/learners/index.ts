import { serviceModule } from '../module.js'
import { learnersRoutes } from './learners.routes.js'
import { createLearnersService } from './learners.service.js'

/** Pseudonymous learners, each of one campus. */
export const learnersModule = serviceModule(learnersRoutes, ({ db, repositories: { learners, campuses } }) =>
  createLearnersService({ db, learners, campuses }),
)
