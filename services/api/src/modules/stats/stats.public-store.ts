import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import { matchesEtag } from '../../lib/http.js'
import { LRUCache } from 'lru-cache'
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
 *
 * Large answers (a breakdown by 400 campuses is 170 kB of JSON) are also kept compressed, brotli or
 * gzip as the client accepts, made once per entry: writing them cost more than everything else.
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
  dataVersion: number | undefined
  etag: string
  contentType: string
  body: Buffer
  br?: Buffer
  gzip?: Buffer
}

/** Answers smaller than this are sent as they are: compressing them saves less than it costs. */
const compressFrom = 1024
/** What the store may hold, in bytes of answers (their compressed forms counted at half). */
const maxBytes = 64 * 1024 * 1024

/** The compression a client accepts (`Accept-Encoding`), brotli first; undefined for none. */
export function acceptedEncoding(header: string | undefined): 'br' | 'gzip' | undefined {
  if (!header) return undefined
  let gzip = false
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    const refused = params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p))
    if (refused) continue
    if (name === 'br') return 'br'
    if (name === 'gzip' || name === '*') gzip = true
  }
  return gzip ? 'gzip' : undefined
}

function encoded(stored: Stored, encoding: 'br' | 'gzip'): Buffer {
  if (encoding === 'br') {
    return (stored.br ??= brotliCompressSync(stored.body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: stored.body.length },
    }))
  }
  return (stored.gzip ??= gzipSync(stored.body, { level: 6 }))
}

/** What public statistics answers vary by (the route sends the same). */
export const publicVary = 'Accept, Accept-Encoding'

const keyOf = (request: FastifyRequest) => `${request.url}\n${request.headers.accept ?? ''}`

/** Whether the caller is the public: no credentials at all (wrong ones get their 401 from the route). */
const anonymous = (request: FastifyRequest) => request.principal.kind === 'public' && request.authFailure === undefined

export function publicStore(releaseNow: () => string | undefined, size = 1000): PublicStore {
  const entries = new LRUCache<string, Stored>({
    max: size,
    maxSize: maxBytes,
    sizeCalculation: (stored) => Math.ceil(stored.body.length * 1.5) + 1,
  })
  const stats = { hits: 0, stored: 0 }

  function onRequest(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) {
    if (request.method !== 'GET' || !anonymous(request)) return done()
    const stored = entries.get(keyOf(request))
    if (stored === undefined || stored.release !== releaseNow()) return done()
    stats.hits++
    reply.header('etag', stored.etag).header('cache-control', 'no-cache').header('vary', publicVary)
    if (stored.dataVersion !== undefined) reply.header('data-version', String(stored.dataVersion))
    if (matchesEtag(request.headers['if-none-match'], stored.etag)) {
      reply.code(304).send()
      return
    }
    const encoding =
      stored.body.length >= compressFrom ? acceptedEncoding(request.headers['accept-encoding']) : undefined
    if (encoding === undefined) return reply.type(stored.contentType).send(stored.body)
    reply.type(stored.contentType).header('content-encoding', encoding).send(encoded(stored, encoding))
  }

  return {
    onRequest,
    remember(request, answer) {
      // An answer from a release older than the data (one being built) is never kept: see above.
      if (answer.release === undefined || answer.updating || answer.notModified) return
      if (request.method !== 'GET' || !anonymous(request)) return
      entries.set(keyOf(request), {
        release: answer.release,
        dataVersion: answer.dataVersion,
        etag: answer.etag,
        contentType: answer.contentType,
        body: Buffer.from(answer.body),
      })
      stats.stored++
    },
    stats,
  }
}
