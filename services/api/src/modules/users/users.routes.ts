import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { User, UserCreate, UserCreated, UserListQuery, UserPage, UserUpdate } from '@trajectoires/contract'
import { access } from '../../lib/access.js'
import { createRoute, getDescription, getRoute, listRoute, updateRoute } from '../../lib/routes.js'
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

  getRoute(
    app,
    '/users/:id',
    {
      access: access.admin,
      operationId: 'getUser',
      tags,
      summary: 'Get a staff account',
      description: getDescription,
    },
    User,
    (id) => service.get(id),
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

  updateRoute(
    app,
    '/users/:id',
    {
      access: access.admin,
      operationId: 'updateUser',
      tags,
      summary: 'Update, disable or reset a staff account',
      description:
        '`disabled: true` disables the account and closes its sessions; a new `password` does too. The last active administrator cannot be disabled or demoted, nor can you disable yourself (409). Requires `If-Match`.',
    },
    { body: UserUpdate, item: User },
    (id, ifMatch, input) => service.update(id, ifMatch, input),
  )
}
