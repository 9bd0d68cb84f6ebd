import { and, desc, eq, getTableColumns, gte, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { campuses, memberships, organisations } from '../../db/schema/index.js'
import { versionedRows } from '../../lib/versioned-rows.js'
import { countBy, rowBy } from '../../lib/table-rows.js'

export type MembershipRow = typeof memberships.$inferSelect

/** A membership with the summaries of its campus and organisation. */
export interface MembershipView extends MembershipRow {
  campusName: string
  campusCommune: string
  organisationName: string
  organisationKind: string
}

/** Holds on `day` (inclusive bounds; open end). */
const holdsOn = (day: string): SQL =>
  and(lte(memberships.validFrom, day), or(isNull(memberships.validTo), gte(memberships.validTo, day)))!

export function createMembershipsRepository(db: Database) {
  const selectView = (tx: Executor) =>
    tx
      .select({
        ...getTableColumns(memberships),
        campusName: campuses.name,
        campusCommune: campuses.commune,
        organisationName: organisations.name,
        organisationKind: organisations.kind,
      })
      .from(memberships)
      .innerJoin(campuses, eq(campuses.id, memberships.campusId))
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .$dynamic()

  return {
    get: rowBy(db, selectView, memberships.id),

    /** A campus's memberships, on a day or all of them; carriers first, then by organisation name. */
    async forCampus(campusId: string, day: string | undefined, tx: Executor = db): Promise<MembershipView[]> {
      return selectView(tx)
        .where(and(eq(memberships.campusId, campusId), day ? holdsOn(day) : undefined))
        .orderBy(desc(sql`'carrier' = any(${memberships.roles})`), organisations.name, desc(memberships.validFrom))
    },

    async forOrganisation(
      organisationId: string,
      day: string | undefined,
      tx: Executor = db,
    ): Promise<MembershipView[]> {
      return selectView(tx)
        .where(and(eq(memberships.organisationId, organisationId), day ? holdsOn(day) : undefined))
        .orderBy(campuses.name, desc(memberships.validFrom))
    },

    /** Memberships of the same pair whose period meets [from, to] (to null = open end). */
    async overlapping(
      campusId: string,
      organisationId: string,
      from: string,
      to: string | null,
      exceptId: string | undefined,
      tx: Executor = db,
    ): Promise<MembershipRow[]> {
      return tx
        .select()
        .from(memberships)
        .where(
          and(
            eq(memberships.campusId, campusId),
            eq(memberships.organisationId, organisationId),
            exceptId ? ne(memberships.id, exceptId) : undefined,
            or(isNull(memberships.validTo), gte(memberships.validTo, from)),
            to ? lte(memberships.validFrom, to) : undefined,
          ),
        )
    },

    ...versionedRows(db, memberships),

    countForCampus: countBy(db, memberships, memberships.campusId),

    countForOrganisation: countBy(db, memberships, memberships.organisationId),
  }
}

export type MembershipsRepository = ReturnType<typeof createMembershipsRepository>
