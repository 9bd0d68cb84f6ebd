import type { Module } from '../module.js'
import { createApiKeysRepository } from './api-keys.repository.js'
import { apiKeysRoutes } from './api-keys.routes.js'
import { createApiKeysService } from './api-keys.service.js'

/** Partner API keys: shown once, stored hashed. */
export const apiKeysModule: Module =
  ({ db }) =>
  async (app) => {
    await app.register(apiKeysRoutes, { service: createApiKeysService({ db, apiKeys: createApiKeysRepository(db) }) })
  }
