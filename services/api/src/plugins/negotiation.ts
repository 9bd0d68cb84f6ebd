import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { matchesEtag } from '../lib/http.js'
import { sendProblem } from './errors.js'

/**
 * The media types an operation answers with on success, read from its response schemas: the keys
 * of `content` where a response lists them, JSON otherwise; none for bodiless answers (204, 304).
 */
export function producedTypes(schema: RouteOptions['schema']): string[] {
  const types = new Set<string>()
  for (const [status, response] of Object.entries((schema?.response ?? {}) as Record<string, unknown>)) {
    if (!/^2\d\d$/.test(status) || status === '204') continue
    const r = response as { content?: Record<string, unknown>; type?: unknown }
    if (r.content) Object.keys(r.content).forEach((t) => types.add(t.toLowerCase()))
    else if (r.type !== 'null') types.add('application/json')
  }
  return [...types]
}

interface MediaRange {
  type: string
  q: number
}

/** An `Accept` header's media ranges, or undefined when it cannot be read (then it is ignored). */
function mediaRanges(accept: string): MediaRange[] | undefined {
  const ranges: MediaRange[] = []
  for (const part of accept.split(',')) {
    if (part.trim() === '') continue
    const [range, ...params] = part.split(';').map((p) => p.trim().toLowerCase())
    if (!range || !/^[^/\s]+\/[^/\s]+$/.test(range)) return undefined
    const q = params.find((p) => /^q\s*=/.test(p))
    const weight = q === undefined ? 1 : Number(q.replace(/^q\s*=\s*/, ''))
    if (!Number.isFinite(weight) || weight < 0 || weight > 1) return undefined
    ranges.push({ type: range, q: weight })
  }
  return ranges
}

/**
 * Whether `accept` lets the operation answer with one of `types` (RFC 9110 §12.5.1): the most
 * specific range matching a type gives its weight, and a weight of 0 means "not this".
 */
function acceptable(accept: string | undefined, types: readonly string[]): boolean {
  if (accept === undefined || accept.trim() === '' || types.length === 0) return true
  const ranges = mediaRanges(accept)
  if (ranges === undefined || ranges.length === 0) return true
  return types.some((type) => {
    const major = type.split('/')[0]
    let best: { specificity: number; q: number } | undefined
    for (const r of ranges) {
      const specificity = r.type === type ? 3 : r.type === `${major}/*` ? 2 : r.type === '*/*' ? 1 : 0
      if (specificity > 0 && (!best || specificity > best.specificity)) best = { specificity, q: r.q }
    }
    return best !== undefined && best.q > 0
  })
}

/**
 * Content negotiation and conditional reads, for every documented operation:
 * - an `Accept` that none of the operation's media types satisfies is a 406 (problem+json, which
 *   RFC 9110 lets an error use whatever the client asked for);
 * - a GET whose answer carries an ETag (single records) is a 304 without a body when
 *   `If-None-Match` names that ETag.
 */
async function negotiationPlugin(app: FastifyInstance) {
  const list = <T>(value: T | T[] | undefined): T[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value]

  app.addHook('onRoute', (route) => {
    if (route.schema?.hide || !route.schema?.operationId) return
    const types = producedTypes(route.schema)
    if (types.length > 0) {
      const negotiate = (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
        if (acceptable(request.headers.accept, types)) return done()
        sendProblem(
          request,
          reply,
          406,
          'not_acceptable',
          `This operation answers with ${types.join(' or ')}; the Accept header allows none of them.`,
        )
      }
      route.onRequest = [...list(route.onRequest), negotiate] as typeof route.onRequest
    }
    const methods = list(route.method)
    if (methods.includes('GET')) {
      const notModified = (
        request: FastifyRequest,
        reply: FastifyReply,
        payload: unknown,
        done: (err: Error | null, payload?: unknown) => void,
      ) => {
        const tag = reply.getHeader('etag')
        if (reply.statusCode === 200 && typeof tag === 'string' && matchesEtag(request.headers['if-none-match'], tag)) {
          reply.code(304).removeHeader('content-type').removeHeader('content-length')
          return done(null, '')
        }
        done(null, payload)
      }
      route.onSend = [...list(route.onSend), notModified] as typeof route.onSend
    }
  })
}

export default fp(negotiationPlugin, { name: 'negotiation', dependencies: ['errors'] })
