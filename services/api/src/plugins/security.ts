import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import { access } from '../lib/access.js'
import { registerWithAccess } from './auth.js'

export interface SecurityOptions {
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
async function securityPlugin(app: FastifyInstance, options: SecurityOptions) {
  await app.register(helmet, {
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
