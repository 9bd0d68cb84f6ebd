import type { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyListQuery, ApiScope, PageOf } from '@trajectoires/contract'
import type { Database } from '../../db/client.js'
import { currentPrincipal } from '../../lib/access.js'
import { Invalid, NotFound } from '../../lib/errors.js'
import { notACursor } from '../../lib/pagination.js'
import { changesOf, recordAudit } from '../audit/audit.service.js'
import { auditCreate } from '../audit/versioned-write.js'
import { newApiKey, sha256 } from '../auth/auth.crypto.js'
import type { ApiKeyRow, ApiKeysRepository } from './api-keys.repository.js'
import { nameOf } from '../../lib/text.js'

/** The key as the API shows it: its prefix, never its hash. */
export function toApiKey(row: ApiKeyRow): ApiKey {
  const status = row.revokedAt
    ? 'revoked'
    : row.expiresAt && row.expiresAt.getTime() <= Date.now()
      ? 'expired'
      : 'active'
  return {
    id: row.id,
    name: row.name,
    organisationId: row.organisationId,
    prefix: row.prefix,
    scopes: row.scopes as ApiScope[],
    campusIds: row.campusIds,
    networkWide: row.organisationId === null && row.campusIds.length === 0,
    status,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  }
}

const oneYear = 365 * 24 * 3600 * 1000

function decodeKeyCursor(raw: string | undefined): { createdAt: string; id: string } | undefined {
  if (raw === undefined) return undefined
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { createdAt: string; id: string }
    if (!Number.isNaN(Date.parse(value.createdAt)) && /^[0-9a-f-]{36}$/i.test(value.id)) return value
  } catch {
    // fall through
  }
  throw notACursor()
}

export function createApiKeysService(deps: { db: Database; apiKeys: ApiKeysRepository }) {
  const { db, apiKeys } = deps

  async function get(id: string): Promise<ApiKey> {
    const row = await apiKeys.get(id)
    if (!row) throw NotFound('API key', id)
    return toApiKey(row)
  }

  return {
    get,

    async list(query: ApiKeyListQuery): Promise<PageOf<ApiKey>> {
      const limit = query.limit ?? 20
      const rows = await apiKeys.list({
        organisationId: query.organisationId,
        status: query.status,
        after: decodeKeyCursor(query.cursor),
        limit,
      })
      const more = rows.length > limit
      const page = more ? rows.slice(0, limit) : rows
      const last = page.at(-1)
      return {
        items: page.map(toApiKey),
        nextCursor:
          more && last
            ? Buffer.from(JSON.stringify({ createdAt: last.createdAt.toISOString(), id: last.id })).toString(
                'base64url',
              )
            : null,
      }
    },

    /** Issues a key: the answer holds it once; only its SHA-256 is stored. */
    async create(input: ApiKeyCreate): Promise<ApiKeyCreated> {
      const expiresAt =
        input.expiresAt === undefined
          ? new Date(Date.now() + oneYear)
          : input.expiresAt
            ? new Date(input.expiresAt)
            : null
      if (expiresAt && expiresAt.getTime() <= Date.now()) {
        throw Invalid([{ field: '/expiresAt', code: 'future', message: 'must be in the future' }])
      }
      const principal = currentPrincipal()
      const campusIds = [...(input.campusIds ?? [])]
      // Reaching every campus of the network is asked for, never the result of a list left empty.
      if (input.networkWide && (campusIds.length > 0 || input.organisationId)) {
        throw Invalid([
          {
            field: '/networkWide',
            code: 'network_wide',
            message: 'a network-wide key has no organisation and no campusIds',
          },
        ])
      }
      if (!input.networkWide && !input.organisationId && campusIds.length === 0) {
        throw Invalid([
          {
            field: '/campusIds',
            code: 'network_wide',
            message:
              'a key without organisation names its campuses; for a key that reaches every campus, send networkWide: true',
          },
        ])
      }
      const { key, prefix } = newApiKey()
      return db.transaction(async (tx) => {
        if (input.organisationId && !(await apiKeys.organisationExists(input.organisationId, tx))) {
          throw Invalid([
            {
              field: '/organisationId',
              code: 'exists',
              message: `organisation ${input.organisationId} does not exist`,
            },
          ])
        }
        const known = await apiKeys.existingCampusIds(campusIds, tx)
        const missing = campusIds.filter((id) => !known.has(id))
        if (missing.length > 0) {
          throw Invalid([
            { field: '/campusIds', code: 'exists', message: `campus ${missing.join(', ')} does not exist` },
          ])
        }
        const row = await apiKeys.insert(
          {
            name: nameOf(input.name, '/name'),
            organisationId: input.organisationId ?? null,
            prefix,
            keyHash: sha256(key),
            scopes: [...input.scopes],
            campusIds,
            expiresAt,
            createdBy: principal.kind === 'user' ? principal.id : null,
          },
          tx,
        )
        return { ...(await auditCreate(tx, 'api_key', toApiKey(row))), key }
      })
    },

    /** Revokes a key for good; revoking it again changes nothing. */
    async revoke(id: string): Promise<ApiKey> {
      return db.transaction(async (tx) => {
        const current = await apiKeys.get(id, tx)
        if (!current) throw NotFound('API key', id)
        const row = await apiKeys.revoke(id, tx)
        if (!row) return toApiKey((await apiKeys.get(id, tx)) ?? current)
        await recordAudit(tx, {
          action: 'revoke',
          resourceType: 'api_key',
          resourceId: id,
          changes: changesOf(toApiKey(current), toApiKey(row)),
        })
        return toApiKey(row)
      })
    },
  }
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>
