import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import { matchesEtag } from '../../lib/http.js'
import { Lru } from '../../lib/read-cache.js'
import type { Answer } from './stats.service.js'

/**
 * The public's statistics, answered from the route's first hook.
 *
 * Every reader without credentials gets the same bytes for the same address (and `Accept`) while a
 * release stands: the release is the only thing public answers are read from. This store keeps
 * those bytes, encoded once, with the id of the release they were read from, and answers a repeated
 * request in the route's `onRequest` hook: before query validation, the access checks, the request
 * context and the service, which together cost a cached answer as much CPU as the rest of the API's
 * plugins (docs/benchmarks.md, "The protected public release"). The hooks every request goes
 * through (request id, credentials, rate limits, security headers, metrics) still run before it.
 *
 * An entry is used only while the service says, without waiting, that a public request would be
 * answered from the same release now (`publicReleaseNow`): any write, a new day or a new metric
 * version sends the next request through the route again, which waits for (or starts) the next
 * release exactly as before. Callers with credentials never use it.
 */
export interface PublicStore {
  /** The hook: answers a stored public answer, or lets the request go on. */
  onRequest: onRequestHookHandler
  /** Keeps the answer the route just gave an anonymous caller (a no-op for anyone else). */
  remember(request: FastifyRequest, answer: Answer): void
  /** Counters, for tests and measurements. */
  readonly stats: { hits: number; stored: number }
}

interface Stored {
  release: string
  etag: string
  contentType: string
  body: Buffer
}

const keyOf = (request: FastifyRequest) => `${request.url}\n${request.headers.accept ?? ''}`

/** Whether the caller is the public: no credentials at all (wrong ones get their 401 from the route). */
const anonymous = (request: FastifyRequest) => request.principal.kind === 'public' && request.authFailure === undefined

export function publicStore(releaseNow: () => string | undefined, size = 1000): PublicStore {
  const entries = new Lru<Stored>(size)
  const stats = { hits: 0, stored: 0 }

  function onRequest(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) {
    if (request.method !== 'GET' || !anonymous(request)) return done()
    const stored = entries.get(keyOf(request))
    if (stored === undefined || stored.release !== releaseNow()) return done()
    stats.hits++
    reply.header('etag', stored.etag).header('cache-control', 'no-cache').header('vary', 'Accept')
    if (matchesEtag(request.headers['if-none-match'], stored.etag)) {
      reply.code(304).send()
      return
    }
    reply.type(stored.contentType).send(stored.body)
  }

  return {
    onRequest,
    remember(request, answer) {
      if (answer.release === undefined || answer.notModified || request.method !== 'GET' || !anonymous(request)) return
      entries.set(keyOf(request), {
        release: answer.release,
        etag: answer.etag,
        contentType: answer.contentType,
        body: Buffer.from(answer.body),
      })
      stats.stored++
    },
    stats,
  }
}
