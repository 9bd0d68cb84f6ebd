import { serviceModule } from '../module.js'
import { enrolmentsRoutes } from './enrolments.routes.js'
import { createEnrolmentsService } from './enrolments.service.js'
import { internshipsRoutes } from './internships.routes.js'
import { createInternshipsService } from './internships.service.js'

/** Enrolments: a learner’s path through a cohort, its stage history. */
export const enrolmentsModule = serviceModule(enrolmentsRoutes, ({ db, repositories: { enrolments, learners } }) =>
  createEnrolmentsService({ db, enrolments, learners }),
)

/** The internships of enrolments, with their host organisations. */
export const internshipsModule = serviceModule(
  internshipsRoutes,
  ({ db, repositories: { enrolments, internships, organisations } }) =>
    createInternshipsService({ db, enrolments, internships, organisations }),
)
