import type { Module } from '../module.js'
import { createUsersRepository } from './users.repository.js'
import { usersRoutes } from './users.routes.js'
import { createUsersService } from './users.service.js'

/** Staff accounts, managed by network administrators. */
export const usersModule: Module =
  ({ db, config }) =>
  async (app) => {
    const service = createUsersService({
      db,
      users: createUsersRepository(db),
      passwordHashCost: config.passwordHashCost,
    })
    await app.register(usersRoutes, { service })
  }
