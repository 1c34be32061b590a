import { once } from 'node:events'
import { Redis } from 'ioredis'
import { DEFAULT_REDIS_TIMEOUT_MS } from './ente-client/redis-guard.js'
import { parseTokenKeys, type TokenKeyRing } from './ente-client/token-crypto.js'

export interface TokenRedisOptions {
  /** Bound on every command: a slow Redis must cost a token lookup little. */
  commandTimeoutMs?: number
  /** Longest pause between reconnection attempts. */
  maxReconnectDelayMs?: number
}

/**
 * An ioredis client for the shared token cache: commands fail at once while disconnected (no
 * offline queue, no retries) and time out quickly; ioredis keeps reconnecting by itself. Its
 * connection errors are not logged here: the store reports each outage once.
 */
export function createTokenRedis (url: string, options: TokenRedisOptions = {}): Redis {
  const maxDelay = options.maxReconnectDelayMs ?? 1000
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
    connectTimeout: 1000,
    retryStrategy: (times) => Math.min(times * 50, maxDelay)
  })
  redis.on('error', () => {})
  return redis
}

/** Resolves when the client is ready, or after `timeoutMs` (tokens then stay in process until it is). */
export async function waitForTokenRedis (redis: Redis, timeoutMs = 1000): Promise<boolean> {
  if (redis.status === 'ready') return true
  try {
    await once(redis, 'ready', { signal: AbortSignal.timeout(timeoutMs) })
    return true
  } catch {
    return false
  }
}

/** Closes the client: politely when connected, at once otherwise (QUIT would wait for a dead server). */
export async function closeTokenRedis (redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    try {
      await redis.quit()
      return
    } catch {}
  }
  redis.disconnect()
}

export interface SharedTokenSettings {
  REDIS_URL?: string | undefined
  REDIS_PREFIX?: string | undefined
  SEE_CACHE_KEY?: string | undefined
}

export interface OpenedTokenRedis {
  /** What buildS2App takes: `redis`, `tokenKeys` and `redisPrefix`, each when configured. */
  options: { redis?: Redis, tokenKeys?: TokenKeyRing, redisPrefix?: string }
  close: () => Promise<void>
}

/**
 * From the environment: a Redis client for the shared token cache when REDIS_URL is set, and the
 * keys that seal the tokens from SEE_CACHE_KEY (a bad key stops the start, naming the variable
 * but never the key). Waits briefly for the first connection so a healthy Redis serves at once.
 */
export async function openTokenRedis (settings: SharedTokenSettings): Promise<OpenedTokenRedis> {
  const tokenKeys = settings.SEE_CACHE_KEY === undefined ? undefined : parseTokenKeys(settings.SEE_CACHE_KEY)
  if (settings.REDIS_URL === undefined) return { options: {}, close: async () => {} }
  const redis = createTokenRedis(settings.REDIS_URL)
  await waitForTokenRedis(redis)
  return {
    options: {
      redis,
      ...(tokenKeys && { tokenKeys }),
      ...(settings.REDIS_PREFIX !== undefined && { redisPrefix: settings.REDIS_PREFIX })
    },
    close: async () => await closeTokenRedis(redis)
  }
}
