import { createHash, randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'

export interface HashingCost {
  /** KiB of memory per hash. */
  memoryCost: number
  /** Passes over that memory. */
  timeCost: number
  parallelism: number
}

// argon2id with the library defaults, which are OWASP's minimum (m=19 MiB, t=2, p=1): about
// 12 ms per verification on one core here. The hot path skips it through the verified-secret cache.
export const ARGON2_COST: Readonly<HashingCost> = { memoryCost: 19456, timeCost: 2, parallelism: 1 }

let cost: Readonly<HashingCost> = ARGON2_COST

/** A stable argon2id hash of nothing anybody knows: verified against when the client or user is unknown, so timing does not tell. */
let decoy: Promise<string> | undefined

/**
 * Test support only (`@see/auth/testing`): the cost of the hashes made from now on in this
 * process. A hash carries its own parameters, so verification follows whatever made it.
 * Returns the function that puts the previous cost back.
 */
export function setHashingCost (next: Readonly<HashingCost>): () => void {
  const previous = cost
  cost = next
  decoy = undefined
  return () => {
    cost = previous
    decoy = undefined
  }
}

export async function hashSecret (secret: string): Promise<string> {
  return await hash(secret, cost)
}

export async function verifySecret (stored: string | undefined, presented: string): Promise<boolean> {
  if (stored === undefined) {
    decoy ??= hash(randomBytes(32).toString('base64url'), cost)
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
