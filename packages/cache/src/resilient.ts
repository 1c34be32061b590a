import { redisGuard, withTimeout } from '@see/redis'
import { silentCacheLogger, type CacheLogger, type CacheStore } from './cache.js'

export interface ResilientCacheOptions {
  logger?: CacheLogger
  /** What the outage warnings call this cache (default `the federation cache`). */
  name?: string
  /** What they say happens meanwhile (default `answering from the in-process cache`). */
  whileDown?: string
  /** Longest a call may wait for the primary before it counts as failed and the fallback answers. */
  timeoutMs?: number
  /** After a failure, calls go straight to the fallback this long before the primary is tried again. */
  retryAfterMs?: number
}

export interface ResilientCache extends CacheStore {
  /** Which store answers calls right now. */
  serving: () => 'primary' | 'fallback'
}

/**
 * A store that never fails a request: calls go to `primary` (Redis) and, when it errs, is not
 * connected or is slower than `timeoutMs`, to `fallback` (in process). One warning per outage;
 * while down, a single call probes the primary every `retryAfterMs` and the first success
 * ends the outage (ioredis reconnects by itself).
 *
 * Invalidation stays sound across an outage: the fallback is emptied when an outage begins (it
 * may hold entries from an earlier outage that missed invalidations since), and counters bumped
 * during the outage are bumped again on the primary when it is back, before it serves again.
 */
export function resilientCache (primary: CacheStore, fallback: CacheStore, options: ResilientCacheOptions = {}): ResilientCache {
  const timeoutMs = options.timeoutMs ?? 100
  const bumpedWhileDown = new Set<string>()
  const guard = redisGuard({
    logger: options.logger ?? silentCacheLogger,
    name: options.name ?? 'the federation cache',
    whileDown: options.whileDown ?? 'answering from the in-process cache',
    client: { get status () { return primary.ready?.() === false ? 'disconnected' : 'ready' } },
    timeoutMs,
    ...(options.retryAfterMs !== undefined && { retryAfterMs: options.retryAfterMs }),
    onOutage: async () => await fallback.clear(),
    beforeRecovery: async () => {
      for (const key of bumpedWhileDown) {
        await withTimeout(primary.increment(key), timeoutMs)
        bumpedWhileDown.delete(key)
      }
    }
  })
  const run = async <R>(call: (store: CacheStore) => Promise<R>): Promise<R> => await guard.run(async () => await call(primary), async () => await call(fallback))

  return {
    get: async <T>(key: string) => await run(s => s.get<T>(key)),
    set: async (key, value, ttlMs) => await run(s => s.set(key, value, ttlMs)),
    delete: async (key) => await run(s => s.delete(key)),
    getFramed: async (key) => await run(s => s.getFramed(key)),
    setFramed: async (key, framed, ttlMs) => await run(s => s.setFramed(key, framed, ttlMs)),
    setIfAbsent: async (key, value, ttlMs) => await run(s => s.setIfAbsent(key, value, ttlMs)),
    deleteIfEquals: async (key, value) => await run(s => s.deleteIfEquals(key, value)),
    expireIfEquals: async (key, value, ttlMs) => await run(s => s.expireIfEquals(key, value, ttlMs)),
    increment: async (key) => await guard.run(async () => await primary.increment(key), async () => {
      bumpedWhileDown.add(key)
      return await fallback.increment(key)
    }),
    counters: async (keys) => await run(s => s.counters(keys)),
    // An administrative call (tests, operators): it may take longer than a lookup, and its errors are reported.
    clear: async () => {
      await fallback.clear()
      if (guard.available()) await primary.clear()
    },
    serving: () => guard.available() ? 'primary' : 'fallback'
  }
}
