import { AsyncLocalStorage } from 'node:async_hooks'
import { apiScopes, staffRoles, type ApiScope, type StaffRole } from '@trajectoires/contract'
import { AppError } from './errors.js'

export type { ApiScope }

/** Who is calling: resolved once per request from the session cookie or the bearer key. */
export type Principal =
  | { kind: 'public' }
  | {
      kind: 'user'
      id: string
      email: string
      role: StaffRole
      /** Campuses of a `campus_staff` member; ignored for network roles. */
      campusIds: readonly string[]
      /** SHA-256 of the session token: identifies the session without holding it. */
      sessionId: string
    }
  | {
      kind: 'api_key'
      id: string
      prefix: string
      organisationId: string | null
      scopes: readonly ApiScope[]
      /** Campuses the key reaches; null: every campus (a network script's key). */
      campusIds: readonly string[] | null
    }

export const publicPrincipal: Principal = Object.freeze({ kind: 'public' })

/** Records whose campus the access checks can look up from their id. */
const campusResources = ['campus', 'cohort', 'learner', 'enrolment', 'observation', 'internship'] as const
export type CampusResource = (typeof campusResources)[number]

/**
 * Where a request names the campus it acts on: a path parameter, a query parameter or a body
 * field holding a campus id, or the id of a record (`of`) whose campus is looked up.
 */
export type CampusRef =
  | { param: string; of?: CampusResource }
  | { query: string; of?: CampusResource }
  | { body: string; of?: CampusResource }

/**
 * The access declaration every route carries in `config.access`.
 *
 * - `allow: 'public'`: anyone; credentials, when sent, are still checked (a bad key is a 401).
 * - `allow: 'authenticated'`: any staff session or valid API key.
 * - `allow: [...]`: these staff roles and these API-key scopes (any one suffices);
 *   `network_admin` is always allowed.
 * - `campus`: the campus(es) the request acts on; callers bound to campuses must hold each one,
 *   for reading on GET and HEAD, for writing otherwise (403 `forbidden`).
 * - `ignoreCredentials`: the route never looks at credentials (static files, docs, login).
 */
export interface AccessRule {
  allow: 'public' | 'authenticated' | readonly (StaffRole | ApiScope)[]
  campus?: CampusRef | readonly CampusRef[]
  ignoreCredentials?: boolean
  /** A sentence added to the operation's description in the OpenAPI document. */
  note?: string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route: see `AccessRule` in lib/access.ts. Required on every route. */
    access?: AccessRule
    /** `false`: the idempotency plugin leaves this POST alone (answers holding secrets, streamed bodies). */
    idempotency?: boolean
  }
}

const recordReaders = ['network_staff', 'campus_staff', 'records:read'] as const

/** Ready-made declarations: one line per route. */
export const access = {
  /** Anyone, including callers without credentials. */
  public: { allow: 'public' } as AccessRule,
  /** Files, docs and probes: credentials are not even looked at. */
  open: { allow: 'public', ignoreCredentials: true } as AccessRule,
  /** Any staff session or API key. */
  authenticated: { allow: 'authenticated' } as AccessRule,
  /** Network administrators only. */
  admin: { allow: ['network_admin'] } as AccessRule,
  /** Staff accounts only (any role), not API keys. */
  staff: { allow: staffRoles } as AccessRule,
  /** Learner-level records: network staff, campus staff and `records:read` keys, within their campuses. */
  readRecords: (campus?: CampusRef | readonly CampusRef[]): AccessRule => ({
    allow: recordReaders,
    ...(campus ? { campus } : {}),
  }),
  /** Writes to learner-level records: campus staff of the campus, and keys with `scope` for it. */
  writeRecords: (
    campus: CampusRef | readonly CampusRef[] | undefined,
    scope?: 'enrolments:write' | 'outcomes:write',
  ): AccessRule => ({
    allow: scope ? ['campus_staff', scope] : ['campus_staff'],
    ...(campus ? { campus } : {}),
  }),
  /** Statistics: public (suppressed); network staff see them unsuppressed (`seesUnsuppressedStatistics`). */
  statistics: {
    allow: 'public',
    note: 'Small numbers are suppressed except for network staff and administrators.',
  } as AccessRule,
} as const

const roleSet = new Set<string>(staffRoles)
const scopeSet = new Set<string>(apiScopes)
const resourceSet = new Set<string>(campusResources)

/** Throws when a declaration names an unknown role, scope or resource (checked at startup). */
export function validateAccessRule(rule: AccessRule, where: string): void {
  const fail = (why: string) => {
    throw new Error(`${where}: invalid config.access (${why}). See docs/security.md.`)
  }
  if (typeof rule !== 'object' || rule === null) fail('not an object')
  if (rule.allow !== 'public' && rule.allow !== 'authenticated') {
    if (!Array.isArray(rule.allow)) fail('allow must be "public", "authenticated" or a list of roles and scopes')
    for (const who of rule.allow) if (!roleSet.has(who) && !scopeSet.has(who)) fail(`unknown role or scope ${who}`)
  }
  const refs = rule.campus === undefined ? [] : Array.isArray(rule.campus) ? rule.campus : [rule.campus]
  for (const ref of refs as CampusRef[]) {
    const sources = ['param', 'query', 'body'].filter((k) => k in ref)
    if (sources.length !== 1) fail('a campus reference names exactly one of param, query or body')
    if (ref.of !== undefined && !resourceSet.has(ref.of)) fail(`unknown resource ${ref.of}`)
  }
  if (rule.campus !== undefined && (rule.allow === 'public' || rule.allow === 'authenticated'))
    fail('campus checks go with a list of roles and scopes')
}

export type AccessMode = 'read' | 'write'

/**
 * The campuses a principal reaches: `'all'`, or a list (possibly empty).
 * Network staff read every campus and write none; administrators do everything.
 */
export function campusReach(principal: Principal, mode: AccessMode): 'all' | readonly string[] {
  switch (principal.kind) {
    case 'public':
      return []
    case 'user':
      if (principal.role === 'network_admin') return 'all'
      if (principal.role === 'network_staff') return mode === 'read' ? 'all' : []
      return principal.campusIds
    case 'api_key':
      return principal.campusIds ?? 'all'
  }
}

/** Whether the principal may read (or write) the records of this campus. */
export function canAccessCampus(principal: Principal, campusId: string, mode: AccessMode): boolean {
  const reach = campusReach(principal, mode)
  return reach === 'all' || reach.includes(campusId)
}

/** Throws 403 unless the principal may read (or write) the records of this campus. For services. */
export function assertCampusAccess(principal: Principal, campusId: string, mode: AccessMode): void {
  if (!canAccessCampus(principal, campusId, mode)) {
    throw new AppError(
      403,
      'forbidden',
      `You may not ${mode === 'read' ? 'read' : 'change'} the records of campus ${campusId}.`,
    )
  }
}

/**
 * For list queries: the campus ids to restrict results to, or undefined for every campus.
 * `[]` means nothing at all is visible. Services add `campus_id = any(...)` when it is a list.
 */
export function campusFilter(principal: Principal, mode: AccessMode = 'read'): readonly string[] | undefined {
  const reach = campusReach(principal, mode)
  return reach === 'all' ? undefined : reach
}

/** Network staff and administrators see statistics without small-number suppression. */
export function seesUnsuppressedStatistics(principal: Principal): boolean {
  return principal.kind === 'user' && (principal.role === 'network_admin' || principal.role === 'network_staff')
}

export function hasScope(principal: Principal, scope: ApiScope): boolean {
  return principal.kind === 'api_key' && principal.scopes.includes(scope)
}

/** The route-level decision: undefined when allowed, else the status and reason to refuse with. */
export function routeRefusal(
  rule: AccessRule,
  principal: Principal,
): { status: 401 | 403; detail: string } | undefined {
  if (rule.allow === 'public') return undefined
  if (principal.kind === 'public') {
    return {
      status: 401,
      detail: 'This needs credentials: log in to the dashboard, or send an API key as `Authorization: Bearer <key>`.',
    }
  }
  if (rule.allow === 'authenticated') return undefined
  const allowed = rule.allow
  if (principal.kind === 'user') {
    if (principal.role === 'network_admin' || allowed.includes(principal.role)) return undefined
    return { status: 403, detail: `Your role (${principal.role}) may not do this; it needs ${describeAllow(rule)}.` }
  }
  if (principal.scopes.some((s) => allowed.includes(s))) return undefined
  return { status: 403, detail: `This API key lacks the scope for this; it needs ${describeAllow(rule)}.` }
}

/** "network_admin, campus_staff or an API key with `outcomes:write`", for messages and docs. */
export function describeAllow(rule: AccessRule): string {
  if (rule.allow === 'public') return 'no credentials'
  if (rule.allow === 'authenticated') return 'any staff session or API key'
  const roles = ['network_admin', ...rule.allow.filter((a) => roleSet.has(a) && a !== 'network_admin')]
  const scopes = rule.allow.filter((a) => scopeSet.has(a)).map((s) => `\`${s}\``)
  const parts = [roles.join(', ')]
  if (scopes.length > 0) parts.push(`an API key with ${scopes.join(' or ')}`)
  return parts.join(' or ')
}

/** The current request, for code far from the route (the audit trail, import handlers). */
export interface RequestContext {
  principal: Principal
  requestId: string
  ip: string | undefined
}

export const requestContext = new AsyncLocalStorage<RequestContext>()

let writesInContext = 0

/**
 * Runs the rest of a write request inside its context, and reads outside any. On Node 20 an
 * AsyncLocalStorage in use turns on async hooks for the whole process, which then cost every
 * promise and tick of every request, a read or not (about a tenth of a cached public answer's CPU:
 * docs/benchmarks.md, "The protected public release"). Reads never record anything in the audit
 * trail and no read asks for the current principal, so the storage is used only while a write is
 * in flight and set aside once the last one has answered (`disable()` turns the hooks off again; the
 * next write turns them on). Code reached from a read that asked anyway would see the public, with
 * the public's rights: it fails closed.
 */
export function runInRequestContext(
  writes: boolean,
  context: RequestContext,
  response: { once(event: 'close', listener: () => void): unknown },
  next: () => void,
): void {
  if (!writes) return next()
  writesInContext++
  response.once('close', () => {
    if (--writesInContext === 0) requestContext.disable()
  })
  requestContext.run(context, next)
}

/** The principal of the request being served, or the public outside any request. */
export function currentPrincipal(): Principal {
  return requestContext.getStore()?.principal ?? publicPrincipal
}
