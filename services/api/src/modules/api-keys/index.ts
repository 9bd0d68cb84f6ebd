import { serviceModule } from '../module.js'
import { apiKeysRoutes } from './api-keys.routes.js'
import { createApiKeysService } from './api-keys.service.js'

/** Partner API keys: shown once, stored hashed. */
export const apiKeysModule = serviceModule(apiKeysRoutes, ({ db, repositories: { apiKeys } }) =>
  createApiKeysService({ db, apiKeys }),
)
