import type { AuditEvent, AuditEventListQuery, PageOf } from '@trajectoires/contract'
import type { Database, Executor } from '../../db/client.js'
import { auditEvents } from '../../db/schema/index.js'
import { requestContext, type Principal } from '../../lib/access.js'
import { Invalid } from '../../lib/errors.js'
import { createAuditRepository, type AuditRow } from './audit.repository.js'

/** Who did it, as the audit trail records it. */
interface AuditActor {
  type: 'user' | 'api_key' | 'system' | 'anonymous'
  id: string | null
  label: string | null
}

/** One write to record. `changes` is usually `changesOf(before, after)`. */
export interface AuditEntry {
  /** `create`, `update`, `delete`, or a verb of the domain (`revoke`, `login`...). */
  action: string
  /** The kind of resource, singular: `campus`, `cohort`, `enrolment`... */
  resourceType: string
  resourceId?: string | null
  /** The campus the record belongs to, so that a campus's history can be read. */
  campusId?: string | null
  changes?: unknown
  /** Defaults to the principal of the request being served; `system` outside requests (seeds, scripts). */
  actor?: AuditActor
}

const systemActor: AuditActor = { type: 'system', id: null, label: 'system' }

function actorOf(principal: Principal): AuditActor {
  switch (principal.kind) {
    case 'user':
      return { type: 'user', id: principal.id, label: principal.email }
    case 'api_key':
      return { type: 'api_key', id: principal.id, label: principal.prefix }
    case 'public':
      return { type: 'anonymous', id: null, label: null }
  }
}

/**
 * Records a write in the audit trail. Call it inside the transaction of the write, after the
 * write succeeded: both commit or neither does, so a refused or failed write leaves no entry.
 * Who, from which request and address come from the request being served.
 */
export async function recordAudit(tx: Executor, entry: AuditEntry): Promise<void> {
  const context = requestContext.getStore()
  const actor = entry.actor ?? (context ? actorOf(context.principal) : systemActor)
  await tx.insert(auditEvents).values({
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    requestId: context?.requestId ?? null,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    campusId: entry.campusId ?? null,
    changes: entry.changes === undefined ? null : redact(entry.changes),
    ip: context?.ip ?? null,
  })
}

const unrecorded = new Set(['createdAt', 'updatedAt', 'version', 'searchKey'])
const secret = /password|hash|secret|token|^key$/i

/** Secrets never reach the trail, whatever a caller passes. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, secret.test(k) ? '[redacted]' : redact(v)]),
    )
  }
  return value
}

/**
 * The change between two versions of a record (contract objects, not rows): the changed fields
 * only, before and after. A creation passes no `before`, a deletion no `after`.
 */
export function changesOf(
  before: object | null | undefined,
  after: object | null | undefined,
): { before?: Record<string, unknown>; after?: Record<string, unknown> } {
  const b = (before ?? {}) as Record<string, unknown>
  const a = (after ?? {}) as Record<string, unknown>
  const keys = new Set([...Object.keys(b), ...Object.keys(a)].filter((k) => !unrecorded.has(k)))
  const changed = [...keys].filter((k) => !before || !after || JSON.stringify(b[k]) !== JSON.stringify(a[k]))
  const pick = (o: Record<string, unknown>) => Object.fromEntries(changed.filter((k) => k in o).map((k) => [k, o[k]]))
  return { ...(before ? { before: pick(b) } : {}), ...(after ? { after: pick(a) } : {}) }
}

function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    id: String(row.id),
    occurredAt: row.occurredAt.toISOString(),
    actorType: row.actorType as AuditEvent['actorType'],
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    requestId: row.requestId,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    campusId: row.campusId,
    changes: row.changes ?? null,
    ip: row.ip,
  }
}

function decodeAuditCursor(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const id = Number(Buffer.from(raw, 'base64url').toString('utf8'))
  if (Number.isSafeInteger(id) && id > 0) return id
  throw Invalid([
    {
      in: 'query',
      field: '/cursor',
      code: 'cursor',
      message: 'is not a cursor this API issued; start again without it',
    },
  ])
}

export function createAuditService(deps: { db: Database }) {
  const repository = createAuditRepository(deps.db)
  return {
    /** Newest first; filters combine. */
    async list(query: AuditEventListQuery): Promise<PageOf<AuditEvent>> {
      const limit = query.limit ?? 20
      const rows = await repository.list({ ...query, beforeId: decodeAuditCursor(query.cursor), limit })
      const more = rows.length > limit
      const page = more ? rows.slice(0, limit) : rows
      return {
        items: page.map(toAuditEvent),
        nextCursor: more ? Buffer.from(String(page.at(-1)!.id)).toString('base64url') : null,
      }
    },
  }
}

export type AuditService = ReturnType<typeof createAuditService>
