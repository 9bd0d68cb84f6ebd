import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../../config.js'
import type { Database } from '../../db/client.js'
import { createApiKeysRepository } from '../api-keys/api-keys.repository.js'
import { apiKeysRoutes } from '../api-keys/api-keys.routes.js'
import { createApiKeysService } from '../api-keys/api-keys.service.js'
import { auditRoutes } from '../audit/audit.routes.js'
import { createAuditService } from '../audit/audit.service.js'
import { createUsersRepository } from '../users/users.repository.js'
import { usersRoutes } from '../users/users.routes.js'
import { createUsersService } from '../users/users.service.js'
import { createAuthRepository } from './auth.repository.js'
import { authRoutes } from './auth.routes.js'
import { createAuthService } from './auth.service.js'

/** Wires access control's own resources: login and sessions, staff accounts, API keys, the audit trail. */
export function accessModule(db: Database, config: Config): { routes: FastifyPluginAsync } {
  const apiKeys = createApiKeysRepository(db)
  return {
    routes: async (app) => {
      const auth = createAuthService({
        db,
        auth: createAuthRepository(db),
        apiKeys,
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
      await app.register(usersRoutes, {
        service: createUsersService({
          db,
          users: createUsersRepository(db),
          passwordHashCost: config.passwordHashCost,
        }),
      })
      await app.register(apiKeysRoutes, { service: createApiKeysService({ db, apiKeys }) })
      await app.register(auditRoutes, { service: createAuditService({ db }) })
    },
  }
}
