import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Campus, CampusCreate, CampusListQuery, CampusPage, CampusUpdate } from '@trajectoires/contract'
import type { CampusesService } from './campuses.service.js'
import { resourceRoutes } from '../../lib/routes.js'
import { access } from '../../lib/access.js'
import { ResponseCache, cachedReads } from '../../lib/read-cache.js'

export const campusesRoutes: FastifyPluginAsyncTypebox<{ service: CampusesService }> = async (app, { service }) => {
  // Campus reads are public and the same for every caller (the service never looks at who asks), so
  // serialised answers are cached by URL at the data version they were read at (`lib/read-cache.ts`).
  const cache = new ResponseCache({ maxEntries: 1000, maxBytes: 8 * 1024 * 1024 })
  resourceRoutes(app, {
    path: '/campuses',
    tags: ['Campuses'],
    schemas: { item: Campus, page: CampusPage, query: CampusListQuery, create: CampusCreate, update: CampusUpdate },
    campusScoped: false,
    service,
    reads: cachedReads(() => app.dataVersion as typeof app.dataVersion | undefined, cache),
    list: {
      access: access.public,
      operationId: 'listCampuses',
      summary: 'List campuses',
      description:
        'Cursor-paginated; filter by status, region or department; search by name or commune ignoring case and accents (“chalons” finds Châlons-en-Champagne).',
    },
    get: { access: access.public, operationId: 'getCampus', summary: 'Get a campus' },
    create: {
      access: access.admin,
      operationId: 'createCampus',
      summary: 'Create a campus',
      description:
        'The INSEE code must name a current commune; commune, department and region are derived from it. Send `Idempotency-Key` to retry safely.',
    },
    update: { access: access.admin, operationId: 'updateCampus', summary: 'Update a campus' },
    delete: {
      access: access.admin,
      operationId: 'deleteCampus',
      summary: 'Delete a campus',
      description:
        'Refused with 409 while the campus has consortium memberships (close it instead). Requires `If-Match`.',
    },
  })
}
