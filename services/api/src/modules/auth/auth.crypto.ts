import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const scryptAsync = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))),
  )

const keyLength = 32

/**
 * A scrypt hash with its parameters and salt: `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` (base64url).
 * `cost` is log2(N): 17 (128 MiB, OWASP's minimum for scrypt) in production; tests use less.
 */
export async function hashPassword(password: string, cost = 17): Promise<string> {
  const salt = randomBytes(16)
  const N = 2 ** cost
  const r = 8
  const p = 1
  const hash = await scryptAsync(password.normalize('NFC'), salt, keyLength, { N, r, p, maxmem: 256 * N * r })
  return ['scrypt', cost, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$')
}

/** Compares in constant time; false for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, cost, r, p, salt, hash] = parts as [string, string, string, string, string, string]
  const N = 2 ** Number(cost)
  const expected = Buffer.from(hash, 'base64url')
  const actual = await scryptAsync(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r),
  })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** Hashed once at start with the production cost, so that an unknown e-mail takes as long as a known one. */
let decoy: Promise<string> | undefined
export function decoyHash(cost: number): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'), cost)
  return decoy
}

/** A readable random password: 4 groups of 5 characters, about 100 bits. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const bytes = randomBytes(20)
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length])
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-')
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

/** A fresh session token for the cookie (256 bits). */
export const newSessionToken = () => randomBytes(32).toString('base64url')

/**
 * The CSRF token of a session, derived from its token: the server can hand it out again
 * (GET /auth/session) without storing it, and it reveals nothing about the cookie.
 */
export const csrfTokenFor = (sessionToken: string) =>
  createHmac('sha256', sessionToken).update('trajectoires csrf').digest('base64url')

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y)
}

export const apiKeyPattern = /^trj_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/

/** A new API key `trj_<prefix>_<secret>`; `prefix` is `trj_<8 characters>`. */
export function newApiKey(): { key: string; prefix: string } {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  const prefix = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('')
  return { key: `trj_${prefix}_${randomBytes(32).toString('base64url')}`, prefix: `trj_${prefix}` }
}
