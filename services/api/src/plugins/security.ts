import fp from 'fastify-plugin'
import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet from 'helmet'
import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import { access } from '../lib/access.js'
import { registerWithAccess } from './auth.js'

interface SecurityOptions {
  /** Other origins allowed to call the API from a browser; empty: same origin only. */
  corsOrigins: string[]
  /** Served over HTTPS: browsers are told to upgrade insecure requests. */
  https: boolean
}

/**
 * Security headers on every answer, with a content security policy that the dashboard (Vite
 * build, same origin) and the API docs (swagger-ui) both pass: scripts and connections to this
 * origin only, no plugins, no framing. CORS is limited to the configured origins; cookies are
 * never sent cross-origin (the session cookie is SameSite=Strict), so partners' browser apps use
 * bearer keys.
 */
/**
 * The headers helmet sets, computed once: the policy depends on nothing in the request, and
 * building it per request (as @fastify/helmet 13 does) cost a fifth of the CPU of a small route.
 */
function helmetHeaders(configuration: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()]
    },
  }
  helmet(configuration)({} as IncomingMessage, response as unknown as ServerResponse, () => {})
  return headers
}

async function securityPlugin(app: FastifyInstance, options: SecurityOptions) {
  const headers = helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // Vue transitions and swagger-ui set style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Only meaningful over HTTPS; harmless otherwise.
    strictTransportSecurity: options.https ? { maxAge: 15_552_000, includeSubDomains: true } : false,
    crossOriginResourcePolicy: { policy: options.corsOrigins.length > 0 ? 'cross-origin' : 'same-origin' },
  })
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers)
    done()
  })

  await registerWithAccess(app, access.open, () =>
    app.register(cors, {
      origin: options.corsOrigins.length > 0 ? options.corsOrigins : false,
      credentials: false,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key', 'x-request-id', 'x-csrf-token'],
      exposedHeaders: [
        'etag',
        'location',
        'retry-after',
        'x-request-id',
        'idempotent-replayed',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
      ],
      maxAge: 600,
    }),
  )
}

export default fp(securityPlugin, { name: 'security', dependencies: ['auth'] })
