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
    observation: (id, tx) =>
      one(
        tx
          .select({ campusId: cohorts.campusId })
          .from(outcomeObservations)
          .innerJoin(enrolments, eq(enrolments.id, outcomeObservations.enrolmentId))
          .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
          .where(eq(outcomeObservations.id, id)),
      ),
    internship: (id, tx) =>
      one(
        tx
          .select({ campusId: cohorts.campusId })
          .from(internships)
          .innerJoin(enrolments, eq(enrolments.id, internships.enrolmentId))
          .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
          .where(eq(internships.id, id)),
      ),
  }
  return {
    campusOf(resource: CampusResource, id: string, tx: Executor = db): Promise<string | undefined> {
      return lookups[resource](id, tx)
    },
  }
}
