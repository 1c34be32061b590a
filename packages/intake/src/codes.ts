import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

// Folios and tracking codes: random, in Crockford's base32 (no I, L, O, U: read aloud or copied
// by hand without mistakes). A code carries 120 bits, so its SHA-256 is a safe way to keep it.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

function base32 (bytes: Buffer): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  return bits > 0 ? out + ALPHABET[(value << (5 - bits)) & 31] : out
}

/** `<PREFIX>-<year>-<10 characters>`: unique with overwhelming probability (50 random bits per year). */
export function newFolio (prefix: string, at: Date): string {
  return `${prefix}-${at.getUTCFullYear()}-${base32(randomBytes(7)).slice(0, 10)}`
}

/** A tracking code in four groups of five characters (120 bits), as the filer's receipt shows it. */
export function newTrackingCode (): string {
  return base32(randomBytes(15)).match(/.{5}/g)!.join('-')
}

/** The form a code is compared in: upper case, no separators, the confusable letters read as digits. */
function canonicalCode (code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
}

export function sha256 (text: string): string {
  return createHash('sha256').update(text).digest('base64url')
}

export function trackingHash (code: string): string {
  return sha256(`see-intake-tracking:${canonicalCode(code)}`)
}

/** Constant-time comparison of a presented code with the stored hash. */
export function codeMatches (code: string, storedHash: string): boolean {
  const presented = Buffer.from(trackingHash(code))
  const stored = Buffer.from(storedHash)
  return presented.length === stored.length && timingSafeEqual(presented, stored)
}
