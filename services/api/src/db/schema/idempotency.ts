import { index, integer, pgTable, text, jsonb, primaryKey } from 'drizzle-orm/pg-core'
import { moment, momentNow } from './columns.js'

/**
 * Responses remembered for requests sent with an `Idempotency-Key`, so that a retry returns the
 * first answer instead of writing again. Kept in the database so every API instance sees them.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** Who sent it (later: the caller's identity) and the key itself. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    /** SHA-256 of the request body: the same key with another body is refused. */
    requestHash: text('request_hash').notNull(),
    /** `in_progress` until the first response is stored, then `done`. */
    state: text('state').notNull(),
    statusCode: integer('status_code'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    responseBody: text('response_body'),
    createdAt: momentNow('created_at'),
    expiresAt: moment('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_expires_idx').on(t.expiresAt)],
)
