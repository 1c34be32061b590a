import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import { verifySecret } from './secrets.js'

export interface CredentialCacheOptions {
  /** Entries kept (one per client id or username). */
  max?: number
  /** How long a successful verification is reused. */
  ttlMs?: number
}

interface Entry {
  /** The argon2 hash the secret was verified against: a rotation changes it and voids the entry. */
  storedHash: string
  mac: Buffer
}

/**
 * Remembers successful argon2 verifications so that the PDN's burst of token requests (one per
 * data call) costs one HMAC instead of one argon2 each. It keeps HMAC-SHA256(secret) under a key
 * that exists only in this process, next to the stored hash it was checked against; a rotated or
 * changed secret has a different stored hash and misses. Failures are never cached, so guessing
 * still pays argon2 every time.
 */
export class VerifiedCredentialCache {
  private readonly key = randomBytes(32)
  private readonly entries: LRUCache<string, Entry> | undefined

  constructor (options: CredentialCacheOptions | false = {}, private readonly slowVerify = verifySecret) {
    this.entries = options === false ? undefined : new LRUCache<string, Entry>({ max: options.max ?? 10_000, ttl: options.ttlMs ?? 10 * 60_000 })
  }

  private mac (secret: string): Buffer {
    return createHmac('sha256', this.key).update(secret).digest()
  }

  async verify (id: string, storedHash: string | undefined, presented: string): Promise<boolean> {
    const entry = storedHash === undefined ? undefined : this.entries?.get(id)
    if (entry !== undefined && entry.storedHash === storedHash && timingSafeEqual(entry.mac, this.mac(presented))) return true
    const ok = await this.slowVerify(storedHash, presented)
    if (ok && storedHash !== undefined) this.entries?.set(id, { storedHash, mac: this.mac(presented) })
    return ok
  }

  invalidate (id: string): void {
    this.entries?.delete(id)
  }
}
