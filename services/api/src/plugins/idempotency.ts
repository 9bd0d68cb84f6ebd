import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import { and, eq, lt, sql } from 'drizzle-orm'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Database } from '../db/client.js'
import { idempotencyKeys } from '../db/schema/index.js'
import { AppError } from '../lib/errors.js'

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { scope: string; key: string }
  }
}

interface IdempotencyOptions {
  db: Database
  /** How long a stored answer is replayed. */
  ttlSeconds?: number
  /** After this long, a request still marked in progress is taken to have died. */
  staleSeconds?: number
}

const replayedHeaders = ['content-type', 'etag', 'location']

/** Whose key it is: two callers using the same key never see each other's answers. */
export const scopeOf = (request: FastifyRequest) => {
  const principal = request.principal
  if (principal?.kind === 'user') return `user:${principal.id}`
  if (principal?.kind === 'api_key') return `key:${principal.id}`
  return 'anonymous'
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n`)
    .update(JSON.stringify(request.body ?? null))
    .digest('hex')
}

/**
 * `Idempotency-Key` on POST: the first request runs and its answer is stored in the database;
 * a retry with the same key and body gets that answer again (header `Idempotent-Replayed: true`)
 * without writing twice; the same key with another body is refused with 422.
 */
async function idempotencyPlugin(app: FastifyInstance, options: IdempotencyOptions) {
  const { db } = options
  const ttlSeconds = options.ttlSeconds ?? 24 * 3600
  const staleSeconds = options.staleSeconds ?? 120

  // Only POST routes carry these hooks: a GET pays nothing for them.
  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    // Routes that stream their body keep their own records (imports store theirs in the write's transaction).
    if ((request.routeOptions.config as { idempotency?: boolean }).idempotency === false) return
    const raw = request.headers['idempotency-key']
    if (raw === undefined) return
    const key = Array.isArray(raw) ? raw[0]! : raw
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new AppError(400, 'validation_failed', 'Idempotency-Key must be 1 to 200 visible ASCII characters.', [
        {
          in: 'headers',
          field: '/idempotency-key',
          code: 'format',
          message: 'must be 1 to 200 visible ASCII characters',
        },
      ])
    }
    const scope = scopeOf(request)
    const hash = requestHash(request)
    const path = request.url.split('?')[0]!

    // Forget what has expired for this key, and take over a request that died in progress.
    await db
      .delete(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.scope, scope),
          eq(idempotencyKeys.key, key),
          sql`(${idempotencyKeys.expiresAt} < now() or (${idempotencyKeys.state} = 'in_progress' and ${idempotencyKeys.createdAt} < now() - make_interval(secs => ${staleSeconds})))`,
        ),
      )
    const inserted = await db
      .insert(idempotencyKeys)
      .values({
        scope,
        key,
        method: request.method,
        path,
        requestHash: hash,
        state: 'in_progress',
        expiresAt: new Date(Date.now() + ttlSeconds * 1000),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key })
    if (inserted.length > 0) {
      request.idempotency = { scope, key }
      return
    }

    const [existing] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)))
    if (!existing) throw new AppError(409, 'idempotency_in_progress', 'Retry this request: its key was just released.')
    if (existing.requestHash !== hash) {
      throw new AppError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different request; use a new key for a new request.',
      )
    }
    if (existing.state !== 'done') {
      throw new AppError(
        409,
        'idempotency_in_progress',
        'A request with this Idempotency-Key is still being processed; retry in a few seconds.',
        undefined,
        { 'retry-after': '2' },
      )
    }
    reply.headers({ ...(existing.responseHeaders ?? {}), 'idempotent-replayed': 'true' })
    return reply.code(existing.statusCode ?? 200).send(existing.responseBody ?? '')
  }

  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const held = request.idempotency
    if (!held) return payload
    request.idempotency = undefined
    const where = and(eq(idempotencyKeys.scope, held.scope), eq(idempotencyKeys.key, held.key))
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      // Nothing trustworthy to replay: let the client retry for real.
      await db.delete(idempotencyKeys).where(where)
      return payload
    }
    const headers: Record<string, string> = {}
    for (const name of replayedHeaders) {
      const value = reply.getHeader(name)
      if (value !== undefined) headers[name] = String(value)
    }
    await db
      .update(idempotencyKeys)
      .set({ state: 'done', statusCode: reply.statusCode, responseHeaders: headers, responseBody: payload })
      .where(where)
    return payload
  }

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    if (!methods.includes('POST')) return
    const list = <T>(value: T | T[] | undefined): T[] =>
      value === undefined ? [] : Array.isArray(value) ? value : [value]
    route.preHandler = [...list(route.preHandler), preHandler] as typeof route.preHandler
    route.onSend = [...list(route.onSend), onSend] as typeof route.onSend
  })

  // Expired records are swept now and then, so the table does not grow without end.
  const sweep = setInterval(() => {
    db.delete(idempotencyKeys)
      .where(lt(idempotencyKeys.expiresAt, new Date()))
      .catch((err: unknown) => app.log.warn({ err }, 'idempotency sweep failed'))
  }, 3600_000)
  sweep.unref()
  app.addHook('onClose', async () => clearInterval(sweep))
}

export default fp(idempotencyPlugin, { name: 'idempotency', dependencies: ['errors'] })
