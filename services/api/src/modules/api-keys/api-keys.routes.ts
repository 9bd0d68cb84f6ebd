import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyListQuery, ApiKeyPage, IdParams, ref } from '@trajectoires/contract'
import { access } from '../../lib/access.js'
import type { ApiKeysService } from './api-keys.service.js'

const tags = ['API keys']

export const apiKeysRoutes: FastifyPluginAsyncTypebox<{ service: ApiKeysService }> = async (app, { service }) => {
  app.get(
    '/api-keys',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'listApiKeys',
        tags,
        summary: 'List API keys',
        description: 'Newest first; filter by organisation or state. Keys show their prefix, never their secret.',
        querystring: ApiKeyListQuery,
        response: { 200: ref(ApiKeyPage) },
      },
    },
    (request) => service.list(request.query),
  )

  app.get(
    '/api-keys/:id',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'getApiKey',
        tags,
        summary: 'Get an API key',
        description: 'Its scopes, campuses, expiry, last use and revocation.',
        params: IdParams,
        response: { 200: ref(ApiKey) },
      },
    },
    (request) => service.get(request.params.id),
  )

  app.post(
    '/api-keys',
    {
      // The answer holds the key: it is never stored, not even for replays.
      config: { access: access.admin, idempotency: false },
      schema: {
        operationId: 'createApiKey',
        tags,
        summary: 'Issue an API key',
        description:
          'For a partner organisation (or, without one, a network script), with scopes, optional campuses and an expiry (one year by default). The answer shows the key once, in `key`; only its hash is kept. To rotate a key, issue a new one, switch the client over, then revoke the old one.',
        body: ref(ApiKeyCreate),
        response: { 201: ref(ApiKeyCreated) },
      },
    },
    async (request, reply) => {
      const created = await service.create(request.body)
      return reply
        .code(201)
        .header('location', `/api/v1/api-keys/${created.id}`)
        .header('cache-control', 'no-store')
        .send(created)
    },
  )

  app.post(
    '/api-keys/:id/revoke',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'revokeApiKey',
        tags,
        summary: 'Revoke an API key',
        description:
          'From now on the key gets 401. It stays listed, revoked, for the record. Revoking twice changes nothing.',
        params: IdParams,
        response: { 200: ref(ApiKey) },
      },
    },
    (request) => service.revoke(request.params.id),
  )
}
