import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuditEventListQuery, AuditEventPage } from '@trajectoires/contract'
import { access } from '../../lib/access.js'
import { listRoute } from '../../lib/routes.js'
import type { AuditService } from './audit.service.js'

export const auditRoutes: FastifyPluginAsyncTypebox<{ service: AuditService }> = async (app, { service }) => {
  listRoute(
    app,
    '/audit-events',
    {
      access: access.admin,
      operationId: 'listAuditEvents',
      tags: ['Audit'],
      summary: 'Read the audit trail',
      description:
        'Every write, newest first: who (account or key), what (resource, id, action, the change), when, from which request and address. Filters combine.',
    },
    { query: AuditEventListQuery, page: AuditEventPage },
    (query) => service.list(query),
  )
}
