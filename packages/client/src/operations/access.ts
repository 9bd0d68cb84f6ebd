import type { AuthSession } from '@trajectoires/contract'
import type { CallOptions, CreateOptions, ETag, Transport } from '../http.js'
import type { Body, OperationCalls, Query } from '../routes.js'

/** Sessions (login, logout, CSRF token), staff accounts, API keys and the audit trail. */
export function accessOperations(c: OperationCalls, t: Pick<Transport, 'csrfToken' | 'setCsrfToken'>) {
  const remember = (session: AuthSession) => {
    t.setCsrfToken(session.authenticated ? session.csrfToken : null)
    return session
  }
  return {
    /**
     * Opens a cookie session (browsers). The client remembers the CSRF token of the answer and
     * sends it as `x-csrf-token` on every later write.
     */
    login: async (body: Body<'login'>, opts?: CallOptions) => remember(await c.post('login', { body }, opts)),
    /** Ends the session and forgets the CSRF token. */
    logout: async (opts?: CallOptions) => {
      await c.post('logout', {}, opts)
      t.setCsrfToken(null)
    },
    /** The current session (authenticated or not); remembers its CSRF token, e.g. after a page reload. */
    getSession: async (opts?: CallOptions) => remember(await c.get('getSession', {}, opts)),
    /** Who the API takes the caller to be: a user, an API key or the public. */
    getPrincipal: (opts?: CallOptions) => c.get('getPrincipal', {}, opts),
    changePassword: async (body: Body<'changePassword'>, opts?: CallOptions) => {
      await c.post('changePassword', { body }, opts)
    },
    /** The CSRF token the client sends on writes (null when none is known). */
    csrfToken: () => t.csrfToken(),

    listUsers: (query: Query<'listUsers'> = {}, opts?: CallOptions) => c.get('listUsers', { query }, opts),
    getUser: (userId: string, opts?: CallOptions) => c.getVersioned('getUser', { path: { id: userId } }, opts),
    /** Creates an account; the answer carries its first password once. */
    createUser: (body: Body<'createUser'>, opts?: CreateOptions) => c.create('createUser', { body }, opts),
    updateUser: (userId: string, body: Body<'updateUser'>, etag: ETag, opts?: CallOptions) =>
      c.update('updateUser', { path: { id: userId }, body }, etag, opts),

    listApiKeys: (query: Query<'listApiKeys'> = {}, opts?: CallOptions) => c.get('listApiKeys', { query }, opts),
    getApiKey: (apiKeyId: string, opts?: CallOptions) => c.getVersioned('getApiKey', { path: { id: apiKeyId } }, opts),
    /** Creates a key; `data.key` (the secret) is shown in this answer only. */
    createApiKey: (body: Body<'createApiKey'>, opts?: CreateOptions) => c.create('createApiKey', { body }, opts),
    revokeApiKey: (apiKeyId: string, opts?: CallOptions) => c.post('revokeApiKey', { path: { id: apiKeyId } }, opts),

    listAuditEvents: (query: Query<'listAuditEvents'> = {}, opts?: CallOptions) =>
      c.get('listAuditEvents', { query }, opts),
  }
}
