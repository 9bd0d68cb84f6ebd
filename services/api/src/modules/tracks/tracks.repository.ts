import { arrayContains, eq, like } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { tracks } from '../../db/schema/index.js'
import { versionedRows } from '../../lib/versioned-rows.js'
import { createdAtSort, searchKeySort, selectPage, type PageRequest, type SortSpec } from '../../lib/pagination.js'
import { likeEscape } from '../../lib/text.js'

export type TrackRow = typeof tracks.$inferSelect
export type TrackInsert = typeof tracks.$inferInsert

export const trackSortSpecs = {
  name: searchKeySort(tracks.searchKey),
  createdAt: createdAtSort(tracks.createdAt),
} satisfies Record<string, SortSpec>

export interface TrackFilter extends PageRequest {
  component?: string | undefined
  rncpCode?: string | undefined
  search?: string | undefined
  sort: keyof typeof trackSortSpecs
}

export function createTracksRepository(db: Database) {
  return {
    async list(filter: TrackFilter, tx: Executor = db): Promise<TrackRow[]> {
      return selectPage(tx.select().from(tracks).$dynamic(), trackSortSpecs[filter.sort], tracks.id, filter, [
        filter.component ? arrayContains(tracks.components, [filter.component]) : undefined,
        filter.rncpCode ? eq(tracks.rncpCode, filter.rncpCode) : undefined,
        filter.search ? like(tracks.searchKey, `%${likeEscape(filter.search)}%`) : undefined,
      ])
    },

    async get(id: string, tx: Executor = db): Promise<TrackRow | undefined> {
      const [row] = await tx.select().from(tracks).where(eq(tracks.id, id))
      return row
    },

    ...versionedRows(db, tracks),
  }
}

export type TracksRepository = ReturnType<typeof createTracksRepository>
