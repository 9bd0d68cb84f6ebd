import { sql } from 'drizzle-orm'
import { bigserial, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { organisations } from './organisations.js'
import { moment, momentNow, generatedId, recordRef, editable } from './columns.js'

/** Staff accounts of the dashboard (network and campus staff). Not learners: staff names are fine here. */
export const users = pgTable(
  'users',
  {
    id: generatedId(),
    /** Lower-cased e-mail, the login. */
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    /** scrypt hash with its parameters and salt; never leaves the database layer. */
    passwordHash: text('password_hash').notNull(),
    /** `network_admin`, `network_staff` or `campus_staff`. */
    role: text('role').notNull(),
    /** Campuses a campus_staff member works for. */
    campusIds: uuid('campus_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    passwordChangedAt: moment('password_changed_at'),
    disabledAt: moment('disabled_at'),
    ...editable(),
  },
  (t) => [
    uniqueIndex('users_email_uq').on(t.email),
    check('users_role', sql`${t.role} in ('network_admin', 'network_staff', 'campus_staff')`),
  ],
)

/** Dashboard sessions, in the database so that any API instance serves them. */
export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the session token held in the cookie; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    userId: recordRef('user_id', () => users.id, 'cascade'),
    /** SHA-256 of the CSRF token the dashboard sends back on cookie-authenticated writes. */
    csrfTokenHash: text('csrf_token_hash').notNull(),
    createdAt: momentNow('created_at'),
    lastSeenAt: momentNow('last_seen_at'),
    expiresAt: moment('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
)

/** API keys of partner organisations and scripts: shown once, stored as a hash. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: generatedId(),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    /** Visible start of the key (e.g. `trj_3fa9c1`), to recognise it in lists and logs. */
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole key (keys are long random strings: a fast hash is enough). */
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    /** Campuses the key is limited to; empty means every campus of its organisation's consortia. */
    campusIds: uuid('campus_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    expiresAt: moment('expires_at'),
    lastUsedAt: moment('last_used_at'),
    revokedAt: moment('revoked_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: momentNow('created_at'),
  },
  (t) => [uniqueIndex('api_keys_prefix_uq').on(t.prefix), uniqueIndex('api_keys_hash_uq').on(t.keyHash)],
)

/** Fixed-window counters for rate limits and login throttling, shared by every API instance. */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    key: text('key').primaryKey(),
    windowStart: moment('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('rate_limit_window_idx').on(t.windowStart)],
)

/** Who changed what, when, from which request: written in the same transaction as the change. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: momentNow('occurred_at'),
    /** `user`, `api_key`, `system` or `anonymous`. */
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    /** A readable label of the actor at the time (e-mail, key prefix). */
    actorLabel: text('actor_label'),
    requestId: text('request_id'),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id'),
    campusId: uuid('campus_id'),
    changes: jsonb('changes'),
    ip: text('ip'),
  },
  (t) => [
    index('audit_occurred_idx').on(t.occurredAt, t.id),
    index('audit_resource_idx').on(t.resourceType, t.resourceId),
    index('audit_actor_idx').on(t.actorType, t.actorId),
  ],
)
