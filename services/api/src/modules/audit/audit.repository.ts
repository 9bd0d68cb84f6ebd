import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.js'
import { auditEvents } from '../../db/schema/index.js'

export type AuditRow = typeof auditEvents.$inferSelect

export interface AuditFilter {
  actorType?: string | undefined
  actorId?: string | undefined
  resourceType?: string | undefined
  resourceId?: string | undefined
  action?: string | undefined
  campusId?: string | undefined
  requestId?: string | undefined
  from?: string | undefined
  to?: string | undefined
  beforeId?: number | undefined
  limit: number
}

export function createAuditRepository(db: Database) {
  return {
    /** Newest first, keyset on the id (which grows with time); one extra row tells if more follow. */
    async list(filter: AuditFilter, tx: Executor = db): Promise<AuditRow[]> {
      const conditions: Array<SQL | undefined> = [
        filter.actorType ? eq(auditEvents.actorType, filter.actorType) : undefined,
        filter.actorId ? eq(auditEvents.actorId, filter.actorId) : undefined,
        filter.resourceType ? eq(auditEvents.resourceType, filter.resourceType) : undefined,
        filter.resourceId ? eq(auditEvents.resourceId, filter.resourceId) : undefined,
        filter.action ? eq(auditEvents.action, filter.action) : undefined,
        filter.campusId ? eq(auditEvents.campusId, filter.campusId) : undefined,
        filter.requestId ? eq(auditEvents.requestId, filter.requestId) : undefined,
        filter.from ? gte(auditEvents.occurredAt, new Date(filter.from)) : undefined,
        filter.to ? lt(auditEvents.occurredAt, new Date(filter.to)) : undefined,
        filter.beforeId ? lt(auditEvents.id, filter.beforeId) : undefined,
      ]
      return tx
        .select()
        .from(auditEvents)
        .where(and(...conditions))
        .orderBy(desc(auditEvents.id))
        .limit(filter.limit + 1)
    },
  }
}
