import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  IdParams,
  User,
  UserCreate,
  UserCreated,
  UserListQuery,
  UserPage,
  UserUpdate,
  ref,
  IfMatchHeaders,
} from '@trajectoires/contract'
import { access } from '../../lib/access.js'
import { etag, requireIfMatch, sendVersioned } from '../../lib/http.js'
import { getRoute } from '../../lib/routes.js'
import type { UsersService } from './users.service.js'

const tags = ['Users']

export const usersRoutes: FastifyPluginAsyncTypebox<{ service: UsersService }> = async (app, { service }) => {
  app.get(
    '/users',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'listUsers',
        tags,
        summary: 'List staff accounts',
        description: 'Cursor-paginated; filter by role, campus or state; `q` searches e-mails and names.',
        querystring: UserListQuery,
        response: { 200: ref(UserPage) },
      },
    },
    (request) => service.list(request.query),
  )

  getRoute(
    app,
    '/users/:id',
    {
      access: access.admin,
      operationId: 'getUser',
      tags,
      summary: 'Get a staff account',
      description: 'The `ETag` header carries the version to send back in `If-Match` when updating.',
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

  app.patch(
    '/users/:id',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'updateUser',
        tags,
        summary: 'Update, disable or reset a staff account',
        description:
          '`disabled: true` disables the account and closes its sessions; a new `password` does too. The last active administrator cannot be disabled or demoted, nor can you disable yourself (409). Requires `If-Match`.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ref(UserUpdate),
        response: { 200: ref(User) },
      },
    },
    async (request, reply) =>
      sendVersioned(
        reply,
        await service.update(request.params.id, requireIfMatch(request.headers['if-match']), request.body),
      ),
  )
}
