import type {
  ApiKey,
  ApiKeyCreate,
  ApiKeyCreated,
  ApiKeyListQuery,
  AuditEvent,
  AuditEventListQuery,
  AuthSession,
  LoginRequest,
  PageOf,
  PasswordChange,
  PrincipalView,
  User,
  UserCreate,
  UserCreated,
  UserListQuery,
  UserUpdate,
} from '@trajectoires/contract'
import { apiPrefix, id, type CallOptions, type CreateOptions, type ETag, type Transport } from '../http.js'

/** Sessions (login, logout, CSRF token), staff accounts, API keys and the audit trail. */
export function accessOperations(t: Transport) {
  const remember = (session: AuthSession) => {
    t.setCsrfToken(session.authenticated ? session.csrfToken : null)
    return session
  }
  return {
    /**
     * Opens a cookie session (browsers). The client remembers the CSRF token of the answer and
     * sends it as `x-csrf-token` on every later write.
     */
    login: async (body: LoginRequest, opts?: CallOptions) =>
      remember(await t.post<AuthSession>(`${apiPrefix}/auth/login`, body, opts)),
    /** Ends the session and forgets the CSRF token. */
    logout: async (opts?: CallOptions) => {
      await t.post<void>(`${apiPrefix}/auth/logout`, undefined, opts)
      t.setCsrfToken(null)
    },
    /** The current session (authenticated or not); remembers its CSRF token, e.g. after a page reload. */
    getSession: async (opts?: CallOptions) =>
      remember(await t.get<AuthSession>(`${apiPrefix}/auth/session`, undefined, opts)),
    /** Who the API takes the caller to be: a user, an API key or the public. */
    getPrincipal: (opts?: CallOptions) => t.get<PrincipalView>(`${apiPrefix}/auth/me`, undefined, opts),
    changePassword: async (body: PasswordChange, opts?: CallOptions) => {
      await t.post<void>(`${apiPrefix}/auth/password`, body, opts)
    },
    /** The CSRF token the client sends on writes (null when none is known). */
    csrfToken: () => t.csrfToken(),

    listUsers: (query: UserListQuery = {}, opts?: CallOptions) =>
      t.get<PageOf<User>>(`${apiPrefix}/users`, query, opts),
    getUser: (userId: string, opts?: CallOptions) => t.getVersioned<User>(`${apiPrefix}/users/${id(userId)}`, opts),
    /** Creates an account; the answer carries its first password once. */
    createUser: (body: UserCreate, opts?: CreateOptions) => t.create<UserCreated>(`${apiPrefix}/users`, body, opts),
    updateUser: (userId: string, body: UserUpdate, etag: ETag, opts?: CallOptions) =>
      t.update<User>(`${apiPrefix}/users/${id(userId)}`, body, etag, opts),

    listApiKeys: (query: ApiKeyListQuery = {}, opts?: CallOptions) =>
      t.get<PageOf<ApiKey>>(`${apiPrefix}/api-keys`, query, opts),
    getApiKey: (apiKeyId: string, opts?: CallOptions) =>
      t.getVersioned<ApiKey>(`${apiPrefix}/api-keys/${id(apiKeyId)}`, opts),
    /** Creates a key; `data.key` (the secret) is shown in this answer only. */
    createApiKey: (body: ApiKeyCreate, opts?: CreateOptions) =>
      t.create<ApiKeyCreated>(`${apiPrefix}/api-keys`, body, opts),
    revokeApiKey: (apiKeyId: string, opts?: CallOptions) =>
      t.post<ApiKey>(`${apiPrefix}/api-keys/${id(apiKeyId)}/revoke`, undefined, opts),

    listAuditEvents: (query: AuditEventListQuery = {}, opts?: CallOptions) =>
      t.get<PageOf<AuditEvent>>(`${apiPrefix}/audit-events`, query, opts),
  }
}
