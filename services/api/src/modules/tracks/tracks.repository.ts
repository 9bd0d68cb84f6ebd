import { and, arrayContains, eq, like, sql, type SQL } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { tracks } from '../../db/schema/index.js'
import { keyset, type Cursor, type SortSpec } from '../../lib/pagination.js'
import { likeEscape } from '../../lib/text.js'

export type TrackRow = typeof tracks.$inferSelect
export type TrackInsert = typeof tracks.$inferInsert

export const trackSortSpecs = {
  // Sorted on the accent-free name, so that « Éole » comes between « Alpha » and « Zèbre ».
  name: { column: tracks.searchKey, cast: 'text', read: (r: TrackRow) => r.searchKey },
  createdAt: { column: tracks.createdAt, cast: 'timestamptz', read: (r: TrackRow) => r.createdAt.toISOString() },
} satisfies Record<string, SortSpec>

export interface TrackFilter {
  component?: string | undefined
  rncpCode?: string | undefined
  search?: string | undefined
  sort: keyof typeof trackSortSpecs
  direction: 'asc' | 'desc'
  cursor?: Cursor | undefined
  limit: number
}

export function createTracksRepository(db: Database) {
  return {
    async list(filter: TrackFilter, tx: Executor = db): Promise<TrackRow[]> {
      const page = keyset(trackSortSpecs[filter.sort], tracks.id, filter.direction, filter.cursor)
      const conditions: Array<SQL | undefined> = [
        filter.component ? arrayContains(tracks.components, [filter.component]) : undefined,
        filter.rncpCode ? eq(tracks.rncpCode, filter.rncpCode) : undefined,
        filter.search ? like(tracks.searchKey, `%${likeEscape(filter.search)}%`) : undefined,
        page.where,
      ]
      return tx
        .select()
        .from(tracks)
        .where(and(...conditions))
        .orderBy(...page.orderBy)
        .limit(filter.limit + 1)
    },

    async get(id: string, tx: Executor = db): Promise<TrackRow | undefined> {
      const [row] = await tx.select().from(tracks).where(eq(tracks.id, id))
      return row
    },

    async insert(values: TrackInsert, tx: Executor = db): Promise<TrackRow> {
      const [row] = await tx.insert(tracks).values(values).returning()
      return row!
    },

    async update(
      id: string,
      expectedVersion: number,
      values: Partial<TrackInsert>,
      tx: Executor = db,
    ): Promise<TrackRow | undefined> {
      const [row] = await tx
        .update(tracks)
        .set({ ...values, updatedAt: new Date(), version: sql`${tracks.version} + 1` })
        .where(and(eq(tracks.id, id), eq(tracks.version, expectedVersion)))
        .returning()
      return row
    },

    async delete(id: string, expectedVersion: number, tx: Executor = db): Promise<boolean> {
      const deleted = await tx
        .delete(tracks)
        .where(and(eq(tracks.id, id), eq(tracks.version, expectedVersion)))
        .returning({ id: tracks.id })
      return deleted.length > 0
    },
  }
}

export type TracksRepository = ReturnType<typeof createTracksRepository>
