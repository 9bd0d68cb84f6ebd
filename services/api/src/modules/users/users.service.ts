import type {
  PageOf,
  StaffRole,
  User,
  UserCreate,
  UserCreated,
  UserListQuery,
  UserUpdate,
} from '@trajectoires/contract'
import type { Database, Transaction } from '../../db/client.js'
import { Conflict, Invalid, NotFound, PreconditionFailed } from '../../lib/errors.js'
import { matchVersion, type IfMatch } from '../../lib/http.js'
import { listPage } from '../../lib/pagination.js'
import { currentPrincipal } from '../../lib/access.js'
import { changesOf, recordAudit } from '../audit/audit.service.js'
import { versionedResource } from '../audit/versioned-write.js'
import { generatePassword, hashPassword } from '../auth/auth.crypto.js'
import { assertStrongPassword } from '../../lib/password-strength.js'
import { userSortSpecs, type UserRow, type UsersRepository } from './users.repository.js'
import { nameOf } from '../../lib/text.js'

/** The account as the API shows it: never its password hash. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role as StaffRole,
    campusIds: row.campusIds,
    disabled: row.disabledAt !== null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    passwordChangedAt: row.passwordChangedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase()

export function createUsersService(deps: { db: Database; users: UsersRepository; passwordHashCost: number }) {
  const { db, users, passwordHashCost } = deps
  // Accounts are disabled, never deleted; their updates lock the administrators and are written below.
  const { get, create } = versionedResource({
    resource: 'User',
    resourceType: 'user',
    read: users.get,
    toEntity: toUser,
    db,
    rows: users,
  })

  /** Campus staff work for at least one existing campus; network roles for none in particular. */
  async function checkCampuses(role: StaffRole, campusIds: readonly string[], tx: Transaction) {
    if (role === 'campus_staff' && campusIds.length === 0) {
      throw Invalid([{ field: '/campusIds', code: 'campuses', message: 'campus_staff needs at least one campus' }])
    }
    if (role !== 'campus_staff' && campusIds.length > 0) {
      throw Invalid([
        { field: '/campusIds', code: 'campuses', message: `${role} reaches every campus: give no campusIds` },
      ])
    }
    const known = await users.existingCampusIds(campusIds, tx)
    const missing = campusIds.filter((id) => !known.has(id))
    if (missing.length > 0) {
      throw Invalid([{ field: '/campusIds', code: 'exists', message: `campus ${missing.join(', ')} does not exist` }])
    }
  }

  return {
    async list(query: UserListQuery): Promise<PageOf<User>> {
      return listPage(
        query,
        userSortSpecs,
        'email',
        (page) =>
          users.list({
            role: query.role,
            campusId: query.campusId,
            disabled: query.disabled,
            search: query.q,
            ...page,
          }),
        toUser,
      )
    },

    get,

    /** Creates an account; without a password, one is generated and returned this once. */
    async create(input: UserCreate, hashed?: Promise<string>): Promise<UserCreated> {
      const initialPassword = input.password ? null : generatePassword()
      if (input.password && !hashed)
        await assertStrongPassword(input.password, '/password', [input.email, input.displayName])
      // `hashed`: the password's hash, started earlier by a caller that had time to spare.
      const passwordHash = await (hashed ?? hashPassword(input.password ?? initialPassword!, passwordHashCost))
      const email = normaliseEmail(input.email)
      const campusIds = [...(input.campusIds ?? [])]
      const user = await create(async (tx) => {
        await checkCampuses(input.role, campusIds, tx)
        if (await users.findByEmail(email, tx)) {
          throw Conflict(`An account with the e-mail ${email} exists already.`, 'duplicate')
        }
        return {
          email,
          displayName: nameOf(input.displayName, '/displayName'),
          passwordHash,
          role: input.role,
          campusIds,
        }
      })
      return { ...user, initialPassword }
    },

    async update(id: string, ifMatch: IfMatch, input: UserUpdate): Promise<User> {
      if (input.password) await assertStrongPassword(input.password, '/password', [input.displayName ?? ''])
      const passwordHash = input.password ? await hashPassword(input.password, passwordHashCost) : undefined
      const principal = currentPrincipal()
      return db.transaction(async (tx) => {
        const admins = await users.lockActiveAdmins(tx)
        const current = await users.getForUpdate(id, tx)
        if (!current) throw NotFound('User', id)
        const expectedVersion = matchVersion(ifMatch, current.version)
        const role = input.role ?? (current.role as StaffRole)
        const campusIds = input.campusIds
          ? [...input.campusIds]
          : input.role && input.role !== 'campus_staff'
            ? []
            : current.campusIds
        if (input.role !== undefined || input.campusIds !== undefined) await checkCampuses(role, campusIds, tx)
        const disabled = input.disabled ?? current.disabledAt !== null
        if (input.disabled && principal.kind === 'user' && principal.id === id) {
          throw Conflict('You cannot disable your own account; ask another administrator.')
        }
        const remainsAdmin = role === 'network_admin' && !disabled
        if (admins.includes(id) && !remainsAdmin && admins.length <= 1) {
          throw Conflict('This is the last active network_admin: make another administrator first.')
        }
        const row = await users.update(
          id,
          expectedVersion,
          {
            ...(input.displayName !== undefined ? { displayName: nameOf(input.displayName, '/displayName') } : {}),
            role,
            campusIds,
            ...(input.disabled !== undefined
              ? { disabledAt: input.disabled ? (current.disabledAt ?? new Date()) : null }
              : {}),
            ...(passwordHash ? { passwordHash, passwordChangedAt: new Date() } : {}),
          },
          tx,
        )
        if (!row) throw PreconditionFailed(current.version + 1)
        // A disabled account, or one whose password an administrator reset, is logged out everywhere.
        if (input.disabled || passwordHash) await users.closeSessions(id, tx)
        const before = toUser(current)
        const after = toUser(row)
        const changes = changesOf(before, after)
        await recordAudit(tx, {
          action: input.disabled === true && !current.disabledAt ? 'disable' : 'update',
          resourceType: 'user',
          resourceId: id,
          changes: passwordHash ? { ...changes, password: 'reset' } : changes,
        })
        return after
      })
    },
  }
}

export type UsersService = ReturnType<typeof createUsersService>
