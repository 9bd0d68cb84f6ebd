/**
 * Snapshots' helpers: the query a snapshot stores, a stored row as the API answers it, the list's
 * cursor, and where a recomputation differs from what was frozen.
 */
import { isDeepStrictEqual } from 'node:util'
import type { PlacementResult, Snapshot, SnapshotQuery } from '@trajectoires/contract'
import { notACursor } from '../../lib/pagination.js'
import { labelled } from './stats.labels.js'
import type { SnapshotRow } from './stats.repository.js'
import type { NormalizedQuery } from './stats.query.js'

/** JSON pointers where two values differ (at most `limit`). */
export function differences(a: unknown, b: unknown, path = '', out: string[] = [], limit = 50): string[] {
  if (out.length >= limit) return out
  if (isDeepStrictEqual(a, b)) return out
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const k of keys) {
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`, out, limit)
    }
    return out
  }
  out.push(path || '/')
  return out
}

/** The query a snapshot stores: its filters as asked, defaults written out. */
export function snapshotQuery(q: NormalizedQuery): SnapshotQuery {
  const query: SnapshotQuery = {
    metric: q.metric,
    metricVersion: q.metricVersion,
    basis: q.basis,
    checkpoint: q.checkpoint,
  }
  if (q.campusId) query.campusId = q.campusId
  if (q.cohortId) query.cohortId = q.cohortId
  if (q.exitYear !== null) query.exitYear = q.exitYear
  else {
    if (q.exitFrom) query.exitFrom = q.exitFrom
    if (q.exitTo) query.exitTo = q.exitTo
  }
  if (q.groupBy.length) query.groupBy = q.groupBy
  return query
}

/** A stored snapshot as the API answers it. */
export function toSnapshot(row: SnapshotRow): Snapshot {
  return {
    id: row.id,
    label: row.label,
    metric: { id: row.metricId, version: row.metricVersion },
    query: row.query as SnapshotQuery,
    asOf: row.asOf.toISOString(),
    result: labelled(row.result as PlacementResult),
    createdAt: row.createdAt.toISOString(),
  }
}

/** The list's cursor (the last item's creation time and id), or a 400. */
export function decodeSnapshotCursor(raw: string | undefined): { createdAt: Date; id: string } | undefined {
  if (raw === undefined) return undefined
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { t: string; id: string }
    const createdAt = new Date(v.t)
    if (!Number.isNaN(createdAt.getTime()) && /^[0-9a-f-]{36}$/i.test(v.id)) return { createdAt, id: v.id }
  } catch {
    // fall through
  }
  throw notACursor()
}
