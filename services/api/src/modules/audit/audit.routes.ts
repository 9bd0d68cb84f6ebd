import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuditEventListQuery, AuditEventPage, ref } from '@trajectoires/contract'
import { access } from '../../lib/access.js'
import type { AuditService } from './audit.service.js'

export const auditRoutes: FastifyPluginAsyncTypebox<{ service: AuditService }> = async (app, { service }) => {
  app.get(
    '/audit-events',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'listAuditEvents',
        tags: ['Audit'],
        summary: 'Read the audit trail',
        description:
          'Every write, newest first: who (account or key), what (resource, id, action, the change), when, from which request and address. Filters combine.',
        querystring: AuditEventListQuery,
        response: { 200: ref(AuditEventPage) },
      },
    },
    (request) => service.list(request.query),
  )
}
