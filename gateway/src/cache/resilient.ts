import { silentCacheLogger, type CacheLogger, type CacheStore } from './cache.js'

export interface ResilientCacheOptions {
  logger?: CacheLogger
  /** Longest a call may wait for the primary before it counts as failed and the fallback answers. */
  timeoutMs?: number
  /** After a failure, calls go straight to the fallback this long before the primary is tried again. */
  retryAfterMs?: number
}

export interface ResilientCache extends CacheStore {
  /** Which store answers calls right now. */
  serving: () => 'primary' | 'fallback'
}

class CacheTimeoutError extends Error {
  readonly code = 'GATEWAY_CACHE_TIMEOUT'
  constructor (ms: number) {
    super(`cache did not answer within ${ms} ms`)
  }
}

async function withTimeout<R> (work: Promise<R>, ms: number): Promise<R> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new CacheTimeoutError(ms)), ms)
  })
  work.catch(() => {}) // a late failure after the timeout has nobody left to tell
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
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
  const logger = options.logger ?? silentCacheLogger
  const timeoutMs = options.timeoutMs ?? 100
  const retryAfterMs = options.retryAfterMs ?? 1000
  let down = false
  let downSince = 0
  let retryAt = 0
  let probing = false
  const bumpedWhileDown = new Set<string>()

  async function enterOutage (reason: unknown): Promise<void> {
    retryAt = Date.now() + retryAfterMs
    if (down) return
    down = true
    downSince = Date.now()
    logger.warn({ reason: reason instanceof Error ? reason.message : String(reason) }, 'Redis cache unavailable: answering from the in-process cache until it is back')
    await fallback.clear()
  }

  async function leaveOutage (): Promise<void> {
    for (const key of bumpedWhileDown) {
      await withTimeout(primary.increment(key), timeoutMs)
      bumpedWhileDown.delete(key)
    }
    down = false
    logger.info({ outageMs: Date.now() - downSince }, 'Redis cache answering again')
  }

  /** Whether this call should go to the primary; while down, only one probe at a time, after the pause. */
  function primaryTurn (): boolean {
    if (!down) return true
    return !probing && Date.now() >= retryAt && primary.ready?.() !== false
  }

  async function run<R> (call: (store: CacheStore) => Promise<R>, onFallback?: () => void): Promise<R> {
    if (!down && primary.ready?.() === false) await enterOutage('not connected')
    if (!primaryTurn()) {
      onFallback?.()
      return await call(fallback)
    }
    const probe = down
    if (probe) probing = true
    try {
      const result = await withTimeout(call(primary), timeoutMs)
      if (probe) await leaveOutage()
      return result
    } catch (err) {
      await enterOutage(err)
      onFallback?.()
      return await call(fallback)
    } finally {
      if (probe) probing = false
    }
  }

  return {
    get: async <T>(key: string) => await run(s => s.get<T>(key)),
    set: async (key, value, ttlMs) => await run(s => s.set(key, value, ttlMs)),
    delete: async (key) => await run(s => s.delete(key)),
    setIfAbsent: async (key, value, ttlMs) => await run(s => s.setIfAbsent(key, value, ttlMs)),
    deleteIfEquals: async (key, value) => await run(s => s.deleteIfEquals(key, value)),
    increment: async (key) => await run(s => s.increment(key), () => bumpedWhileDown.add(key)),
    counters: async (keys) => await run(s => s.counters(keys)),
    // An administrative call (tests, operators): it may take longer than a lookup, and its errors are reported.
    clear: async () => {
      await fallback.clear()
      if (!down) await primary.clear()
    },
    serving: () => down || primary.ready?.() === false ? 'fallback' : 'primary'
  }
}
