import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Track, TrackCreate, TrackListQuery, TrackPage, TrackUpdate } from '@trajectoires/contract'
import type { TracksService } from './tracks.service.js'
import { resourceRoutes } from '../../lib/routes.js'
import { access } from '../../lib/access.js'

export const tracksRoutes: FastifyPluginAsyncTypebox<{ service: TracksService }> = async (app, { service }) => {
  resourceRoutes(app, {
    path: '/tracks',
    tags: ['Tracks'],
    schemas: { item: Track, page: TrackPage, query: TrackListQuery, create: TrackCreate, update: TrackUpdate },
    campusScoped: false,
    service,
    list: {
      access: access.public,
      operationId: 'listTracks',
      summary: 'List tracks',
      description:
        'Cursor-paginated; filter by component or RNCP code; search by name or RNCP code ignoring case and accents.',
    },
    get: { access: access.public, operationId: 'getTrack', summary: 'Get a track' },
    create: {
      access: access.admin,
      operationId: 'createTrack',
      summary: 'Create a track',
      description:
        'Components are given at most once each; the certification, when there is one, names its RNCP code, level and title. Send `Idempotency-Key` to retry safely.',
    },
    update: { access: access.admin, operationId: 'updateTrack', summary: 'Update a track' },
    delete: {
      access: access.admin,
      operationId: 'deleteTrack',
      summary: 'Delete a track',
      description: 'Refused with 409 `in_use` while cohorts follow the track. Requires `If-Match`.',
    },
  })
}
