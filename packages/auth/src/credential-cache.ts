import { createHmac, randomBytes } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import { verifySecret } from './secrets.js'

export interface CredentialCacheOptions {
  /** Verified credentials kept (default 10,000); the least recently used go first. */
  max?: number
  /** How long an unused entry is kept; each use renews it (default 10 minutes). */
  ttlMs?: number
}

/** What a request presents: the client's secret and, for the password grant, the user's password. */
export interface PresentedCredentials {
  clientId: string
  secret: string
  username?: string | undefined
  password?: string | undefined
}

/** The stored argon2 hashes a credential was verified against. */
export interface StoredHashes {
  secretHash: string
  passwordHash?: string | undefined
}

interface Entry extends StoredHashes {
  clientId: string
  username: string | undefined
}

/**
 * Remembers credentials that argon2 verified, so that the PDN's token before every data call costs
 * one HMAC instead of two argon2 verifications. An entry is keyed by HMAC-SHA256, under a key that
 * exists only in this process, of the client id and secret and, for the password grant, the
 * username and password: the cache never holds a secret or a password. It answers only for the
 * exact credentials verified, against the same stored hashes (a rotated secret or a changed
 * password has a new hash and misses), and is dropped when the client or user is changed through
 * this instance. Failures are never remembered, so every wrong secret or password pays argon2.
 */
export class VerifiedCredentialCache {
  private readonly key = randomBytes(32)
  private readonly entries: LRUCache<string, Entry> | undefined
  /** Verifications in progress, by HMAC of the stored hash and the presented value: identical concurrent presentations share one. */
  private readonly verifying = new Map<string, Promise<boolean>>()

  constructor (options: CredentialCacheOptions | false = {}, private readonly slowVerify: (stored: string | undefined, presented: string) => Promise<boolean> = verifySecret) {
    this.entries = options === false ? undefined : new LRUCache<string, Entry>({ max: options.max ?? 10_000, ttl: options.ttlMs ?? 10 * 60_000, updateAgeOnGet: true })
  }

  /** HMAC of length-prefixed parts, so that no two different tuples share a key. */
  private mac (parts: Array<string | undefined>): string {
    const hmac = createHmac('sha256', this.key)
    for (const part of parts) hmac.update(part === undefined ? '-;' : `${Buffer.byteLength(part)}:${part};`)
    return hmac.digest('base64url')
  }

  private keyOf (presented: PresentedCredentials): string {
    return this.mac([presented.clientId, presented.secret, presented.username, presented.password])
  }

  /** Whether these exact credentials were verified against these stored hashes. */
  knows (presented: PresentedCredentials, stored: StoredHashes): boolean {
    const entry = this.entries?.get(this.keyOf(presented))
    return entry !== undefined && entry.secretHash === stored.secretHash && entry.passwordHash === stored.passwordHash
  }

  remember (presented: PresentedCredentials, stored: StoredHashes): void {
    this.entries?.set(this.keyOf(presented), { clientId: presented.clientId, username: presented.username, ...stored })
  }

  /** argon2 (or the decoy hash for an unknown id); concurrent identical verifications share one run. */
  async verify (storedHash: string | undefined, presented: string, run: (work: () => Promise<boolean>) => Promise<boolean> = async work => await work()): Promise<boolean> {
    const key = this.mac([storedHash, presented])
    const pending = this.verifying.get(key)
    if (pending !== undefined) return await pending
    const verifying = run(async () => await this.slowVerify(storedHash, presented))
    this.verifying.set(key, verifying)
    try {
      return await verifying
    } finally {
      this.verifying.delete(key)
    }
  }

  forgetClient (clientId: string): void {
    this.forget(entry => entry.clientId === clientId)
  }

  forgetUser (username: string): void {
    this.forget(entry => entry.username === username)
  }

  private forget (matches: (entry: Entry) => boolean): void {
    if (this.entries === undefined) return
    for (const [key, entry] of this.entries.entries()) if (matches(entry)) this.entries.delete(key)
  }
}
