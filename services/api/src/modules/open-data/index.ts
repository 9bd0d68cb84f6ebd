import { serviceModule } from '../module.js'
import { openDataRoutes } from './open-data.routes.js'
import { createOpenDataService } from './open-data.service.js'

/** The public statistics as a Frictionless data package, read from the app's statistics service (its release). */
export const openDataModule = serviceModule(openDataRoutes, ({ stats, repositories }) =>
  createOpenDataService({ stats, statsRepository: repositories.stats, repository: repositories.openData }),
)
