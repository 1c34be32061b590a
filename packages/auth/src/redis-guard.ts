import type { Redis } from 'ioredis'

/** The two log lines an outage produces: one warning when it begins, one info line when it ends. */
export interface OutageLogger {
  warn: (details: object, message: string) => void
  info: (details: object, message: string) => void
}

export interface RedisGuardOptions {
  log: OutageLogger
  /** Longest a Redis call may take before it counts as failed and the in-process state answers. */
  timeoutMs?: number
  /** After a failure, calls skip Redis this long; then a single call probes it again. */
  retryAfterMs?: number
}

/**
 * Shared by everything the authorization server keeps in Redis (revocations, throttling
 * counters), so that one outage is one outage: one warning, one recovery line, one probe at a time.
 */
export interface RedisGuard {
  /**
   * `primary()` on Redis within the timeout. When it fails, times out, or Redis is known to be
   * away (disconnected, or failed less than `retryAfterMs` ago), `fallback()` answers instead:
   * a Redis outage never fails a request nor makes it wait more than one timeout.
   */
  run: <R>(primary: () => Promise<R>, fallback: () => R | Promise<R>) => Promise<R>
  /** Whether Redis is serving calls right now. */
  available: () => boolean
  /** Runs `listener` in the background each time an outage ends (e.g. to copy in-process state back). */
  onRecovery: (listener: () => Promise<void>) => void
}

class RedisTimeoutError extends Error {
  readonly code = 'SEE_AUTH_REDIS_TIMEOUT'
  constructor (ms: number) {
    super(`Redis did not answer within ${ms} ms`)
  }
}

async function withTimeout<R> (work: Promise<R>, ms: number): Promise<R> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RedisTimeoutError(ms)), ms)
  })
  work.catch(() => {}) // a late failure, after the timeout answered, has nobody left to tell
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

const reasonOf = (err: unknown): string => err instanceof Error ? err.message : String(err)

export function redisGuard (redis: Redis, options: RedisGuardOptions): RedisGuard {
  const { log } = options
  const timeoutMs = options.timeoutMs ?? 100
  const retryAfterMs = options.retryAfterMs ?? 1000
  const listeners: Array<() => Promise<void>> = []
  let down = false
  let downSince = 0
  let retryAt = 0
  let probing = false

  function enterOutage (reason: unknown, pause: boolean): void {
    if (pause) retryAt = Date.now() + retryAfterMs
    if (down) return
    down = true
    downSince = Date.now()
    log.warn({ reason: reasonOf(reason) }, 'Redis unavailable for the authorization server: revocations and throttling are answered in process until it is back')
  }

  function leaveOutage (): void {
    down = false
    log.info({ outageMs: Date.now() - downSince }, 'Redis answering the authorization server again')
    for (const listener of listeners) {
      listener().catch(err => log.warn({ reason: reasonOf(err) }, 'Redis is back but the in-process authorization state could not be copied to it'))
    }
  }

  return {
    async run (primary, fallback) {
      // Never hand a command to a client that is not connected: it would queue or fail anyway.
      // No pause here: the status costs nothing to read, so the first call after reconnection probes.
      if (redis.status !== 'ready') {
        enterOutage(`not connected (${redis.status})`, false)
        return await fallback()
      }
      if (down && (probing || Date.now() < retryAt)) return await fallback()
      const probe = down
      if (probe) probing = true
      try {
        const value = await withTimeout(primary(), timeoutMs)
        if (probe) leaveOutage()
        return value
      } catch (err) {
        enterOutage(err, true)
        return await fallback()
      } finally {
        if (probe) probing = false
      }
    },
    available: () => !down && redis.status === 'ready',
    onRecovery: listener => { listeners.push(listener) }
  }
}
