import { routesModule } from '../module.js'
import { authRoutes } from './auth.routes.js'
import { createAuthService } from './auth.service.js'

/** Login, sessions and the session of the caller (credentials themselves are read by plugins/auth.ts). */
export const authModule = routesModule(authRoutes, ({ db, repositories, config }, app) => ({
  service: createAuthService({
    db,
    auth: repositories.auth,
    apiKeys: repositories.apiKeys,
    limiter: app.rateLimiter,
    settings: {
      sessionTtlHours: config.sessionTtlHours,
      passwordHashCost: config.passwordHashCost,
      loginMax: config.rateLimit.loginMax,
      loginFailuresMax: config.rateLimit.loginFailuresMax,
      loginAccountFailuresMax: config.rateLimit.loginAccountFailuresMax,
      loginWindowSeconds: config.rateLimit.loginWindowSeconds,
    },
  }),
  cookieSecure: config.cookieSecure,
}))
