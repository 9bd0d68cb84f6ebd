import { and, eq, getTableColumns, gte, inArray, like, lte, ne } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { campuses, cohorts, enrolments, learners, tracks } from '../../db/schema/index.js'
import { versionedRows } from '../../lib/versioned-rows.js'
import { fieldSort, nameSorts, type PageRequest, type SortSpec } from '../../lib/pagination.js'
import { countBy, countRows, tableRows } from '../../lib/table-rows.js'
import { likeEscape } from '../../lib/text.js'

export type CohortRow = typeof cohorts.$inferSelect
export type CohortInsert = typeof cohorts.$inferInsert

/** A cohort with the summaries of its campus and track. */
export interface CohortView extends CohortRow {
  campusName: string
  campusCommune: string
  trackName: string
}

export const cohortSortSpecs = {
  startDate: fieldSort(cohorts, 'startDate', 'date'),
  ...nameSorts(cohorts),
} satisfies Record<string, SortSpec>

export interface CohortFilter extends PageRequest {
  campusId?: string | undefined
  /** The caller's campuses (access control): only their records; undefined for every campus. */
  campusIds?: readonly string[] | undefined
  trackId?: string | undefined
  status?: string | undefined
  year?: number | undefined
  search?: string | undefined
  sort: keyof typeof cohortSortSpecs
}

export function createCohortsRepository(db: Database) {
  const selectView = (tx: Executor) =>
    tx
      .select({
        ...getTableColumns(cohorts),
        campusName: campuses.name,
        campusCommune: campuses.commune,
        trackName: tracks.name,
      })
      .from(cohorts)
      .innerJoin(campuses, eq(campuses.id, cohorts.campusId))
      .innerJoin(tracks, eq(tracks.id, cohorts.trackId))
      .$dynamic()

  return {
    ...tableRows(db, cohorts, {
      sorts: cohortSortSpecs,
      view: selectView,
      where: (filter: CohortFilter) => [
        filter.campusId ? eq(cohorts.campusId, filter.campusId) : undefined,
        filter.campusIds ? inArray(cohorts.campusId, [...filter.campusIds]) : undefined,
        filter.trackId ? eq(cohorts.trackId, filter.trackId) : undefined,
        filter.status ? eq(cohorts.status, filter.status) : undefined,
        filter.year !== undefined ? gte(cohorts.startDate, `${filter.year}-01-01`) : undefined,
        filter.year !== undefined ? lte(cohorts.startDate, `${filter.year}-12-31`) : undefined,
        filter.search ? like(cohorts.searchKey, `%${likeEscape(filter.search)}%`) : undefined,
      ],
    }),

    /** A cohort of the campus with the same name, ignoring case and accents (other than `exceptId`). */
    async findByName(
      campusId: string,
      nameKey: string,
      exceptId: string | undefined,
      tx: Executor = db,
    ): Promise<CohortRow | undefined> {
      const [row] = await tx
        .select()
        .from(cohorts)
        .where(
          and(
            eq(cohorts.campusId, campusId),
            eq(cohorts.searchKey, nameKey),
            exceptId ? ne(cohorts.id, exceptId) : undefined,
          ),
        )
        .limit(1)
      return row
    },

    ...versionedRows(db, cohorts),

    countForTrack: countBy(db, cohorts, cohorts.trackId),

    countEnrolments: countBy(db, enrolments, enrolments.cohortId),

    /** The cohorts and learners a campus still holds: what keeps it from being deleted. */
    async countRecordsForCampus(campusId: string, tx: Executor = db): Promise<{ cohorts: number; learners: number }> {
      return {
        cohorts: await countRows(tx, cohorts, eq(cohorts.campusId, campusId)),
        learners: await countRows(tx, learners, eq(learners.campusId, campusId)),
      }
    },
  }
}

export type CohortsRepository = ReturnType<typeof createCohortsRepository>
