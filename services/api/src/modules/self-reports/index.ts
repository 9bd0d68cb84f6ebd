import { routesModule } from '../module.js'
import { outcomesService } from '../outcomes/index.js'
import { selfReportsRoutes } from './self-reports.routes.js'
import { createSelfReportsService } from './self-reports.service.js'

/** Follow-up invitations and self-reports; answers go through the outcomes service's rules. */
export const selfReportsModule = routesModule(selfReportsRoutes, (context, app) => ({
  service: createSelfReportsService({
    db: context.db,
    invitations: context.repositories.selfReports,
    outcomes: outcomesService(context),
    limiter: app.rateLimiter,
    settings: {
      codeDays: context.config.selfReportCodeDays,
      perAddressMax: context.config.rateLimit.selfReportMax,
      perCodeMax: context.config.rateLimit.selfReportCodeMax,
      windowSeconds: context.config.rateLimit.loginWindowSeconds,
    },
  }),
  publicUrl: context.config.publicUrl,
}))
