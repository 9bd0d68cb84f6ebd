import { createLearnersRepository } from '../learners/learners.repository.js'
import { createOrganisationsRepository } from '../organisations/organisations.repository.js'
import type { Module } from '../module.js'
import { createEnrolmentsRepository } from './enrolments.repository.js'
import { enrolmentsRoutes } from './enrolments.routes.js'
import { createEnrolmentsService } from './enrolments.service.js'
import { createInternshipsRepository } from './internships.repository.js'
import { internshipsRoutes } from './internships.routes.js'
import { createInternshipsService } from './internships.service.js'

/** Wires the enrolments module (enrolments, their stage history and internships) on one database. */
export const enrolmentsModule: Module =
  ({ db }) =>
  async (app) => {
    const enrolments = createEnrolmentsRepository(db)
    const enrolmentsService = createEnrolmentsService({ db, enrolments, learners: createLearnersRepository(db) })
    const internshipsService = createInternshipsService({
      db,
      enrolments,
      internships: createInternshipsRepository(db),
      organisations: createOrganisationsRepository(db),
    })
    await app.register(enrolmentsRoutes, { service: enrolmentsService })
    await app.register(internshipsRoutes, { service: internshipsService })
  }
