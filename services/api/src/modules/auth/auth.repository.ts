import { and, eq, gte, isNull, lte, ne, or, sql } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { apiKeys, memberships, sessions, users } from '../../db/schema/index.js'

export type UserRow = typeof users.$inferSelect
export type SessionRow = typeof sessions.$inferSelect
export type ApiKeyRow = typeof apiKeys.$inferSelect

/** Sessions, and the lookups that turn a cookie or a bearer key into a principal. */
export function createAuthRepository(db: Database) {
  return {
    async userByEmail(email: string, tx: Executor = db): Promise<UserRow | undefined> {
      const [row] = await tx.select().from(users).where(eq(users.email, email.trim().toLowerCase()))
      return row
    },

    async sessionWithUser(
      tokenHash: string,
      tx: Executor = db,
    ): Promise<{ session: SessionRow; user: UserRow } | undefined> {
      const [row] = await tx
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.tokenHash, tokenHash))
      return row
    },

    async insertSession(values: typeof sessions.$inferInsert, tx: Executor = db): Promise<SessionRow> {
      const [row] = await tx.insert(sessions).values(values).returning()
      return row!
    },

    async deleteSession(tokenHash: string, tx: Executor = db): Promise<boolean> {
      const deleted = await tx
        .delete(sessions)
        .where(eq(sessions.tokenHash, tokenHash))
        .returning({ t: sessions.tokenHash })
      return deleted.length > 0
    },

    /** Whether the user has a session still open that was opened from this address. */
    async hasSessionFrom(userId: string, ip: string): Promise<boolean> {
      const [row] = await db
        .select({ one: sql<number>`1` })
        .from(sessions)
        .where(and(eq(sessions.userId, userId), eq(sessions.ip, ip), gte(sessions.expiresAt, new Date())))
        .limit(1)
      return row !== undefined
    },

    /** Closes every session of a user, but `keep` when given. */
    async deleteUserSessions(userId: string, keep?: string, tx: Executor = db): Promise<number> {
      const deleted = await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), keep ? ne(sessions.tokenHash, keep) : undefined))
        .returning({ t: sessions.tokenHash })
      return deleted.length
    },

    /** Notes activity at most once a minute, so that reads stay reads. */
    async touchSession(tokenHash: string, tx: Executor = db): Promise<void> {
      await tx
        .update(sessions)
        .set({ lastSeenAt: sql`now()` })
        .where(and(eq(sessions.tokenHash, tokenHash), sql`${sessions.lastSeenAt} < now() - interval '1 minute'`))
    },

    async deleteExpiredSessions(tx: Executor = db): Promise<void> {
      await tx.delete(sessions).where(sql`${sessions.expiresAt} < now()`)
    },

    async apiKeyByHash(keyHash: string, tx: Executor = db): Promise<ApiKeyRow | undefined> {
      const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash))
      return row
    },

    async touchApiKey(id: string, tx: Executor = db): Promise<void> {
      await tx
        .update(apiKeys)
        .set({ lastUsedAt: sql`now()` })
        .where(
          and(
            eq(apiKeys.id, id),
            or(isNull(apiKeys.lastUsedAt), sql`${apiKeys.lastUsedAt} < now() - interval '1 minute'`),
          ),
        )
    },

    /** Campuses whose consortium the organisation belongs to on `day`. */
    async organisationCampuses(organisationId: string, day: string, tx: Executor = db): Promise<string[]> {
      const rows = await tx
        .selectDistinct({ campusId: memberships.campusId })
        .from(memberships)
        .where(
          and(
            eq(memberships.organisationId, organisationId),
            lte(memberships.validFrom, day),
            or(isNull(memberships.validTo), gte(memberships.validTo, day)),
          ),
        )
      return rows.map((r) => r.campusId)
    },

    /**
     * Sets the account's password, only while its version is still `expectedVersion` (the one whose
     * password was checked); false otherwise: an administrator changed the account meanwhile.
     */
    async updatePassword(
      userId: string,
      expectedVersion: number,
      passwordHash: string,
      tx: Executor = db,
    ): Promise<boolean> {
      const updated = await tx
        .update(users)
        .set({
          passwordHash,
          passwordChangedAt: sql`now()`,
          updatedAt: sql`now()`,
          version: sql`${users.version} + 1`,
        })
        .where(and(eq(users.id, userId), eq(users.version, expectedVersion)))
        .returning({ id: users.id })
      return updated.length > 0
    },
  }
}

export type AuthRepository = ReturnType<typeof createAuthRepository>
