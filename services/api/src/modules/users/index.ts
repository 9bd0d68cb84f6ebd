import { serviceModule } from '../module.js'
import { usersRoutes } from './users.routes.js'
import { createUsersService } from './users.service.js'

/** Staff accounts, managed by network administrators. */
export const usersModule = serviceModule(usersRoutes, ({ db, repositories: { users }, config }) =>
  createUsersService({ db, users, passwordHashCost: config.passwordHashCost }),
)
