import { eq, sql } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { campuses, cohorts } from '../../db/schema/index.js'
import type { CampusFacts } from './open-data.tables.js'

/** The public facts the open data needs beyond the statistics: campuses, and whether records are demo. */
export function createOpenDataRepository(db: Database) {
  return {
    async campuses(tx: Executor = db): Promise<CampusFacts[]> {
      return tx
        .select({
          id: campuses.id,
          name: campuses.name,
          commune: campuses.commune,
          inseeCode: campuses.inseeCode,
          departmentCode: campuses.departmentCode,
          departmentName: campuses.departmentName,
          regionCode: campuses.regionCode,
          regionName: campuses.regionName,
          latitude: campuses.latitude,
          longitude: campuses.longitude,
          status: campuses.status,
          openingDate: campuses.openingDate,
          yearlyCapacity: campuses.yearlyCapacity,
          provenance: campuses.provenance,
        })
        .from(campuses)
        .orderBy(campuses.searchKey, campuses.id)
    },

    /** Whether any cohort (hence any figure) comes from the demonstration data. */
    async hasDemoRecords(tx: Executor = db): Promise<boolean> {
      const found = await tx
        .select({ one: sql<number>`1` })
        .from(cohorts)
        .where(eq(cohorts.provenance, 'demo'))
        .limit(1)
      return found.length > 0
    },
  }
}

export type OpenDataRepository = ReturnType<typeof createOpenDataRepository>
