import { eq } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { cohorts, enrolments, internships, learners, outcomeObservations } from '../../db/schema/index.js'
import type { CampusResource } from '../../lib/access.js'

/**
 * Finds the campus a record belongs to, for the object-level access checks. Undefined when the
 * record does not exist (the route then answers 404 by itself).
 */
export function createCampusLocator(db: Database) {
  const one = async (query: Promise<Array<{ campusId: string }>>) => (await query)[0]?.campusId
  /** The campus of a record that hangs off an enrolment: the campus of the enrolment's cohort. */
  const viaEnrolment = (table: typeof outcomeObservations | typeof internships, id: string, tx: Executor) =>
    one(
      tx
        .select({ campusId: cohorts.campusId })
        .from(table)
        .innerJoin(enrolments, eq(enrolments.id, table.enrolmentId))
        .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
        .where(eq(table.id, id)),
    )
  const lookups: Record<CampusResource, (id: string, tx: Executor) => Promise<string | undefined>> = {
    campus: async (id) => id,
    cohort: (id, tx) => one(tx.select({ campusId: cohorts.campusId }).from(cohorts).where(eq(cohorts.id, id))),
    learner: (id, tx) => one(tx.select({ campusId: learners.campusId }).from(learners).where(eq(learners.id, id))),
    enrolment: (id, tx) =>
      one(
        tx
          .select({ campusId: cohorts.campusId })
          .from(enrolments)
          .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
          .where(eq(enrolments.id, id)),
      ),
    observation: (id, tx) => viaEnrolment(outcomeObservations, id, tx),
    internship: (id, tx) => viaEnrolment(internships, id, tx),
  }
  return {
    campusOf(resource: CampusResource, id: string, tx: Executor = db): Promise<string | undefined> {
      return lookups[resource](id, tx)
    },
  }
}
