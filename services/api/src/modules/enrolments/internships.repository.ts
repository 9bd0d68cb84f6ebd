import { and, asc, eq, sql } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { internships, organisations } from '../../db/schema/index.js'

export type InternshipRow = typeof internships.$inferSelect
export type InternshipInsert = typeof internships.$inferInsert

/** An internship with the summary of its host organisation. */
export interface InternshipView extends InternshipRow {
  hostName: string
  hostKind: string
}

export function createInternshipsRepository(db: Database) {
  const selectView = (tx: Executor) =>
    tx
      .select({
        id: internships.id,
        enrolmentId: internships.enrolmentId,
        hostOrganisationId: internships.hostOrganisationId,
        startDate: internships.startDate,
        endDate: internships.endDate,
        ledToHire: internships.ledToHire,
        provenance: internships.provenance,
        createdAt: internships.createdAt,
        updatedAt: internships.updatedAt,
        version: internships.version,
        hostName: organisations.name,
        hostKind: organisations.kind,
      })
      .from(internships)
      .innerJoin(organisations, eq(organisations.id, internships.hostOrganisationId))

  return {
    async get(id: string, tx: Executor = db): Promise<InternshipView | undefined> {
      const [row] = await selectView(tx).where(eq(internships.id, id))
      return row
    },

    async forEnrolment(enrolmentId: string, tx: Executor = db): Promise<InternshipView[]> {
      return selectView(tx)
        .where(eq(internships.enrolmentId, enrolmentId))
        .orderBy(asc(internships.startDate), asc(internships.id))
    },

    async insert(values: InternshipInsert, tx: Executor = db): Promise<InternshipRow> {
      const [row] = await tx.insert(internships).values(values).returning()
      return row!
    },

    async update(
      id: string,
      expectedVersion: number,
      values: Partial<InternshipInsert>,
      tx: Executor = db,
    ): Promise<InternshipRow | undefined> {
      const [row] = await tx
        .update(internships)
        .set({ ...values, updatedAt: new Date(), version: sql`${internships.version} + 1` })
        .where(and(eq(internships.id, id), eq(internships.version, expectedVersion)))
        .returning()
      return row
    },

    async delete(id: string, expectedVersion: number, tx: Executor = db): Promise<boolean> {
      const deleted = await tx
        .delete(internships)
        .where(and(eq(internships.id, id), eq(internships.version, expectedVersion)))
        .returning({ id: internships.id })
      return deleted.length > 0
    },
  }
}

export type InternshipsRepository = ReturnType<typeof createInternshipsRepository>
