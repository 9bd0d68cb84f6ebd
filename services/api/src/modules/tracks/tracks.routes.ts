import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  IdParams,
  Track,
  TrackCreate,
  TrackListQuery,
  TrackPage,
  TrackUpdate,
  ref,
  IfMatchHeaders,
} from '@trajectoires/contract'
import { etag, requireIfMatch, sendVersioned } from '../../lib/http.js'
import type { TracksService } from './tracks.service.js'
import { deleteRoute, getRoute } from '../../lib/routes.js'
import { access } from '../../lib/access.js'

const tags = ['Tracks']

export const tracksRoutes: FastifyPluginAsyncTypebox<{ service: TracksService }> = async (app, { service }) => {
  app.get(
    '/tracks',
    {
      config: { access: access.public },
      schema: {
        operationId: 'listTracks',
        tags,
        summary: 'List tracks',
        description:
          'Cursor-paginated; filter by component or RNCP code; search by name or RNCP code ignoring case and accents.',
        querystring: TrackListQuery,
        response: { 200: ref(TrackPage) },
      },
    },
    (request) => service.list(request.query),
  )

  getRoute(
    app,
    '/tracks/:id',
    {
      access: access.public,
      operationId: 'getTrack',
      tags,
      summary: 'Get a track',
      description: 'The `ETag` header carries the version to send back in `If-Match` when updating.',
    },
    Track,
    (id) => service.get(id),
  )

  app.post(
    '/tracks',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'createTrack',
        tags,
        summary: 'Create a track',
        description:
          'Components are given at most once each; the certification, when there is one, names its RNCP code, level and title. Send `Idempotency-Key` to retry safely.',
        body: ref(TrackCreate),
        response: { 201: ref(Track) },
      },
    },
    async (request, reply) => {
      const track = await service.create(request.body)
      return reply
        .code(201)
        .header('etag', etag(track.version))
        .header('location', `${request.url.split('?')[0]}/${track.id}`)
        .send(track)
    },
  )

  app.patch(
    '/tracks/:id',
    {
      config: { access: access.admin },
      schema: {
        operationId: 'updateTrack',
        tags,
        summary: 'Update a track',
        description: 'Requires `If-Match` with the current ETag; a stale one gets 412 and changes nothing.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ref(TrackUpdate),
        response: { 200: ref(Track) },
      },
    },
    async (request, reply) =>
      sendVersioned(
        reply,
        await service.update(request.params.id, requireIfMatch(request.headers['if-match']), request.body),
      ),
  )

  deleteRoute(
    app,
    '/tracks/:id',
    {
      access: access.admin,
      operationId: 'deleteTrack',
      tags,
      summary: 'Delete a track',
      description: 'Refused with 409 `in_use` while cohorts follow the track. Requires `If-Match`.',
    },
    (id, ifMatch) => service.delete(id, ifMatch),
  )
}
