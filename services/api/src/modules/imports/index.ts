import { routesModule } from '../module.js'
import type { HandlerFactory } from './imports.engine.js'
import { createEnrolmentImport } from './imports.enrolments.js'
import { createOutcomeImport } from './imports.outcomes.js'
import { importsRoutes } from './imports.routes.js'

/**
 * The bulk imports: one handler per kind of file, writing on `db`; their lookups read on `reader`
 * when there is one (see `DatabaseHandle.reader`).
 */
export const importsModule = routesModule(importsRoutes, ({ db, reader }) => ({
  db,
  reader,
  handlers: {
    enrolments: createEnrolmentImport as HandlerFactory<unknown>,
    outcomes: createOutcomeImport as HandlerFactory<unknown>,
  },
}))
