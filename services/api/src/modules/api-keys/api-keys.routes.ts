import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyListQuery, ApiKeyPage } from '@trajectoires/contract'
import { access } from '../../lib/access.js'
import { collectionRoutes, idRoute } from '../../lib/routes.js'
import type { ApiKeysService } from './api-keys.service.js'

const tags = ['API keys']

export const apiKeysRoutes: FastifyPluginAsyncTypebox<{ service: ApiKeysService }> = async (app, { service }) => {
  collectionRoutes(app, {
    path: '/api-keys',
    tags,
    schemas: { item: ApiKeyCreated, page: ApiKeyPage, query: ApiKeyListQuery, create: ApiKeyCreate },
    campusScoped: false,
    service,
    list: {
      access: access.admin,
      operationId: 'listApiKeys',
      summary: 'List API keys',
      description: 'Newest first; filter by organisation or state. Keys show their prefix, never their secret.',
    },
    create: {
      access: access.admin,
      operationId: 'createApiKey',
      summary: 'Issue an API key',
      description:
        'For a partner organisation (or, without one, a network script), with scopes, optional campuses and an expiry (one year by default). The answer shows the key once, in `key`; only its hash is kept. To rotate a key, issue a new one, switch the client over, then revoke the old one.',
      // The answer holds the key: it is never stored, not even for replays.
      secret: true,
    },
  })

  idRoute(
    app,
    'GET',
    '/api-keys/:id',
    {
      access: access.admin,
      operationId: 'getApiKey',
      tags,
      summary: 'Get an API key',
      description: 'Its scopes, campuses, expiry, last use and revocation.',
    },
    ApiKey,
    (id) => service.get(id),
  )

  idRoute(
    app,
    'POST',
    '/api-keys/:id/revoke',
    {
      access: access.admin,
      operationId: 'revokeApiKey',
      tags,
      summary: 'Revoke an API key',
      description:
        'From now on the key gets 401. It stays listed, revoked, for the record. Revoking twice changes nothing.',
    },
    ApiKey,
    (id) => service.revoke(id),
  )
}
