import type { Database } from '../../db/client.js'
import { AppError } from '../../lib/errors.js'
import { generatePassword, hashPassword } from '../auth/auth.crypto.js'
import { assertStrongPassword } from '../../lib/password-strength.js'
import { createUsersRepository } from './users.repository.js'
import { createUsersService } from './users.service.js'

export const demoAdminEmail = 'admin@demo.trajectoires.local'

/**
 * Creates a network administrator (audited as `system`). Without a password, one is generated;
 * either way the password is returned so that the caller can show it once.
 */
export async function createAdministrator(
  db: Database,
  init: {
    email: string
    displayName: string
    password?: string | undefined
    passwordHashCost: number
    /** The password and its hash, computed ahead (the demo hashes while the seed loads). */
    prepared?: { password: string; hash: Promise<string> } | undefined
  },
): Promise<{ id: string; email: string; password: string }> {
  const password = init.prepared?.password ?? (init.password || generatePassword())
  if (password.length < 12) throw new AppError(400, 'validation_failed', 'The password needs 12 characters or more.')
  if (init.password && !init.prepared) {
    try {
      await assertStrongPassword(password, '/password', [init.email, init.displayName])
    } catch {
      throw new AppError(
        400,
        'validation_failed',
        'The password is too easy to guess (a common word, name, date, repetition or keyboard sequence): use a passphrase of several unrelated words, or leave it out to have one generated.',
      )
    }
  }
  const service = createUsersService({ db, users: createUsersRepository(db), passwordHashCost: init.passwordHashCost })
  const user = await service.create(
    { email: init.email, displayName: init.displayName, role: 'network_admin', password },
    init.prepared?.hash,
  )
  return { id: user.id, email: user.email, password }
}

/** Starts hashing the demo administrator's password now, so that it overlaps other start-up work. */
export function prepareDemoPassword(passwordHashCost: number): { password: string; hash: Promise<string> } {
  const password = process.env.DEMO_ADMIN_PASSWORD || generatePassword()
  const hash = hashPassword(password, passwordHashCost)
  // Awaited later, if the database was empty after all; never an unhandled rejection.
  hash.catch(() => undefined)
  return { password, hash }
}

/** Whether any staff account exists yet. */
export async function hasUsers(db: Database): Promise<boolean> {
  return (await createUsersRepository(db).count()) > 0
}
