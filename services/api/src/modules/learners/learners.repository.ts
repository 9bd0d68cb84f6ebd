import { and, asc, eq, ilike, inArray } from 'drizzle-orm'
import type { Database, Executor, Transaction } from '../../db/client.js'
import { cohorts, enrolments, learners } from '../../db/schema/index.js'
import { versionedRows } from '../../lib/versioned-rows.js'
import { createdAtSort, fieldSort, type PageRequest, type SortSpec } from '../../lib/pagination.js'
import { countBy, tableRows } from '../../lib/table-rows.js'
import { likeEscape } from '../../lib/text.js'

export type LearnerRow = typeof learners.$inferSelect

export const learnerSortSpecs = {
  reference: fieldSort(learners, 'reference', 'text'),
  createdAt: createdAtSort(learners.createdAt),
} satisfies Record<string, SortSpec>

export interface LearnerFilter extends PageRequest {
  campusId?: string | undefined
  /** The caller's campuses (access control): only their records; undefined for every campus. */
  campusIds?: readonly string[] | undefined
  search?: string | undefined
  /** Only the learners this bulk import wrote. */
  importId?: string | undefined
  sort: keyof typeof learnerSortSpecs
}

export function createLearnersRepository(db: Database) {
  return {
    ...tableRows(db, learners, {
      sorts: learnerSortSpecs,
      where: (filter: LearnerFilter) => [
        filter.campusId ? eq(learners.campusId, filter.campusId) : undefined,
        filter.campusIds ? inArray(learners.campusId, [...filter.campusIds]) : undefined,
        filter.importId ? eq(learners.importId, filter.importId) : undefined,
        filter.search ? ilike(learners.reference, `%${likeEscape(filter.search)}%`) : undefined,
      ],
    }),

    /**
     * Reads the learner under a row lock held to the end of the transaction, so that writes
     * checked against the learner (its enrolments, its birth year) are checked one at a time.
     */
    async lock(id: string, tx: Transaction): Promise<LearnerRow | undefined> {
      const [row] = await tx.select().from(learners).where(eq(learners.id, id)).for('update')
      return row
    },

    async findByReference(campusId: string, reference: string, tx: Executor = db): Promise<LearnerRow | undefined> {
      const [row] = await tx
        .select()
        .from(learners)
        .where(and(eq(learners.campusId, campusId), eq(learners.reference, reference)))
      return row
    },

    ...versionedRows(db, learners),

    countEnrolments: countBy(db, enrolments, enrolments.learnerId),

    /** The start dates of the cohorts the learner is enrolled in, earliest first. */
    async enrolmentCohortStarts(
      id: string,
      tx: Executor = db,
    ): Promise<Array<{ cohortName: string; startDate: string }>> {
      return tx
        .select({ cohortName: cohorts.name, startDate: cohorts.startDate })
        .from(enrolments)
        .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
        .where(eq(enrolments.learnerId, id))
        .orderBy(asc(cohorts.startDate))
    },
  }
}

export type LearnersRepository = ReturnType<typeof createLearnersRepository>
