import fp from 'fastify-plugin'
import cookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, RouteOptions } from 'fastify'
import type { Database } from '../db/client.js'
import {
  campusReach,
  describeAllow,
  publicPrincipal,
  routeRefusal,
  runInRequestContext,
  validateAccessRule,
  type AccessMode,
  type AccessRule,
  type CampusRef,
  type Principal,
  type RequestContext,
} from '../lib/access.js'
import { AppError } from '../lib/errors.js'
import { apiKeyPattern, sameDigest, sha256 } from '../modules/auth/auth.crypto.js'
import { createAuthRepository, type AuthRepository } from '../modules/auth/auth.repository.js'
import { createCampusLocator } from '../modules/auth/campus-locator.js'

/** Name of the dashboard's session cookie. */
export const sessionCookie = 'trj_session'

/** The session behind a cookie-authenticated request. */
interface RequestSession {
  token: string
  tokenHash: string
  csrfTokenHash: string
  expiresAt: Date
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; the public when no credentials were sent. */
    principal: Principal
    /** The session, when the principal comes from the session cookie. */
    authSession: RequestSession | undefined
    /** Why the credentials sent were refused (answered with 401 before the route runs). */
    authFailure: string | undefined
  }
}

interface AuthOptions {
  db: Database
  cookieSecure: boolean
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const kDefaultAccess = Symbol.for('trajectoires.defaultAccess')

const unauthorized = (detail: string) => new AppError(401, 'unauthorized', detail)
const forbidden = (detail: string) => new AppError(403, 'forbidden', detail)

/**
 * Registers routes of a third-party plugin (docs, static files) with one access rule for all of
 * them, since such plugins cannot be given `config.access` route by route.
 */
export async function registerWithAccess(app: FastifyInstance, rule: AccessRule, register: () => PromiseLike<unknown>) {
  const holder = app as unknown as Record<symbol, AccessRule | undefined>
  const previous = holder[kDefaultAccess]
  holder[kDefaultAccess] = rule
  try {
    await register()
  } finally {
    holder[kDefaultAccess] = previous
  }
}

/** The OpenAPI `security` requirement of a rule: which schemes, and for keys which scopes. */
function securityOf(rule: AccessRule): Array<Record<string, string[]>> {
  if (rule.ignoreCredentials) return []
  if (rule.allow === 'public') return [{}, { session: [] }, { apiKey: [] }]
  if (rule.allow === 'authenticated') return [{ session: [] }, { apiKey: [] }]
  const scopes = rule.allow.filter((a) => a.includes(':'))
  return [{ session: [] }, ...scopes.map((s) => ({ apiKey: [s] }))]
}

/** The sentence each operation's description ends with. */
function accessSentence(rule: AccessRule): string {
  let text: string
  if (rule.ignoreCredentials) text = 'public; credentials are not read.'
  else if (rule.allow === 'public') text = 'public: no credentials needed.'
  else if (rule.allow === 'authenticated') text = 'any staff session or API key.'
  else {
    const roles = ['network_admin', ...rule.allow.filter((a) => !a.includes(':') && a !== 'network_admin')].map((r) =>
      r === 'campus_staff' ? 'campus_staff (their campuses only)' : r,
    )
    const scopes = rule.allow.filter((a) => a.includes(':')).map((s) => `\`${s}\``)
    text = `${roles.join(', ')}${scopes.length ? `; or an API key with ${scopes.join(' or ')} (its campuses only)` : ''}.`
  }
  return `**Access:** ${text}${rule.note ? ` ${rule.note}` : ''}`
}

function routeName(route: RouteOptions): string {
  return `${Array.isArray(route.method) ? route.method.join(',') : route.method} ${route.url}`
}

type CampusLocator = ReturnType<typeof createCampusLocator>

/** The principal of a request sent with `Authorization`, or why its key is refused. */
async function resolveApiKey(repository: AuthRepository, request: FastifyRequest, authorization: string) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
  if (!match) {
    request.authFailure = 'The Authorization header must be `Bearer <API key>`.'
    return
  }
  if (!apiKeyPattern.test(match[1]!)) {
    request.authFailure = 'This is not an API key issued by this server.'
    return
  }
  const key = await repository.apiKeyByHash(sha256(match[1]!))
  if (!key) request.authFailure = 'Unknown API key.'
  else if (key.revokedAt) request.authFailure = `The API key ${key.prefix} was revoked.`
  else if (key.expiresAt && key.expiresAt.getTime() <= Date.now())
    request.authFailure = `The API key ${key.prefix} expired on ${key.expiresAt.toISOString()}.`
  if (!key || request.authFailure) return
  let campusIds: string[] | null = key.campusIds
  if (campusIds.length === 0) {
    campusIds = key.organisationId
      ? await repository.organisationCampuses(key.organisationId, new Date().toISOString().slice(0, 10))
      : null
  }
  request.principal = {
    kind: 'api_key',
    id: key.id,
    prefix: key.prefix,
    organisationId: key.organisationId,
    scopes: key.scopes as Extract<Principal, { kind: 'api_key' }>['scopes'],
    campusIds,
  }
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) await repository.touchApiKey(key.id)
}

/** The principal and session of a request sent with the session cookie, or why the session is refused. */
async function resolveSession(repository: AuthRepository, request: FastifyRequest, reply: FastifyReply, token: string) {
  const tokenHash = sha256(token)
  const found = await repository.sessionWithUser(tokenHash)
  let failure: string | undefined
  if (!found) failure = 'Your session has ended; log in again.'
  else if (found.session.expiresAt.getTime() <= Date.now()) failure = 'Your session has expired; log in again.'
  else if (found.user.disabledAt) failure = 'This account is disabled.'
  if (failure || !found) {
    if (found) await repository.deleteSession(tokenHash)
    reply.clearCookie(sessionCookie, { path: '/' })
    request.authFailure = failure
    return
  }
  const { session, user } = found
  request.principal = {
    kind: 'user',
    id: user.id,
    email: user.email,
    role: user.role as Extract<Principal, { kind: 'user' }>['role'],
    campusIds: user.campusIds,
    sessionId: tokenHash,
  }
  request.authSession = { token, tokenHash, csrfTokenHash: session.csrfTokenHash, expiresAt: session.expiresAt }
  if (Date.now() - session.lastSeenAt.getTime() > 60_000) await repository.touchSession(tokenHash)
}

/** Resolves the principal from the bearer key, else from the session cookie; a request with neither stays public. */
async function resolveCredentials(repository: AuthRepository, request: FastifyRequest, reply: FastifyReply) {
  const authorization = request.headers.authorization
  if (authorization !== undefined) return resolveApiKey(repository, request, authorization)
  const token = request.cookies[sessionCookie]
  if (!token) return
  return resolveSession(repository, request, reply, token)
}

/** Why a request may not reach its route: refused credentials, the route's rule, or a write without the CSRF token. */
function accessRefusal(request: FastifyRequest, rule: AccessRule): AppError | undefined {
  if (request.authFailure) return unauthorized(request.authFailure)
  const refusal = routeRefusal(rule, request.principal)
  if (refusal) return refusal.status === 401 ? unauthorized(refusal.detail) : forbidden(refusal.detail)
  const session = request.authSession
  if (session && unsafeMethods.has(request.method)) {
    const sent = request.headers['x-csrf-token']
    if (typeof sent !== 'string' || !sameDigest(sha256(sent), session.csrfTokenHash)) {
      return forbidden(
        'Missing or wrong x-csrf-token header: send the csrfToken given by POST /api/v1/auth/login or GET /api/v1/auth/session with every write.',
      )
    }
  }
  return undefined
}

/** Every campus a reference names in this request (ids of records are looked up). */
async function campusesNamed(locator: CampusLocator, request: FastifyRequest, ref: CampusRef): Promise<string[]> {
  const [source, field] =
    'param' in ref
      ? [request.params, ref.param]
      : 'query' in ref
        ? [request.query, ref.query]
        : [request.body, ref.body]
  const raw = (source as Record<string, unknown> | undefined)?.[field]
  const ids = (Array.isArray(raw) ? raw : [raw]).filter(
    (v): v is string => typeof v === 'string' && uuidPattern.test(v),
  )
  if (!ref.of || ref.of === 'campus') return ids
  const found = await Promise.all(ids.map((id) => locator.campusOf(ref.of!, id)))
  return found.filter((c): c is string => c !== undefined)
}

/** Refuses (403) a request that names a campus outside the principal's reach, as the rule's `campus` says. */
async function checkCampuses(locator: CampusLocator, request: FastifyRequest, rule: AccessRule) {
  const mode: AccessMode = request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write'
  const reach = campusReach(request.principal, mode)
  if (reach === 'all') return
  const refs = (Array.isArray(rule.campus) ? rule.campus : [rule.campus]) as CampusRef[]
  for (const ref of refs) {
    for (const campusId of await campusesNamed(locator, request, ref)) {
      if (!reach.includes(campusId)) {
        throw forbidden(
          `You may not ${mode === 'read' ? 'read' : 'change'} the records of campus ${campusId}; this needs ${describeAllow(rule)} for that campus.`,
        )
      }
    }
  }
}

/**
 * Access control: resolves the principal of every request from the session cookie or the
 * bearer key, refuses bad credentials (401), enforces each route's `config.access` (401, 403,
 * CSRF) and its campus checks, and refuses at startup any route that declares no access.
 */
async function authPlugin(app: FastifyInstance, options: AuthOptions) {
  const { db } = options
  const repository = createAuthRepository(db)
  const locator = createCampusLocator(db)

  await app.register(cookie)
  app.decorateRequest('principal', null as never)
  app.decorateRequest('authSession', undefined)
  app.decorateRequest('authFailure', undefined)

  const documented = new WeakSet<object>()
  app.addHook('onRoute', function (route) {
    const rule = route.config?.access ?? (this as unknown as Record<symbol, AccessRule | undefined>)[kDefaultAccess]
    if (!rule) {
      throw new Error(
        `Route ${routeName(route)} declares no access. Add \`config: { access: ... }\` (see \`access\` in services/api/src/lib/access.ts and docs/security.md), e.g. \`config: { access: access.readRecords({ param: 'id', of: 'cohort' }) }\`.`,
      )
    }
    validateAccessRule(rule, `Route ${routeName(route)}`)
    route.config = { ...route.config, access: rule }
    const schema = route.schema as (FastifySchema & { hide?: boolean; security?: unknown }) | undefined
    if (schema && !schema.hide && !documented.has(schema)) {
      documented.add(schema)
      schema.security = securityOf(rule)
      schema.description = [schema.description, accessSentence(rule)].filter(Boolean).join('\n\n')
    }
  })

  // Hooks that usually need no database are written with `done`, so that a request without
  // credentials (the public) goes through them without a promise.
  app.addHook('onRequest', (request, reply, done) => {
    request.principal = publicPrincipal
    const rule = request.routeOptions.config?.access
    if (!rule || rule.ignoreCredentials) return done()
    if (request.headers.authorization === undefined && request.cookies[sessionCookie] === undefined) return done()
    resolveCredentials(repository, request, reply).then(() => {
      // Each later line of the request's log (its completion included) names who called.
      const who = request.principal
      if (who.kind !== 'public') {
        request.log = request.log.child(who.kind === 'user' ? { userId: who.id } : { apiKeyId: who.id })
        reply.log = request.log
      }
      done()
    }, done)
  })

  app.addHook('preValidation', (request, _reply, done) => {
    const rule = request.routeOptions.config?.access
    if (!rule || rule.ignoreCredentials) return done()
    const refusal = accessRefusal(request, rule)
    return refusal ? done(refusal) : done()
  })

  // An answer that needed credentials is for its caller alone: never stored by a browser or a
  // shared cache. Routes open to the public keep their own caching headers; where they look at
  // credentials their answer may differ by caller, which `Vary` tells caches.
  app.addHook('onSend', (request, reply, payload, done) => {
    const rule = request.routeOptions.config?.access
    if (!rule || rule.ignoreCredentials) return done(null, payload)
    if (rule.allow !== 'public') reply.header('cache-control', 'no-store')
    const vary = new Set(
      String(reply.getHeader('vary') ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    vary.add('Cookie')
    vary.add('Authorization')
    reply.header('vary', [...vary].join(', '))
    done(null, payload)
  })

  app.addHook('preHandler', (request, reply, done) => {
    const rule = request.routeOptions.config?.access
    const context: RequestContext = { principal: request.principal, requestId: String(request.id), ip: request.ip }
    // The rest of a write runs inside its context, for the audit trail and services.
    const next = () => runInRequestContext(unsafeMethods.has(request.method), context, reply.raw, done)
    if (!rule?.campus || rule.ignoreCredentials) return next()
    checkCampuses(locator, request, rule).then(next, (err: Error) => done(err))
  })
}

export default fp(authPlugin, { name: 'auth', dependencies: ['errors'] })
