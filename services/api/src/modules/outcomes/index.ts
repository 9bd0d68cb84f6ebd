import { serviceModule, type ServiceContext } from '../module.js'
import { outcomesRoutes } from './outcomes.routes.js'
import { createOutcomesService } from './outcomes.service.js'

/** The outcomes service on a database (the module's, and the self-reports'). */
export const outcomesService = ({ db, repositories: { outcomes, organisations } }: ServiceContext) =>
  createOutcomesService({ db, outcomes, organisations })

/** Append-only outcome observations (exit, +6 and +12 months) and follow-ups due. */
export const outcomesModule = serviceModule(outcomesRoutes, outcomesService)
