import { asc, eq, getTableColumns } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { internships, organisations } from '../../db/schema/index.js'
import { versionedRows } from '../../lib/versioned-rows.js'
import { rowBy } from '../../lib/table-rows.js'

type InternshipRow = typeof internships.$inferSelect

/** An internship with the summary of its host organisation. */
export interface InternshipView extends InternshipRow {
  hostName: string
  hostKind: string
}

export function createInternshipsRepository(db: Database) {
  const selectView = (tx: Executor) =>
    tx
      .select({
        ...getTableColumns(internships),
        hostName: organisations.name,
        hostKind: organisations.kind,
      })
      .from(internships)
      .innerJoin(organisations, eq(organisations.id, internships.hostOrganisationId))
      .$dynamic()

  return {
    get: rowBy(db, selectView, internships.id),

    async forEnrolment(enrolmentId: string, tx: Executor = db): Promise<InternshipView[]> {
      return selectView(tx)
        .where(eq(internships.enrolmentId, enrolmentId))
        .orderBy(asc(internships.startDate), asc(internships.id))
    },

    ...versionedRows(db, internships),
  }
}

export type InternshipsRepository = ReturnType<typeof createInternshipsRepository>
