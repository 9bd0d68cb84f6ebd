import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Health, Readiness, ref } from '@trajectoires/contract'
import type { DatabaseHandle } from '../../db/client.js'
import { access } from '../../lib/access.js'

const tags = ['Health']

export const healthRoutes: FastifyPluginAsyncTypebox<{ database: DatabaseHandle }> = async (app, { database }) => {
  app.get(
    '/healthz',
    {
      config: { access: access.open },
      schema: {
        operationId: 'getHealth',
        tags,
        summary: 'Is the process alive?',
        description: 'Answers as long as the process runs; it does not touch the database.',
        response: { 200: ref(Health) },
      },
    },
    () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }),
  )

  app.get(
    '/readyz',
    {
      config: { access: access.open },
      schema: {
        operationId: 'getReadiness',
        tags,
        summary: 'Can the API serve requests?',
        description: '200 when the database answers and every migration is applied, 503 otherwise.',
        response: { 200: ref(Readiness), 503: ref(Readiness) },
      },
    },
    async (_request, reply) => {
      let databaseCheck: 'ok' | 'unreachable' = 'ok'
      let migrations: 'ok' | 'pending' | 'unknown' = 'unknown'
      try {
        await database.ping()
        const { applied, shipped } = await database.migrationStatus()
        migrations = applied >= shipped ? 'ok' : 'pending'
      } catch {
        databaseCheck = 'unreachable'
      }
      const ready = databaseCheck === 'ok' && migrations === 'ok'
      return reply.code(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not_ready',
        checks: { database: databaseCheck, migrations },
        databaseKind: database.kind,
      })
    },
  )
}
