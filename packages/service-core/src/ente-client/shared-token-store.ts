import type { Redis } from 'ioredis'
import { memoryCache, redisCache, resilientCache, type CacheLogger, type CacheStore } from '@see/cache'
import { DEFAULT_REDIS_TIMEOUT_MS, type OutageLogger } from '@see/redis'

export interface SharedTokenStoreOptions {
  redis: Redis
  log: OutageLogger
  /** Namespace of this deployment's keys (default `see:`); tokens live under `<prefix>token:` (the service passes `<deployment prefix><system>:`). */
  prefix?: string
  /** Longest a Redis call may take before it counts as failed (default: the client's `commandTimeout`, else 100 ms). */
  timeoutMs?: number
  /** After a Redis failure, calls skip Redis this long; then a single call probes it again. */
  retryAfterMs?: number
}

/**
 * The store of the ente tokens every instance of a system service shares: the cache's Redis
 * store behind its resilient wrapper, so with Redis down or slow tokens are kept in process
 * (each instance fetches its own) and no call ever fails because of Redis.
 */
export function sharedTokenStore (options: SharedTokenStoreOptions): CacheStore {
  const { log } = options
  const logger: CacheLogger = { debug: () => {}, info: (obj, msg) => { log.info(obj, msg ?? '') }, warn: (obj, msg) => { log.warn(obj, msg ?? '') } }
  return resilientCache(redisCache(options.redis, { prefix: options.prefix ?? 'see:' }), memoryCache({ maxEntries: 10_000 }), {
    logger,
    name: 'the shared ente token cache',
    whileDown: 'tokens are kept in process only',
    timeoutMs: options.timeoutMs ?? options.redis.options.commandTimeout ?? DEFAULT_REDIS_TIMEOUT_MS,
    ...(options.retryAfterMs !== undefined && { retryAfterMs: options.retryAfterMs })
  })
}
