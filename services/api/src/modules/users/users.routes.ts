import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { User, UserCreate, UserCreated, UserListQuery, UserPage, UserUpdate } from '@trajectoires/contract'
import { access } from '../../lib/access.js'
import { createRoute, getDescription, listRoute, recordRoutes } from '../../lib/routes.js'
import type { UsersService } from './users.service.js'

const tags = ['Users']

export const usersRoutes: FastifyPluginAsyncTypebox<{ service: UsersService }> = async (app, { service }) => {
  listRoute(
    app,
    '/users',
    {
      access: access.admin,
      operationId: 'listUsers',
      tags,
      summary: 'List staff accounts',
      description: 'Cursor-paginated; filter by role, campus or state; `q` searches e-mails and names.',
    },
    { query: UserListQuery, page: UserPage },
    (query) => service.list(query),
  )

  createRoute(
    app,
    '/users',
    {
      access: access.admin,
      operationId: 'createUser',
      tags,
      summary: 'Create a staff account',
      description:
        '`campus_staff` needs at least one campus; network roles take none. Without `password`, one is generated and returned once in `initialPassword`. An e-mail already used gets 409 `duplicate`.',
    },
    { body: UserCreate, item: UserCreated },
    `${app.prefix}/users`,
    (input) => service.create(input),
    // The answer may hold a generated password.
    { secret: true },
  )

  recordRoutes(app, {
    path: '/users/:id',
    tags,
    schemas: { item: User, update: UserUpdate },
    service,
    get: { access: access.admin, operationId: 'getUser', summary: 'Get a staff account', description: getDescription },
    update: {
      access: access.admin,
      operationId: 'updateUser',
      summary: 'Update, disable or reset a staff account',
      description:
        '`disabled: true` disables the account and closes its sessions; a new `password` does too. The last active administrator cannot be disabled or demoted, nor can you disable yourself (409). Requires `If-Match`.',
    },
  })
}
