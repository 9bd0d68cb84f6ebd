import type { FastifyPluginAsync } from 'fastify'
import type { Database } from '../../db/client.js'
import type { HandlerFactory } from './imports.engine.js'
import { createEnrolmentImport } from './imports.enrolments.js'
import { createOutcomeImport } from './imports.outcomes.js'
import { importsRoutes } from './imports.routes.js'

/**
 * Wires the bulk imports: one handler per kind of file, writing on `db`; their lookups read on
 * `reader` when there is one (see `DatabaseHandle.reader`).
 */
export function importsModule(db: Database, reader?: Database): { routes: FastifyPluginAsync } {
  const handlers = {
    enrolments: createEnrolmentImport as HandlerFactory<unknown>,
    outcomes: createOutcomeImport as HandlerFactory<unknown>,
  }
  return { routes: async (app) => app.register(importsRoutes, { db, reader, handlers }) }
}
