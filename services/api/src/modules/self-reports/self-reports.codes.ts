import { createHash, randomBytes } from 'node:crypto'

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 without padding: letters and digits a learner can read out or type. */
function base32(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  return out
}

/** A new one-time code: 128 random bits from the system's CSPRNG, as 26 base32 characters. */
export function newCode(): string {
  return base32(randomBytes(16))
}

/** The code as typed or pasted: case, spaces and dashes do not matter. */
function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z2-7]/g, '')
}

/** What is stored and looked up: the SHA-256 of the normalised code, in hex. */
export function hashCode(code: string): string {
  return createHash('sha256').update(normaliseCode(code)).digest('hex')
}
