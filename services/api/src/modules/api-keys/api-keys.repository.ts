import { and, desc, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { existingCampusIds } from '../campuses/campuses.repository.js'
import { apiKeys, organisations } from '../../db/schema/index.js'

export type ApiKeyRow = typeof apiKeys.$inferSelect
export type ApiKeyInsert = typeof apiKeys.$inferInsert

export interface ApiKeyFilter {
  organisationId?: string | undefined
  status?: 'active' | 'expired' | 'revoked' | undefined
  /** Keyset: created before this key (createdAt, id). */
  after?: { createdAt: string; id: string } | undefined
  limit: number
}

export function createApiKeysRepository(db: Database) {
  return {
    /** Newest first. */
    async list(filter: ApiKeyFilter, tx: Executor = db): Promise<ApiKeyRow[]> {
      const live = or(isNull(apiKeys.expiresAt), sql`${apiKeys.expiresAt} > now()`)
      const status =
        filter.status === 'revoked'
          ? isNotNull(apiKeys.revokedAt)
          : filter.status === 'expired'
            ? and(isNull(apiKeys.revokedAt), sql`${apiKeys.expiresAt} <= now()`)
            : filter.status === 'active'
              ? and(isNull(apiKeys.revokedAt), live)
              : undefined
      const conditions: Array<SQL | undefined> = [
        filter.organisationId ? eq(apiKeys.organisationId, filter.organisationId) : undefined,
        status,
        filter.after
          ? sql`(${apiKeys.createdAt}, ${apiKeys.id}) < (cast(${filter.after.createdAt} as timestamptz), cast(${filter.after.id} as uuid))`
          : undefined,
      ]
      return tx
        .select()
        .from(apiKeys)
        .where(and(...conditions))
        .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
        .limit(filter.limit + 1)
    },

    async get(id: string, tx: Executor = db): Promise<ApiKeyRow | undefined> {
      const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id))
      return row
    },

    async insert(values: ApiKeyInsert, tx: Executor = db): Promise<ApiKeyRow> {
      const [row] = await tx.insert(apiKeys).values(values).returning()
      return row!
    },

    /** Sets `revokedAt` once; undefined when the key was revoked already or does not exist. */
    async revoke(id: string, tx: Executor = db): Promise<ApiKeyRow | undefined> {
      const [row] = await tx
        .update(apiKeys)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning()
      return row
    },

    async organisationExists(id: string, tx: Executor = db): Promise<boolean> {
      const [row] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, id))
      return !!row
    },

    existingCampusIds: (ids: readonly string[], tx: Executor = db) => existingCampusIds(ids, tx),
  }
}

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>
