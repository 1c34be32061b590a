/** The two lines an outage leaves: one warning when it begins, one info line when it ends. */
export interface OutageLogger {
  warn: (details: object, message: string) => void
  info: (details: object, message: string) => void
}

export const DEFAULT_REDIS_TIMEOUT_MS = 100
export const DEFAULT_REDIS_RETRY_AFTER_MS = 1000

export interface RedisGuardOptions {
  logger: OutageLogger
  /** What Redis serves, named in the outage lines, e.g. 'the authorization server'. */
  name: string
  /** What the fallback does meanwhile, e.g. 'tokens are kept in process only'. */
  whileDown: string
  /** The client whose `status` is read before each call (an ioredis client): anything but 'ready' skips Redis. */
  client?: { readonly status: string }
  /** Longest a Redis call may take before it counts as failed and the fallback answers (default 100 ms). */
  timeoutMs?: number
  /** After a failure, calls skip Redis this long; then a single call probes it again (default 1 s). */
  retryAfterMs?: number
  /** Awaited when an outage begins (e.g. to empty a fallback that may hold stale entries). */
  onOutage?: () => Promise<void>
  /** Awaited after the first successful probe, before the outage ends; if it fails, the outage goes on. */
  beforeRecovery?: () => Promise<void>
}

/** One guard per Redis use, so that one outage is one warning, one recovery line and one probe at a time. */
export interface RedisGuard {
  /**
   * `primary()` on Redis within the timeout. When it fails, times out, or Redis is known to be
   * away (not connected, or failed less than `retryAfterMs` ago), `fallback()` answers instead:
   * a Redis outage never fails a call nor holds it up for more than one timeout.
   */
  run: <R>(primary: () => Promise<R>, fallback: () => R | Promise<R>) => Promise<R>
  /** Whether Redis is serving calls right now. */
  available: () => boolean
  /** Runs `listener` in the background each time an outage ends (e.g. to copy in-process state back). */
  onRecovery: (listener: () => Promise<void>) => void
}

class RedisTimeoutError extends Error {
  readonly code = 'SEE_REDIS_TIMEOUT'
  constructor (ms: number) {
    super(`Redis did not answer within ${ms} ms`)
  }
}

/** Times the bound is renewed when it expired on a late event loop rather than on Redis. */
const LAG_RENEWALS = 2

/**
 * `work`, or a `SEE_REDIS_TIMEOUT` error once `ms` have passed on time. Bounded by Redis, not by
 * the event loop: a timer that fires late (the loop was busy, e.g. under load) is renewed, up to
 * `LAG_RENEWALS` times, since Redis may well have answered meanwhile; and before giving up, the
 * answers already read from the socket are handled (the rejection waits for `setImmediate`, which
 * runs after the loop's I/O phase), so an answer that arrived in time is never taken for an outage.
 */
export async function withTimeout<R> (work: Promise<R>, ms: number): Promise<R> {
  let timer: NodeJS.Timeout | undefined
  let immediate: NodeJS.Immediate | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    const arm = (renewals: number): void => {
      const armedAt = performance.now()
      timer = setTimeout(() => {
        const lateMs = performance.now() - armedAt - ms
        if (lateMs > ms / 2 && renewals < LAG_RENEWALS) return arm(renewals + 1)
        immediate = setImmediate(() => reject(new RedisTimeoutError(ms)))
      }, ms)
    }
    arm(0)
  })
  work.catch(() => {}) // a late failure, after the timeout answered, has nobody left to tell
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
    if (immediate !== undefined) clearImmediate(immediate)
  }
}

const reasonOf = (err: unknown): string => err instanceof Error ? err.message : String(err)

export function redisGuard (options: RedisGuardOptions): RedisGuard {
  const { logger, name, client } = options
  const timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS
  const retryAfterMs = options.retryAfterMs ?? DEFAULT_REDIS_RETRY_AFTER_MS
  const listeners: Array<() => Promise<void>> = []
  let down = false
  let downSince = 0
  let retryAt = 0
  let probing = false

  async function enterOutage (reason: unknown, pause: boolean): Promise<void> {
    if (pause) retryAt = Date.now() + retryAfterMs
    if (down) return
    down = true
    downSince = Date.now()
    logger.warn({ reason: reasonOf(reason) }, `Redis unavailable for ${name}: ${options.whileDown} until it is back`)
    await options.onOutage?.()
  }

  async function leaveOutage (): Promise<void> {
    await options.beforeRecovery?.()
    down = false
    logger.info({ outageMs: Date.now() - downSince }, `Redis answering ${name} again`)
    for (const listener of listeners) {
      listener().catch(err => logger.warn({ reason: reasonOf(err) }, `Redis is back but the in-process state of ${name} could not be copied to it`))
    }
  }

  const connected = (): boolean => client === undefined || client.status === 'ready'

  return {
    async run (primary, fallback) {
      // Never hand a command to a client that is not connected: it would only fail (no offline queue).
      // No pause here: the status costs nothing to read, so the first call after reconnection probes.
      if (!connected()) {
        await enterOutage(`not connected (${client?.status ?? ''})`, false)
        return await fallback()
      }
      if (down && (probing || Date.now() < retryAt)) return await fallback()
      const probe = down
      if (probe) probing = true
      try {
        const value = await withTimeout(primary(), timeoutMs)
        if (probe) await leaveOutage()
        return value
      } catch (err) {
        await enterOutage(err, true)
        return await fallback()
      } finally {
        if (probe) probing = false
      }
    },
    available: () => !down && connected(),
    onRecovery: listener => { listeners.push(listener) }
  }
}
