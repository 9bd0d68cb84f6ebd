import { serviceModule } from '../module.js'
import { statsRoutes } from './stats.routes.js'

/** Metric definitions, placement results, overview, funnel and snapshots, from the app's statistics service. */
export const statsModule = serviceModule(statsRoutes, ({ stats }) => stats)
