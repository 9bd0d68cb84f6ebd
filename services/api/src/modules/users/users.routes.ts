import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { User, UserCreate, UserCreated, UserListQuery, UserPage, UserUpdate, ref } from '@trajectoires/contract'
import { access } from '../../lib/access.js'
import { etag } from '../../lib/http.js'
import { getDescription, getRoute, listRoute, updateRoute } from '../../lib/routes.js'
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

  app.post(
    '/users',
    {
      // The answer may hold a generated password: never stored for replays.
      config: { access: access.admin, idempotency: false },
      schema: {
        operationId: 'createUser',
        tags,
        summary: 'Create a staff account',
        description:
          '`campus_staff` needs at least one campus; network roles take none. Without `password`, one is generated and returned once in `initialPassword`. An e-mail already used gets 409 `duplicate`.',
        body: ref(UserCreate),
        response: { 201: ref(UserCreated) },
      },
    },
    async (request, reply) => {
      const user = await service.create(request.body)
      return reply
        .code(201)
        .header('etag', etag(user.version))
        .header('location', `/api/v1/users/${user.id}`)
        .header('cache-control', 'no-store')
        .send(user)
    },
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
