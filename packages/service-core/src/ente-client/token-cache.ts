import { memoryCache, readThrough, type CacheStore, type DefinedEntry, type EntryFrame, type FreshnessPolicy } from '@see/cache'
import type { KeyRing } from '@see/kit'
import type { OutageLogger } from '@see/redis'

export interface IssuedToken {
  accessToken: string
  /** Lifetime the issuer declared, in seconds; undefined when it did not say. */
  expiresInS: number | undefined
}

export interface CachedToken {
  accessToken: string
  /** Epoch ms after which the token is no longer handed out. */
  usableUntil: number
}

/** Lifetime assumed when an issuer omits `expires_in`. */
export const ASSUMED_LIFETIME_S = 60
const MAX_MARGIN_MS = 30_000

/** A token is retired 10% of its lifetime (at most 30 s) early, so no call starts with a token about to expire. */
export function usableUntil (issuedAt: number, expiresInS: number | undefined): number {
  const lifetimeMs = Math.max(0, expiresInS ?? ASSUMED_LIFETIME_S) * 1000
  return issuedAt + lifetimeMs - Math.min(MAX_MARGIN_MS, lifetimeMs / 10)
}

/** A store every instance of the service sees (Redis, see shared-token-store.ts), where tokens are kept sealed. */
export interface SharedTokenTier {
  store: CacheStore
  keys: KeyRing
  log: OutageLogger
}

export interface TokenCacheOptions {
  /** Clock of the token lifetimes (tests). */
  now?: () => number
  /** Tokens shared with the other instances; absent: in process only. */
  shared?: SharedTokenTier
  /** How long the fetching instance holds the lock at most (it frees it as soon as it is done). */
  lockMs?: number
  /** How long an instance waits for the token another one is fetching before it fetches itself. */
  waitMs?: number
  /** First pause between two looks for that token. */
  pollMs?: number
}

export const TOKEN_CACHE_DEFAULTS = { lockMs: 5000, waitMs: 1000, pollMs: 25 } as const

// A shared token read once is kept in process until it stops being usable (or is refused): the
// hot path never asks Redis. One hour bounds the copies of tokens that were never used again.
const NEAR_MS = 60 * 60 * 1000
const UNDECRYPTABLE = 'shared ente token dropped from Redis: it does not decrypt with SEE_CACHE_KEY'

/**
 * Access tokens per ente (keyed by clave and the token server's origin), as entries of the
 * platform's one read-through cache (@see/cache, the gateway's pages use the same): at most one
 * token request per key is in flight in this process, and with a shared tier, across instances
 * one fetches under the cache's lock while the others wait for its token. A token answers until
 * it stops being usable; a failed request is not cached, so the next call tries again.
 */
export class TokenCache {
  private readonly tokens: DefinedEntry<CachedToken>
  /** The last token an ente refused, per key: never taken back from the shared tier. */
  private readonly refused = new Map<string, string>()
  private readonly now: () => number

  constructor (options: TokenCacheOptions = {}) {
    this.now = options.now ?? Date.now
    const { shared } = options
    const cache = readThrough({
      store: shared?.store ?? memoryCache({ maxEntries: 10_000 }),
      now: this.now,
      ...(shared !== undefined && { nearMs: NEAR_MS }),
      lockTtlMs: options.lockMs ?? TOKEN_CACHE_DEFAULTS.lockMs,
      waitMs: options.waitMs ?? TOKEN_CACHE_DEFAULTS.waitMs,
      pollMs: options.pollMs ?? TOKEN_CACHE_DEFAULTS.pollMs
    })
    this.tokens = cache.define('token', (key): FreshnessPolicy<CachedToken> => ({
      freshMs: Infinity,
      staleMs: Infinity,
      expiresAt: token => token.usableUntil,
      ...(shared !== undefined && { frame: sealedFrame(shared, key) })
    }))
  }

  async get (key: string, issue: () => Promise<IssuedToken>): Promise<string> {
    const refused = this.refused.get(key)
    const fetch = async (): Promise<CachedToken> => {
      const issuedAt = this.now()
      const token = await issue()
      return { accessToken: token.accessToken, usableUntil: usableUntil(issuedAt, token.expiresInS) }
    }
    const answer = await this.tokens.get(key, fetch, { accepts: token => token.accessToken !== refused })
    return answer.value.accessToken
  }

  /**
   * Forgets `accessToken` after the ente refused it, unless a newer token already replaced it,
   * here and in the shared tier. Resolves once the shared tier forgot it too, so the next `get`
   * cannot read it back (and never takes it back from there).
   */
  async invalidate (key: string, accessToken: string): Promise<void> {
    this.refused.set(key, accessToken)
    await this.tokens.forget(key, token => token.accessToken === accessToken)
  }
}

/** What a sealed value holds: the token and when it stops being handed out. */
function payloadOf (plaintext: string): CachedToken | undefined {
  let data: unknown
  try {
    data = JSON.parse(plaintext)
  } catch {
    return undefined // the parser's message would quote the plaintext: say nothing of it
  }
  const { accessToken, usableUntil } = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>
  if (typeof accessToken !== 'string' || accessToken.length === 0 || typeof usableUntil !== 'number' || !Number.isFinite(usableUntil)) return undefined
  return { accessToken, usableUntil }
}

/** `<clave>:<origin>` (a clave never holds `:`), for log lines that name the ente but no secret. */
function enteOf (key: string): { ente: string, origin: string } {
  const colon = key.indexOf(':')
  return { ente: key.slice(0, colon), origin: key.slice(colon + 1) }
}

/**
 * Tokens in the shared tier are sealed with the key ring (AES-256-GCM) and bound to their key
 * (`token:<clave>:<origin>` is the associated data, so a value moved under another key does not
 * open). A value that does not open is reported once, dropped by the cache and fetched again.
 */
function sealedFrame ({ keys, log }: SharedTokenTier, key: string): EntryFrame<CachedToken> {
  const context = `token:${key}`
  return {
    split: token => ({ head: {}, body: keys.seal(JSON.stringify({ accessToken: token.accessToken, usableUntil: token.usableUntil }), context) }),
    join (_head, body) {
      let reason: string
      try {
        const payload = payloadOf(keys.open(body.toString(), context))
        if (payload !== undefined) return payload
        reason = 'sealed value holds no token'
      } catch (err) {
        reason = err instanceof Error ? err.message : 'sealed value does not open'
      }
      log.warn({ ...enteOf(key), reason }, UNDECRYPTABLE)
      throw new Error(reason)
    }
  }
}
