import type { Redis } from 'ioredis'

/** The two lines an outage leaves: one warning when it begins, one info line when it ends. */
export interface OutageLogger {
  warn: (details: object, message: string) => void
  info: (details: object, message: string) => void
}

export interface RedisGuardOptions {
  /** Longest a Redis call may take before it counts as failed and the fallback answers (default: the client's `commandTimeout`, else 100 ms). */
  timeoutMs?: number
  /** After a failure, calls skip Redis this long; then a single call probes it again. */
  retryAfterMs?: number
}

/**
 * Runs `primary()` on Redis within the timeout; when it fails, times out, or Redis is known to
 * be away, answers `fallback` instead. A Redis outage never fails a call nor holds it up for
 * more than one timeout.
 */
export type RedisGuard = <R>(primary: () => Promise<R>, fallback: R) => Promise<R>

export const DEFAULT_REDIS_TIMEOUT_MS = 100
export const DEFAULT_REDIS_RETRY_AFTER_MS = 1000

class RedisTimeoutError extends Error {
  readonly code = 'SEE_S2_REDIS_TIMEOUT'
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

/** One guard per Redis use, so one outage is one warning and one recovery line. */
export function redisGuard (redis: Redis, log: OutageLogger, options: RedisGuardOptions = {}): RedisGuard {
  const timeoutMs = options.timeoutMs ?? redis.options.commandTimeout ?? DEFAULT_REDIS_TIMEOUT_MS
  const retryAfterMs = options.retryAfterMs ?? DEFAULT_REDIS_RETRY_AFTER_MS
  let down = false
  let downSince = 0
  let retryAt = 0
  let probing = false

  function enterOutage (reason: unknown, pause: boolean): void {
    if (pause) retryAt = Date.now() + retryAfterMs
    if (down) return
    down = true
    downSince = Date.now()
    log.warn({ reason: reasonOf(reason) }, 'Redis unavailable for the shared ente token cache: tokens are kept in process only until it is back')
  }

  function leaveOutage (): void {
    down = false
    log.info({ outageMs: Date.now() - downSince }, 'Redis answering the shared ente token cache again')
  }

  return async function guarded<R> (primary: () => Promise<R>, fallback: R): Promise<R> {
    // A client that is not connected would only fail the command (no offline queue): skip it.
    // No pause here: the status costs nothing to read, so the first call after reconnection probes.
    if (redis.status !== 'ready') {
      enterOutage(`not connected (${redis.status})`, false)
      return fallback
    }
    if (down && (probing || Date.now() < retryAt)) return fallback
    const probe = down
    if (probe) probing = true
    try {
      const value = await withTimeout(primary(), timeoutMs)
      if (probe) leaveOutage()
      return value
    } catch (err) {
      enterOutage(err, true)
      return fallback
    } finally {
      if (probe) probing = false
    }
  }
}
