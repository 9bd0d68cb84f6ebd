import {
  trackComponents,
  type PageOf,
  type Track,
  type TrackCertification,
  type TrackCreate,
  type TrackListQuery,
  type TrackUpdate,
} from '@trajectoires/contract'
import type { Database } from '../../db/client.js'
import { refuseInUse } from '../../lib/errors.js'
import type { IfMatch } from '../../lib/http.js'
import { listPage } from '../../lib/pagination.js'
import { searchKey, nameOf } from '../../lib/text.js'
import { versionedResource } from '../audit/versioned-write.js'
import type { CohortsRepository } from '../cohorts/cohorts.repository.js'
import { trackSortSpecs, type TrackInsert, type TrackRow, type TracksRepository } from './tracks.repository.js'

function toTrack(row: TrackRow): Track {
  return {
    id: row.id,
    name: row.name,
    hours: row.hours,
    components: row.components as Track['components'],
    certification:
      row.rncpCode !== null && row.certificationLevel !== null
        ? { rncpCode: row.rncpCode, level: row.certificationLevel, title: row.certificationTitle ?? '' }
        : null,
    provenance: row.provenance as Track['provenance'],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }
}

/** Components in the order of the vocabulary, whatever order they were sent in. */
const inOrder = (components: readonly string[]) => trackComponents.filter((c) => components.includes(c))

function certificationColumns(c: TrackCertification | null) {
  return {
    rncpCode: c?.rncpCode ?? null,
    certificationLevel: c?.level ?? null,
    certificationTitle: c ? nameOf(c.title, '/certification/title') : null,
  }
}

export function createTracksService(deps: { db: Database; tracks: TracksRepository; cohorts: CohortsRepository }) {
  const { db, tracks, cohorts } = deps
  const { get, create, update, remove } = versionedResource({
    resource: 'Track',
    resourceType: 'track',
    read: tracks.get,
    toEntity: toTrack,
    db,
    rows: tracks,
  })

  return {
    get,

    async list(query: TrackListQuery): Promise<PageOf<Track>> {
      return listPage(
        query,
        trackSortSpecs,
        'name',
        (page) =>
          tracks.list({
            component: query.component,
            rncpCode: query.rncpCode,
            search: query.q ? searchKey(query.q) : undefined,
            ...page,
          }),
        toTrack,
      )
    },

    async create(input: TrackCreate, provenance: 'user' | 'source_article' | 'demo' = 'user'): Promise<Track> {
      const name = nameOf(input.name, '/name')
      const certification = input.certification ?? null
      return create(() => ({
        name,
        searchKey: searchKey(name, certification?.rncpCode),
        hours: input.hours,
        components: inOrder(input.components),
        ...certificationColumns(certification),
        provenance,
      }))
    },

    async update(id: string, ifMatch: IfMatch, input: TrackUpdate): Promise<Track> {
      return update(id, ifMatch, (current) => {
        const name = input.name === undefined ? current.name : nameOf(input.name, '/name')
        const values: Partial<TrackInsert> = {
          name,
          ...(input.hours !== undefined ? { hours: input.hours } : {}),
          ...(input.components !== undefined ? { components: inOrder(input.components) } : {}),
          ...(input.certification !== undefined ? certificationColumns(input.certification) : {}),
        }
        const rncpCode = input.certification !== undefined ? input.certification?.rncpCode : current.rncpCode
        values.searchKey = searchKey(name, rncpCode)
        return values
      })
    },

    async delete(id: string, ifMatch: IfMatch): Promise<void> {
      await remove(id, ifMatch, async (_current, tx) => {
        refuseInUse(
          await cohorts.countForTrack(id, tx),
          (n) => `Track ${id} is followed by ${n} cohort(s); a track can only be deleted while no cohort uses it.`,
        )
      })
    },
  }
}

export type TracksService = ReturnType<typeof createTracksService>
