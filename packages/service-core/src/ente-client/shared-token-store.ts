import type { Redis } from 'ioredis'
import { memoryCache, readThrough, redisCache, resilientCache, type CacheLogger, type DefinedEntry, type EntryFrame, type FreshnessPolicy } from '@see/cache'
import type { KeyRing } from '@see/kit'
import { DEFAULT_REDIS_TIMEOUT_MS, type OutageLogger } from '@see/redis'
import type { CachedToken, SharedTokens } from './token-cache.js'

export interface SharedTokenStoreOptions {
  redis: Redis
  /** Longest a Redis call may take before it counts as failed (default: the client's `commandTimeout`, else 100 ms). */
  timeoutMs?: number
  /** After a Redis failure, calls skip Redis this long; then a single call probes it again. */
  retryAfterMs?: number
  /** Seal the tokens: the first key encrypts, all decrypt. */
  keys: KeyRing
  log: OutageLogger
  /** Namespace of this deployment's keys (default `see:`); tokens live under `<prefix>token:` (the service passes `<deployment prefix><system>:`). */
  prefix?: string
  /** How long the fetching instance holds the lock at most (it frees it as soon as it is done). */
  lockMs?: number
  /** How long an instance waits for the token another one is fetching before it fetches itself. */
  waitMs?: number
  /** First pause between two looks for that token. */
  pollMs?: number
  /** Clock of the token lifetimes (tests). */
  now?: () => number
}

export const SHARED_TOKEN_DEFAULTS = { prefix: 'see:', lockMs: 5000, waitMs: 1000, pollMs: 25 } as const

const UNDECRYPTABLE = 'shared ente token dropped from Redis: it does not decrypt with SEE_CACHE_KEY'

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
 * Ente tokens shared by every instance of a system service through Redis: entries of the
 * platform's one read-through cache (@see/cache), so one instance fetches while the others wait
 * for its token under the same lock protocol as the gateway's pages. Each token is sealed with
 * the key ring (AES-256-GCM) and bound to its key (`token:<clave>:<origin>` is the associated
 * data, so a value moved under another key does not open). Redis down or slow: the resilient
 * store answers from process memory, so every instance fetches its own tokens — never a failed call.
 */
export class SharedTokenStore implements SharedTokens {
  private readonly tokens: DefinedEntry<CachedToken>

  constructor (options: SharedTokenStoreOptions) {
    const { keys, log } = options
    const logger: CacheLogger = { debug: () => {}, info: (obj, msg) => { log.info(obj, msg ?? '') }, warn: (obj, msg) => { log.warn(obj, msg ?? '') } }
    const store = resilientCache(redisCache(options.redis, { prefix: options.prefix ?? SHARED_TOKEN_DEFAULTS.prefix }), memoryCache({ maxEntries: 10_000 }), {
      logger,
      name: 'the shared ente token cache',
      whileDown: 'tokens are kept in process only',
      timeoutMs: options.timeoutMs ?? options.redis.options.commandTimeout ?? DEFAULT_REDIS_TIMEOUT_MS,
      ...(options.retryAfterMs !== undefined && { retryAfterMs: options.retryAfterMs })
    })
    const cache = readThrough({
      store,
      logger,
      ...(options.now !== undefined && { now: options.now }),
      lockTtlMs: options.lockMs ?? SHARED_TOKEN_DEFAULTS.lockMs,
      waitMs: options.waitMs ?? SHARED_TOKEN_DEFAULTS.waitMs,
      pollMs: options.pollMs ?? SHARED_TOKEN_DEFAULTS.pollMs
    })
    this.tokens = cache.define('token', (key): FreshnessPolicy<CachedToken> => ({
      // A token answers until it stops being usable, and is stored no longer.
      freshMs: Infinity,
      staleMs: Infinity,
      expiresAt: token => token.usableUntil,
      frame: sealedFrame(keys, key, log)
    }))
  }

  /** A usable token another instance (or this one) stored, except `refused`; undefined otherwise. */
  async read (key: string, refused?: string): Promise<CachedToken | undefined> {
    return await this.tokens.peek(key, { accepts: token => token.accessToken !== refused })
  }

  /**
   * A new token from `fetch`, fetched by one instance at a time: the one that takes the lock
   * fetches and stores it; the others look for it until `waitMs` has passed (taking the lock
   * themselves if it is freed without a token), then fetch on their own.
   */
  async issue (key: string, fetch: () => Promise<CachedToken>, refused?: string): Promise<CachedToken> {
    return (await this.tokens.get(key, fetch, { accepts: token => token.accessToken !== refused })).value
  }

  /** Forgets the token an ente refused, unless Redis already holds a newer one. */
  async drop (key: string, accessToken: string): Promise<void> {
    await this.tokens.forget(key, token => token.accessToken === accessToken)
  }
}

/** Tokens stored sealed (the body of a framed entry); a value that does not open is reported once and dropped. */
function sealedFrame (keys: KeyRing, key: string, log: OutageLogger): EntryFrame<CachedToken> {
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
