import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { User, UserCreate, UserCreated, UserListQuery, UserPage, UserUpdate } from '@trajectoires/contract'
import { access } from '../../lib/access.js'
import { collectionRoutes, getDescription, recordRoutes } from '../../lib/routes.js'
import type { UsersService } from './users.service.js'

const tags = ['Users']

export const usersRoutes: FastifyPluginAsyncTypebox<{ service: UsersService }> = async (app, { service }) => {
  collectionRoutes(app, {
    path: '/users',
    tags,
    schemas: { item: UserCreated, page: UserPage, query: UserListQuery, create: UserCreate },
    campusScoped: false,
    service,
    list: {
      access: access.admin,
      operationId: 'listUsers',
      summary: 'List staff accounts',
      description: 'Cursor-paginated; filter by role, campus or state; `q` searches e-mails and names.',
    },
    create: {
      access: access.admin,
      operationId: 'createUser',
      summary: 'Create a staff account',
      description:
        '`campus_staff` needs at least one campus; network roles take none. Without `password`, one is generated and returned once in `initialPassword`. An e-mail already used gets 409 `duplicate`.',
      // The answer may hold a generated password.
      secret: true,
    },
  })

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
