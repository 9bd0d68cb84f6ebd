import type { Database, Executor, Transaction } from '../../db/client.js'
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
  /**
   * The campus of the record, for the audit trail (read after the write, in its transaction); none
   * for network-wide records.
   */
  campusOf?: (row: Row) => string | null | Promise<string | null>
}

/** One kind of versioned record, as a service reads it: for its GET and for its writes. */
export interface VersionedResource<Row extends { version: number }, Entity extends object> {
  /** The record's name in a 404's message: `Cohort`. */
  resource: string
  /** Its type in the audit trail: `cohort`. */
  resourceType: string
  /** Reads a row; `tx` for a write's transaction, none for a GET. */
  read: (id: string, tx?: Executor) => Promise<Row | undefined>
  /** Reads the row a write acts on, where it must be locked; `read` otherwise. */
  readForWrite?: (id: string, tx: Transaction) => Promise<Row | undefined>
  /** The row as the contract shows it. */
  toEntity: (row: Row) => Entity
  /** The campus of the record, for the audit trail; none for network-wide records. */
  campusOf?: (row: Row, tx: Transaction) => string | null | Promise<string | null>
}

/**
 * A repository's writes of a versioned table (`versionedRows`): each conditional on the version the
 * service checked, `Written` the row they return.
 */
interface VersionedWrites<Insert, Written> {
  insert: (values: Insert, tx: Executor) => Promise<Written>
  update: (id: string, expectedVersion: number, values: Partial<Insert>, tx: Executor) => Promise<Written | undefined>
  /** None for records that are never deleted (accounts are disabled). */
  delete?: (id: string, expectedVersion: number, tx: Executor) => Promise<boolean>
}

/**
 * How a service writes one kind of versioned record: in transactions of `db`, through `rows`. The row
 * a write returns is the record itself, or, where the record is a view joining other tables
 * (`reread`), is read again (`read`) in the write's transaction.
 */
export type VersionedWriteSpec<Row, Insert> = { db: Database } & (
  | { rows: VersionedWrites<Insert, Row>; reread?: false }
  | { rows: VersionedWrites<Insert, { id: string }>; reread: true }
)

/** What a versioned update may do besides writing the fields. */
export interface UpdateOptions<Row> {
  /** The action in the audit trail: `update` unless told. */
  action?: string
  /** What goes with the write in its transaction, once it is done (a stage history, say). */
  after?: (current: Row, tx: Transaction) => Promise<void>
}

/**
 * A service's GET of a versioned record (404 when there is none), and its creates, updates and
 * deletes, from one description of the record: each write in its own transaction, with the 404 and
 * the If-Match 412 of the record it acts on, the write conditional on the version, the audit entry
 * and the record as the contract shows it.
 */
export function versionedResource<Row extends { id: string; version: number }, Entity extends { id: string }, Insert>(
  spec: VersionedResource<Row, Entity> & VersionedWriteSpec<Row, Insert>,
) {
  const { resource, resourceType, read, readForWrite = read, toEntity, campusOf, db } = spec

  /** The record an update or a delete acts on, in the write's transaction. */
  const target = (id: string, ifMatch: IfMatch, tx: Transaction): VersionedTarget<Row> => ({
    resource,
    resourceType,
    id,
    ifMatch,
    read: () => readForWrite(id, tx),
    toEntity,
    ...(campusOf ? { campusOf: (row: Row) => campusOf(row, tx) } : {}),
  })

  /** The record as written, for the answer and the audit (without `reread`, the spec's type makes it the row written). */
  const writtenRow = async (written: { id: string }, tx: Transaction): Promise<Row> =>
    spec.reread ? (await read(written.id, tx))! : (written as Row)

  return {
    async get(id: string): Promise<Entity> {
      const row = await read(id)
      if (!row) throw NotFound(resource, id)
      return toEntity(row)
    },

    /**
     * Inserts the record whose columns `values` gives (after its own checks, in the transaction),
     * lets `after` write what goes with it, and records the creation in the audit trail.
     */
    create: (
      values: (tx: Transaction) => Insert | Promise<Insert>,
      after?: (id: string, tx: Transaction) => Promise<void>,
    ): Promise<Entity> =>
      db.transaction(async (tx) => {
        const written = await spec.rows.insert(await values(tx), tx)
        await after?.(written.id, tx)
        const row = await writtenRow(written, tx)
        return auditCreate(tx, resourceType, toEntity(row), await campusOf?.(row, tx))
      }),

    /**
     * Updates the record with the columns `fields` computes from the current row (after its own
     * checks, in the transaction): 404, 412 on a stale If-Match or a concurrent write, audit entry.
     */
    update: (
      id: string,
      ifMatch: IfMatch,
      fields: (current: Row, tx: Transaction) => Partial<Insert> | Promise<Partial<Insert>>,
      options: UpdateOptions<Row> = {},
    ): Promise<Entity> =>
      db.transaction((tx) =>
        updateVersioned(
          tx,
          target(id, ifMatch, tx),
          async (current, expectedVersion) => {
            const written = await spec.rows.update(id, expectedVersion, await fields(current, tx), tx)
            if (!written) return undefined
            await options.after?.(current, tx)
            return toEntity(await writtenRow(written, tx))
          },
          options.action,
        ),
      ),

    /**
     * Deletes the record once `guard` (what still holds it) lets it: 404, 412 on a stale If-Match or
     * a concurrent write, audit entry.
     */
    remove: (id: string, ifMatch: IfMatch, guard?: (current: Row, tx: Transaction) => Promise<void>) =>
      db.transaction((tx) =>
        deleteVersioned(tx, target(id, ifMatch, tx), async (current, expectedVersion) => {
          await guard?.(current, tx)
          // A programming error, not a request's: a service offers no delete for such records.
          if (!spec.rows.delete) throw new Error(`${resource} records are never deleted`)
          return spec.rows.delete(id, expectedVersion, tx)
        }),
      ),
  }
}

/** Reads the current row (404 when there is none) and the version the write is conditional on (412). */
async function readCurrent<Row extends { version: number }>(target: VersionedTarget<Row>) {
  const current = await target.read()
  if (!current) throw NotFound(target.resource, target.id)
  return { current, expectedVersion: matchVersion(target.ifMatch, current.version) }
}

/** Records in the audit trail, as `action`, the change of the target from `current` to `after` (null: deleted). */
async function auditChange<Row extends { version: number }>(
  tx: Executor,
  target: VersionedTarget<Row>,
  current: Row,
  action: string,
  after: object | null,
) {
  await recordAudit(tx, {
    action,
    resourceType: target.resourceType,
    resourceId: target.id,
    ...(target.campusOf ? { campusId: await target.campusOf(current) } : {}),
    changes: changesOf(target.toEntity(current), after),
  })
}

/**
 * Records the creation of a record in the audit trail (the whole record as `after`), in the
 * transaction that wrote it, and returns the record.
 */
export async function auditCreate<Entity extends { id: string }>(
  tx: Executor,
  resourceType: string,
  entity: Entity,
  campusId?: string | null,
): Promise<Entity> {
  await recordAudit(tx, {
    action: 'create',
    resourceType,
    resourceId: entity.id,
    ...(campusId === undefined ? {} : { campusId }),
    changes: changesOf(null, entity),
  })
  return entity
}

/**
 * An update of a versioned record, in the caller's transaction: read the current row (404), check
 * `If-Match` against its version (412), let `write` check the input and write conditionally on that
 * version, then record the change in the audit trail (as `action`). `write` returns the record as
 * written, or undefined when a concurrent writer got there between the read and the write (412).
 */
async function updateVersioned<Row extends { version: number }, Entity extends object>(
  tx: Executor,
  target: VersionedTarget<Row>,
  write: (current: Row, expectedVersion: number) => Promise<Entity | undefined>,
  action = 'update',
): Promise<Entity> {
  const { current, expectedVersion } = await readCurrent(target)
  const written = await write(current, expectedVersion)
  if (written === undefined) throw PreconditionFailed(current.version + 1)
  await auditChange(tx, target, current, action, written)
  return written
}

/**
 * A delete of a versioned record, the same way: `remove` checks what still holds the record and
 * deletes it conditionally on the version, returning false when a concurrent writer got there first.
 */
async function deleteVersioned<Row extends { version: number }>(
  tx: Executor,
  target: VersionedTarget<Row>,
  remove: (current: Row, expectedVersion: number) => Promise<boolean>,
): Promise<void> {
  const { current, expectedVersion } = await readCurrent(target)
  if (!(await remove(current, expectedVersion))) throw PreconditionFailed(current.version + 1)
  await auditChange(tx, target, current, 'delete', null)
}
