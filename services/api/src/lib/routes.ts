import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParams, IfMatchHeaders, ref } from '@trajectoires/contract'
import Type, { type TSchema } from 'typebox'
import type { AccessRule } from './access.js'
import { requireIfMatch, sendVersioned, type IfMatch } from './http.js'

type App = Parameters<FastifyPluginAsyncTypebox>[0]

/** What a route says of itself in the contract, and who may call it. */
export interface RouteDoc {
  access: AccessRule
  operationId: string
  tags: string[]
  summary: string
  description?: string
}

/** `DELETE path` (a path ending in `/:id`) with `If-Match`: 204 once `remove` has deleted the record. */
export function deleteRoute(
  app: App,
  path: string,
  doc: RouteDoc,
  remove: (id: string, ifMatch: IfMatch) => Promise<void>,
) {
  const { access, ...operation } = doc
  app.delete(
    path,
    {
      config: { access },
      schema: {
        ...operation,
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'Deleted.' }) },
      },
    },
    async (request, reply) => {
      await remove(request.params.id, requireIfMatch(request.headers['if-match']))
      return reply.code(204).send(null)
    },
  )
}

/** `GET path` (a path ending in `/:id`): the record `read` returns, as `schema`, with its `ETag`. */
export function getRoute(
  app: App,
  path: string,
  doc: RouteDoc,
  schema: TSchema,
  read: (id: string) => Promise<{ version: number }>,
) {
  const { access, ...operation } = doc
  app.get(
    path,
    { config: { access }, schema: { ...operation, params: IdParams, response: { 200: ref(schema) } } },
    async (request, reply) => sendVersioned(reply, await read(request.params.id)),
  )
}
