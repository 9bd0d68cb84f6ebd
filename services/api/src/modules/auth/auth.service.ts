import type { AuthSession, PasswordChange, PrincipalView } from '@trajectoires/contract'
import type { Database } from '../../db/client.js'
import type { Principal } from '../../lib/access.js'
import { AppError, Conflict, Invalid } from '../../lib/errors.js'
import { assertStrongPassword } from '../../lib/password-strength.js'
import { TooManyRequests, type RateLimiter } from '../../plugins/rate-limit.js'
import { recordAudit } from '../audit/audit.service.js'
import { toApiKey } from '../api-keys/api-keys.service.js'
import type { ApiKeysRepository } from '../api-keys/api-keys.repository.js'
import { normaliseEmail, toUser } from '../users/users.service.js'
import { csrfTokenFor, decoyHash, hashPassword, newSessionToken, sha256, verifyPassword } from './auth.crypto.js'
import type { AuthRepository } from './auth.repository.js'

interface AuthSettings {
  sessionTtlHours: number
  passwordHashCost: number
  loginMax: number
  /** Failures on one account from one address before that address is refused for it. */
  loginFailuresMax: number
  /** Failures on one account from every address before addresses it has no session from are refused. */
  loginAccountFailuresMax: number
  loginWindowSeconds: number
}

const wrongCredentials = () => new AppError(401, 'unauthorized', 'The e-mail or the password is wrong.')
const noSession: AuthSession = { authenticated: false, user: null, csrfToken: null, expiresAt: null }

interface AuthDeps {
  db: Database
  auth: AuthRepository
  apiKeys: ApiKeysRepository
  limiter: RateLimiter
  settings: AuthSettings
}

/** The throttling of failed logins (and failed password changes). */
function createLoginThrottle({ auth, limiter, settings }: Pick<AuthDeps, 'auth' | 'limiter' | 'settings'>) {
  // Failures are counted per account and address (OWASP): an attacker's wrong passwords lock the
  // account for the attacker's address, not for its owner elsewhere. A count per account over every
  // address, much higher, stops guessing spread over many addresses; it spares the addresses the
  // account has a session open from.
  const pairKey = (email: string, ip: string) => `login-fail:${email}:${ip}`
  const accountKey = (email: string) => `login-fail:${email}`

  /** Refuses while this address, or every address but the account's own, failed too often. */
  async function refuseIfThrottled(email: string, ip: string, user: { id: string } | undefined) {
    if (!limiter.enabled) return
    const pair = await limiter.store.peek(pairKey(email, ip), settings.loginWindowSeconds)
    if (pair.count >= settings.loginFailuresMax) {
      throw new TooManyRequests(
        `Too many failed logins on this account from your address: try again in ${pair.resetInSeconds} s, or ask an administrator to reset the password.`,
        pair.resetInSeconds,
      )
    }
    const account = await limiter.store.peek(accountKey(email), settings.loginWindowSeconds)
    if (account.count >= settings.loginAccountFailuresMax && !(user && (await auth.hasSessionFrom(user.id, ip)))) {
      throw new TooManyRequests(
        `Too many failed logins on this account: try again in ${account.resetInSeconds} s, or ask an administrator to reset the password.`,
        account.resetInSeconds,
      )
    }
  }

  async function countFailure(email: string, ip: string) {
    if (!limiter.enabled) return
    await limiter.store.hit(pairKey(email, ip), settings.loginWindowSeconds)
    await limiter.store.hit(accountKey(email), settings.loginWindowSeconds)
  }

  return {
    refuseIfThrottled,
    countFailure,
    /** A login that succeeds forgets this address's failures on the account. */
    async succeeded(email: string, ip: string) {
      if (limiter.enabled) await limiter.store.reset(pairKey(email, ip))
    },
  }
}

/** Logins, sessions, password changes; the throttling of failed logins. */
export function createAuthService(deps: AuthDeps) {
  const { db, auth, apiKeys, limiter, settings } = deps
  const { refuseIfThrottled, countFailure, succeeded } = createLoginThrottle(deps)

  return {
    /** Checks the password and opens a session; the token goes in the cookie, never in the body. */
    async login(
      input: { email: string; password: string },
      meta: { ip: string; userAgent: string | undefined },
    ): Promise<{ token: string; session: AuthSession; expiresAt: Date }> {
      await limiter.consume(`login-ip:${meta.ip}`, settings.loginMax, settings.loginWindowSeconds)
      const email = normaliseEmail(input.email)
      const user = await auth.userByEmail(email)
      await refuseIfThrottled(email, meta.ip, user)
      // The same work whether the account exists or not, so that timing does not tell.
      const ok = await verifyPassword(
        input.password,
        user?.passwordHash ?? (await decoyHash(settings.passwordHashCost)),
      )
      if (!user || !ok || user.disabledAt) {
        await countFailure(email, meta.ip)
        if (user) {
          await recordAudit(db, {
            action: 'login_failed',
            resourceType: 'user',
            resourceId: user.id,
            actor: { type: 'anonymous', id: null, label: null },
            changes: { reason: !ok ? 'wrong_password' : 'disabled' },
          })
        }
        throw wrongCredentials()
      }
      await succeeded(email, meta.ip)
      const token = newSessionToken()
      const expiresAt = new Date(Date.now() + settings.sessionTtlHours * 3600_000)
      await db.transaction(async (tx) => {
        await auth.deleteExpiredSessions(tx)
        await auth.insertSession(
          {
            tokenHash: sha256(token),
            userId: user.id,
            csrfTokenHash: sha256(csrfTokenFor(token)),
            expiresAt,
            ip: meta.ip,
            userAgent: meta.userAgent?.slice(0, 500) ?? null,
          },
          tx,
        )
        await recordAudit(tx, {
          action: 'login',
          resourceType: 'user',
          resourceId: user.id,
          actor: { type: 'user', id: user.id, label: user.email },
        })
      })
      return {
        token,
        expiresAt,
        session: {
          authenticated: true,
          user: toUser(user),
          csrfToken: csrfTokenFor(token),
          expiresAt: expiresAt.toISOString(),
        },
      }
    },

    async logout(session: { tokenHash: string } | undefined, principal: Principal): Promise<void> {
      if (!session || principal.kind !== 'user') return
      await db.transaction(async (tx) => {
        if (await auth.deleteSession(session.tokenHash, tx)) {
          await recordAudit(tx, { action: 'logout', resourceType: 'user', resourceId: principal.id })
        }
      })
    },

    /** The caller's session and its CSRF token, or `authenticated: false`. */
    async session(session: { token: string; expiresAt: Date } | undefined, principal: Principal): Promise<AuthSession> {
      if (!session || principal.kind !== 'user') return noSession
      const user = await auth.userByEmail(principal.email)
      if (!user) return noSession
      return {
        authenticated: true,
        user: toUser(user),
        csrfToken: csrfTokenFor(session.token),
        expiresAt: session.expiresAt.toISOString(),
      }
    },

    async me(principal: Principal): Promise<PrincipalView> {
      if (principal.kind === 'user') {
        const user = await auth.userByEmail(principal.email)
        return {
          kind: 'user',
          user: user ? toUser(user) : null,
          apiKey: null,
          campusIds: principal.role === 'campus_staff' ? [...principal.campusIds] : null,
        }
      }
      if (principal.kind === 'api_key') {
        const key = await apiKeys.get(principal.id)
        return {
          kind: 'api_key',
          user: null,
          apiKey: key ? toApiKey(key) : null,
          campusIds: principal.campusIds ? [...principal.campusIds] : null,
        }
      }
      throw new AppError(401, 'unauthorized', 'No credentials were sent.')
    },

    /** Changes the caller's password; the account's other sessions are closed. */
    async changePassword(
      principal: Principal,
      sessionId: string | undefined,
      input: PasswordChange,
      ip: string,
    ): Promise<void> {
      if (principal.kind !== 'user') throw new AppError(403, 'forbidden', 'Only staff accounts have a password.')
      const user = await auth.userByEmail(principal.email)
      await refuseIfThrottled(principal.email, ip, user)
      if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
        await countFailure(principal.email, ip)
        throw Invalid([{ field: '/currentPassword', code: 'password', message: 'is not the current password' }])
      }
      if (input.newPassword === input.currentPassword) {
        throw Invalid([{ field: '/newPassword', code: 'password', message: 'must differ from the current password' }])
      }
      await assertStrongPassword(input.newPassword, '/newPassword', [principal.email])
      const passwordHash = await hashPassword(input.newPassword, settings.passwordHashCost)
      await db.transaction(async (tx) => {
        // The password was checked against the account as read: a reset or a disabling since then wins.
        if (!(await auth.updatePassword(user.id, user.version, passwordHash, tx))) {
          throw Conflict('Your account was changed while your password was being changed: log in again and retry.')
        }
        const closed = await auth.deleteUserSessions(user.id, sessionId, tx)
        await recordAudit(tx, {
          action: 'password_change',
          resourceType: 'user',
          resourceId: user.id,
          changes: { otherSessionsClosed: closed },
        })
      })
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>
