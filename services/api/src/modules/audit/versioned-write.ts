import type { Executor } from '../../db/client.js'
import { NotFound, PreconditionFailed } from '../../lib/errors.js'
import { matchVersion, type IfMatch } from '../../lib/http.js'
import { changesOf, recordAudit } from './audit.service.js'

/** The record an update or a delete acts on, and how to read it and show it in the audit trail. */
export interface VersionedTarget<Row extends { version: number }> {
  /** The record's name in a 404's message: `Cohort`. */
  resource: string
  /** Its type in the audit trail: `cohort`. */
  resourceType: string
  id: string
  ifMatch: IfMatch
  /** Reads (and locks, where the service needs it) the current row, in the write's transaction. */
  read: () => Promise<Row | undefined>
  /** The row as the contract shows it: the audit's `before`. */
  toEntity: (row: Row) => object
  /** The campus of the record, for the audit trail; none for network-wide records. */
  campusOf?: (row: Row) => string | null
}

/** Reads the current row (404 when there is none) and the version the write is conditional on (412). */
async function readCurrent<Row extends { version: number }>(target: VersionedTarget<Row>) {
  const current = await target.read()
  if (!current) throw NotFound(target.resource, target.id)
  return { current, expectedVersion: matchVersion(target.ifMatch, current.version) }
}

/**
 * An update of a versioned record, in the caller's transaction: read the current row (404), check
 * `If-Match` against its version (412), let `write` check the input and write conditionally on that
 * version, then record the change in the audit trail (as `action`). `write` returns the record as
 * written, or undefined when a concurrent writer got there between the read and the write (412).
 */
export async function updateVersioned<Row extends { version: number }, Entity extends object>(
  tx: Executor,
  target: VersionedTarget<Row>,
  write: (current: Row, expectedVersion: number) => Promise<Entity | undefined>,
  action = 'update',
): Promise<Entity> {
  const { current, expectedVersion } = await readCurrent(target)
  const written = await write(current, expectedVersion)
  if (written === undefined) throw PreconditionFailed(current.version + 1)
  await recordAudit(tx, {
    action,
    resourceType: target.resourceType,
    resourceId: target.id,
    ...(target.campusOf ? { campusId: target.campusOf(current) } : {}),
    changes: changesOf(target.toEntity(current), written),
  })
  return written
}

/**
 * A delete of a versioned record, the same way: `remove` checks what still holds the record and
 * deletes it conditionally on the version, returning false when a concurrent writer got there first.
 */
export async function deleteVersioned<Row extends { version: number }>(
  tx: Executor,
  target: VersionedTarget<Row>,
  remove: (current: Row, expectedVersion: number) => Promise<boolean>,
): Promise<void> {
  const { current, expectedVersion } = await readCurrent(target)
  if (!(await remove(current, expectedVersion))) throw PreconditionFailed(current.version + 1)
  await recordAudit(tx, {
    action: 'delete',
    resourceType: target.resourceType,
    resourceId: target.id,
    ...(target.campusOf ? { campusId: target.campusOf(current) } : {}),
    changes: changesOf(target.toEntity(current), null),
  })
}
