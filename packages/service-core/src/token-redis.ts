import type { Redis } from 'ioredis'
import { closeRedis, createRedisClient, waitForRedis, type RedisClientOptions } from '@see/redis'
import { parseKeyRing, type KeyRing } from '@see/kit'

/** The Redis client of the shared token cache (see @see/redis: no offline queue, short timeouts). */
export const createTokenRedis = (url: string, options: Pick<RedisClientOptions, 'commandTimeoutMs' | 'maxReconnectDelayMs'> = {}): Redis => createRedisClient(url, options)
export const waitForTokenRedis = waitForRedis
export const closeTokenRedis = closeRedis

/** The keys that seal ente tokens in Redis, from `SEE_CACHE_KEY` (the platform's one key ring). */
export function parseTokenKeys (value: string): KeyRing {
  return parseKeyRing('SEE_CACHE_KEY', value)
}

export interface SharedTokenSettings {
  REDIS_URL?: string | undefined
  REDIS_PREFIX?: string | undefined
  SEE_CACHE_KEY?: string | undefined
}

export interface OpenedTokenRedis {
  /** What buildSystemService takes: `redis`, `tokenKeys` and `redisPrefix`, each when configured. */
  options: { redis?: Redis, tokenKeys?: KeyRing, redisPrefix?: string }
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
