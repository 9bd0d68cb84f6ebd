import { arrayContains, eq, like } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import { tracks } from '../../db/schema/index.js'
import { versionedRows } from '../../lib/versioned-rows.js'
import { nameSorts, type PageRequest, type SortSpec } from '../../lib/pagination.js'
import { tableRows } from '../../lib/table-rows.js'
import { likeEscape } from '../../lib/text.js'

export type TrackRow = typeof tracks.$inferSelect
export type TrackInsert = typeof tracks.$inferInsert

export const trackSortSpecs = nameSorts(tracks) satisfies Record<string, SortSpec>

export interface TrackFilter extends PageRequest {
  component?: string | undefined
  rncpCode?: string | undefined
  search?: string | undefined
  sort: keyof typeof trackSortSpecs
}

export function createTracksRepository(db: Database) {
  return {
    ...tableRows(db, tracks, {
      sorts: trackSortSpecs,
      where: (filter: TrackFilter) => [
        filter.component ? arrayContains(tracks.components, [filter.component]) : undefined,
        filter.rncpCode ? eq(tracks.rncpCode, filter.rncpCode) : undefined,
        filter.search ? like(tracks.searchKey, `%${likeEscape(filter.search)}%`) : undefined,
      ],
    }),

    ...versionedRows(db, tracks),
  }
}

export type TracksRepository = ReturnType<typeof createTracksRepository>
