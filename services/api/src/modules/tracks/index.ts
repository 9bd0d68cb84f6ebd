import { serviceModule } from '../module.js'
import { tracksRoutes } from './tracks.routes.js'
import { createTracksService } from './tracks.service.js'

/** Training tracks (parcours, formations). */
export const tracksModule = serviceModule(tracksRoutes, ({ db, repositories: { tracks, cohorts } }) =>
  createTracksService({ db, tracks, cohorts }),
)
