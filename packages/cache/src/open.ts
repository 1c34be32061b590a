import type { Redis } from 'ioredis'
import { memoryCache, type CacheLogger, type CacheStore, type MemoryCacheLimits } from './cache.js'
import { closeRedis, createRedisClient, waitForRedis } from '@see/redis'
import { redisCache } from './redis.js'
import { resilientCache } from './resilient.js'

export interface OpenCacheOptions {
  /** Redis to share entries, locks and generations with other instances; absent: in process only. */
  redisUrl?: string | undefined
  logger?: CacheLogger
  /** Namespace of this deployment's keys in Redis. */
  prefix?: string
  /** Bound on every Redis call before the in-process cache answers instead. */
  timeoutMs?: number
  /** Pause before Redis is tried again after a failure. */
  retryAfterMs?: number
  /** Bounds of the in-process cache (embedded store, or fallback). */
  memory?: MemoryCacheLimits
}

export interface OpenedCache {
  store: CacheStore
  /** The Redis client, when there is one (for readiness reports; never required). */
  redis: Redis | undefined
  /** Which store answers now: always `memory` when embedded. */
  serving: () => 'redis' | 'memory'
  close: () => Promise<void>
}

/**
 * The gateway's cache store: in process when no Redis is configured; otherwise Redis with the
 * in-process cache as fallback, so Redis down means slower, never failing. Waits briefly for
 * the first connection so a healthy Redis serves from the first request.
 */
export async function openCacheStore (options: OpenCacheOptions = {}): Promise<OpenedCache> {
  const memory = memoryCache(options.memory)
  if (options.redisUrl === undefined || options.redisUrl === '') {
    return { store: memory, redis: undefined, serving: () => 'memory', close: async () => {} }
  }
  const redis = createRedisClient(options.redisUrl, { autoPipelining: true, ...(options.logger ? { logger: options.logger } : {}), ...(options.timeoutMs !== undefined ? { commandTimeoutMs: options.timeoutMs } : {}) })
  await waitForRedis(redis)
  const store = resilientCache(redisCache(redis, { prefix: options.prefix ?? 'see:' }), memory, options)
  return {
    store,
    redis,
    serving: () => store.serving() === 'primary' ? 'redis' : 'memory',
    close: async () => await closeRedis(redis)
  }
}
