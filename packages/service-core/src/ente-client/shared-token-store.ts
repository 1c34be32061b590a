import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Redis } from 'ioredis'
import { DEFAULT_REDIS_TIMEOUT_MS, redisGuard, type OutageLogger, type RedisGuard } from '@see/redis'
import type { CachedToken, SharedTokens } from './token-cache.js'
import type { KeyRing } from '@see/kit'

// Deletes a key only while it still holds the value we read or wrote, so we never remove what
// another instance stored in between (a newer token, or the lock another instance took since).
const COMPARE_AND_DELETE = 'if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end'

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
  /** Pause between two looks for that token. */
  pollMs?: number
  /** Clock of the token lifetimes (tests). */
  now?: () => number
}

export const SHARED_TOKEN_DEFAULTS = { prefix: 'see:', lockMs: 5000, waitMs: 1000, pollMs: 25 } as const

/** What a sealed value holds: the token and when it stops being handed out. */
interface TokenPayload {
  accessToken: string
  usableUntil: number
}

function payloadOf (plaintext: string): TokenPayload | undefined {
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
 * Ente tokens shared by every instance of a system service through Redis, sealed with AES-256-GCM and bound to
 * their key (`token:<clave>:<origin>` is the associated data, so a value moved under another
 * key does not open). Every call goes through a guard: with Redis down or slow the store reads
 * nothing, writes nothing and lets every instance fetch its own tokens — it never fails a call.
 */
export class SharedTokenStore implements SharedTokens {
  private readonly redis: Redis
  private readonly keys: KeyRing
  private readonly log: OutageLogger
  private readonly guard: RedisGuard
  private readonly prefix: string
  private readonly lockMs: number
  private readonly waitMs: number
  private readonly pollMs: number
  private readonly now: () => number

  constructor (options: SharedTokenStoreOptions) {
    this.redis = options.redis
    this.keys = options.keys
    this.log = options.log
    this.guard = redisGuard({
      logger: options.log,
      name: 'the shared ente token cache',
      whileDown: 'tokens are kept in process only',
      client: options.redis,
      timeoutMs: options.timeoutMs ?? options.redis.options.commandTimeout ?? DEFAULT_REDIS_TIMEOUT_MS,
      ...(options.retryAfterMs !== undefined && { retryAfterMs: options.retryAfterMs })
    })
    this.prefix = options.prefix ?? SHARED_TOKEN_DEFAULTS.prefix
    this.lockMs = options.lockMs ?? SHARED_TOKEN_DEFAULTS.lockMs
    this.waitMs = options.waitMs ?? SHARED_TOKEN_DEFAULTS.waitMs
    this.pollMs = options.pollMs ?? SHARED_TOKEN_DEFAULTS.pollMs
    this.now = options.now ?? Date.now
  }

  /** The Redis key a token for `key` lives under. */
  redisKeyOf (key: string): string {
    return `${this.prefix}token:${key}`
  }

  /** A usable token another instance (or this one) stored, except `refused`; undefined otherwise. */
  async read (key: string, refused?: string): Promise<CachedToken | undefined> {
    const raw = await this.guard.run(async () => await this.redis.get(this.redisKeyOf(key)), () => null)
    if (raw === null) return undefined
    const token = await this.openOrDrop(key, raw)
    if (token === undefined || token.accessToken === refused || this.now() >= token.usableUntil) return undefined
    return token
  }

  /** Stores `token` until it stops being usable; nothing when Redis is away. */
  async write (key: string, token: CachedToken): Promise<void> {
    const ttlMs = Math.floor(token.usableUntil - this.now())
    if (ttlMs <= 0) return
    const sealed = this.keys.seal(JSON.stringify({ accessToken: token.accessToken, usableUntil: token.usableUntil }), this.contextOf(key))
    await this.guard.run(async () => await this.redis.set(this.redisKeyOf(key), sealed, 'PX', ttlMs), () => null)
  }

  /** Forgets the token an ente refused, unless Redis already holds a newer one. */
  async drop (key: string, accessToken: string): Promise<void> {
    const raw = await this.guard.run(async () => await this.redis.get(this.redisKeyOf(key)), () => null)
    if (raw === null) return
    const token = await this.openOrDrop(key, raw)
    if (token?.accessToken === accessToken) await this.deleteIfEquals(this.redisKeyOf(key), raw)
  }

  /**
   * A new token from `fetch`, fetched by one instance at a time: the one that takes the lock
   * fetches and stores it; the others look for it in Redis until `waitMs` has passed (taking
   * the lock themselves if it is freed without a token), then fetch on their own.
   */
  async issue (key: string, fetch: () => Promise<CachedToken>, refused?: string): Promise<CachedToken> {
    const lockKey = `${this.prefix}token-lock:${key}`
    const owner = randomBytes(16).toString('hex')
    const giveUpAt = performance.now() + this.waitMs
    while (performance.now() < giveUpAt) {
      // With Redis away nobody can be told to wait: each instance fetches its own.
      const locked = await this.guard.run(async () => await this.redis.set(lockKey, owner, 'PX', this.lockMs, 'NX') === 'OK', () => true)
      if (locked) {
        try {
          return await this.fetchAndStore(key, fetch)
        } finally {
          await this.deleteIfEquals(lockKey, owner)
        }
      }
      await sleep(this.pollMs)
      const stored = await this.read(key, refused)
      if (stored !== undefined) return stored
    }
    return await this.fetchAndStore(key, fetch)
  }

  private async fetchAndStore (key: string, fetch: () => Promise<CachedToken>): Promise<CachedToken> {
    const token = await fetch()
    await this.write(key, token)
    return token
  }

  private contextOf (key: string): string {
    return `token:${key}`
  }

  /** The token a stored value holds; a value that does not open is deleted, with one warning. */
  private async openOrDrop (key: string, raw: string): Promise<CachedToken | undefined> {
    let reason: string
    try {
      const payload = payloadOf(this.keys.open(raw, this.contextOf(key)))
      if (payload !== undefined) return payload
      reason = 'sealed value holds no token'
    } catch (err) {
      reason = err instanceof Error ? err.message : 'sealed value does not open'
    }
    this.log.warn({ ...enteOf(key), reason }, 'shared ente token dropped from Redis: it does not decrypt with SEE_CACHE_KEY')
    await this.deleteIfEquals(this.redisKeyOf(key), raw)
    return undefined
  }

  private async deleteIfEquals (redisKey: string, value: string): Promise<void> {
    await this.guard.run(async () => await this.redis.eval(COMPARE_AND_DELETE, 1, redisKey, value), () => 0)
  }
}
