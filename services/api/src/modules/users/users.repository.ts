import { and, eq, ilike, isNotNull, isNull, or, sql } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { existingCampusIds } from '../campuses/campuses.repository.js'
import { sessions, users } from '../../db/schema/index.js'
import { versionedRows } from '../../lib/versioned-rows.js'
import { createdAtSort, fieldSort, type PageRequest, type SortSpec } from '../../lib/pagination.js'
import { countRows, rowBy, tableRows, wholeRows } from '../../lib/table-rows.js'
import { likeEscape } from '../../lib/text.js'

export type UserRow = typeof users.$inferSelect

export const userSortSpecs = {
  email: fieldSort(users, 'email', 'text'),
  createdAt: createdAtSort(users.createdAt),
} satisfies Record<string, SortSpec>

export interface UserFilter extends PageRequest {
  role?: string | undefined
  campusId?: string | undefined
  disabled?: boolean | undefined
  search?: string | undefined
  sort: keyof typeof userSortSpecs
}

export function createUsersRepository(db: Database) {
  // Users are disabled, never deleted: no delete here.
  const { insert, update } = versionedRows(db, users)
  return {
    ...tableRows(db, users, {
      sorts: userSortSpecs,
      where: (filter: UserFilter) => {
        const pattern = filter.search ? `%${likeEscape(filter.search)}%` : undefined
        return [
          filter.role ? eq(users.role, filter.role) : undefined,
          filter.campusId ? sql`${filter.campusId}::uuid = any(${users.campusIds})` : undefined,
          filter.disabled === undefined
            ? undefined
            : filter.disabled
              ? isNotNull(users.disabledAt)
              : isNull(users.disabledAt),
          pattern ? or(ilike(users.email, pattern), ilike(users.displayName, pattern)) : undefined,
        ]
      },
    }),

    async getForUpdate(id: string, tx: Executor): Promise<UserRow | undefined> {
      const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update')
      return row
    },

    findByEmail: rowBy(db, wholeRows(users), users.email),

    insert,
    update,

    /** Active administrators, locked so that two concurrent changes cannot remove the last one. */
    async lockActiveAdmins(tx: Executor): Promise<string[]> {
      const rows = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, 'network_admin'), isNull(users.disabledAt)))
        .for('update')
      return rows.map((r) => r.id)
    },

    existingCampusIds: (ids: readonly string[], tx: Executor = db) => existingCampusIds(ids, tx),

    async closeSessions(userId: string, tx: Executor = db): Promise<number> {
      const deleted = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ t: sessions.tokenHash })
      return deleted.length
    },

    count: (tx: Executor = db) => countRows(tx, users),
  }
}

export type UsersRepository = ReturnType<typeof createUsersRepository>
