import { createOrganisationsRepository } from '../organisations/organisations.repository.js'
import { createOutcomesRepository } from '../outcomes/outcomes.repository.js'
import { createOutcomesService } from '../outcomes/outcomes.service.js'
import type { Module } from '../module.js'
import { createSelfReportsRepository } from './self-reports.repository.js'
import { selfReportsRoutes } from './self-reports.routes.js'
import { createSelfReportsService } from './self-reports.service.js'

/** Wires follow-up invitations and self-reports; answers go through the outcomes service's rules. */
export const selfReportsModule: Module =
  ({ db, config }) =>
  async (app) => {
    const outcomes = createOutcomesService({
      db,
      outcomes: createOutcomesRepository(db),
      organisations: createOrganisationsRepository(db),
    })
    const service = createSelfReportsService({
      db,
      invitations: createSelfReportsRepository(db),
      outcomes,
      limiter: app.rateLimiter,
      settings: {
        codeDays: config.selfReportCodeDays,
        perAddressMax: config.rateLimit.selfReportMax,
        perCodeMax: config.rateLimit.selfReportCodeMax,
        windowSeconds: config.rateLimit.loginWindowSeconds,
      },
    })
    await app.register(selfReportsRoutes, { service, publicUrl: config.publicUrl })
  }
