import { createApiKeysRepository } from '../api-keys/api-keys.repository.js'
import type { Module } from '../module.js'
import { createAuthRepository } from './auth.repository.js'
import { authRoutes } from './auth.routes.js'
import { createAuthService } from './auth.service.js'

/** Login, sessions and the session of the caller (credentials themselves are read by plugins/auth.ts). */
export const authModule: Module =
  ({ db, config }) =>
  async (app) => {
    const auth = createAuthService({
      db,
      auth: createAuthRepository(db),
      apiKeys: createApiKeysRepository(db),
      limiter: app.rateLimiter,
      settings: {
        sessionTtlHours: config.sessionTtlHours,
        passwordHashCost: config.passwordHashCost,
        loginMax: config.rateLimit.loginMax,
        loginFailuresMax: config.rateLimit.loginFailuresMax,
        loginAccountFailuresMax: config.rateLimit.loginAccountFailuresMax,
        loginWindowSeconds: config.rateLimit.loginWindowSeconds,
      },
    })
    await app.register(authRoutes, { service: auth, cookieSecure: config.cookieSecure })
  }
