import { createHash, randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'

// argon2id with the library defaults, which are OWASP's minimum (m=19 MiB, t=2, p=1): about
// 12 ms per verification on one core here. The hot path skips it through the verified-secret cache.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 }

/** A stable argon2id hash of nothing anybody knows: verified against when the client or user is unknown, so timing does not tell. */
let decoy: Promise<string> | undefined

export async function hashSecret (secret: string): Promise<string> {
  return await hash(secret, ARGON2_OPTIONS)
}

export async function verifySecret (stored: string | undefined, presented: string): Promise<boolean> {
  if (stored === undefined) {
    decoy ??= hash(randomBytes(32).toString('base64url'), ARGON2_OPTIONS)
    await verify(await decoy, presented).catch(() => false)
    return false
  }
  try {
    return await verify(stored, presented)
  } catch {
    return false
  }
}

/** A client secret: 256 random bits, URL-safe, shown once to the operator. */
export function generateSecret (): string {
  return randomBytes(32).toString('base64url')
}

/** An opaque refresh token; only its SHA-256 is stored (256 random bits need no slow hash). */
export function generateRefreshToken (): string {
  return `rt_${randomBytes(32).toString('base64url')}`
}

export function hashRefreshToken (token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

export function randomId (): string {
  return randomBytes(16).toString('base64url')
}
