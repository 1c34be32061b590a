import { once } from 'node:events'
import { Redis } from 'ioredis'
import { DEFAULT_REDIS_TIMEOUT_MS } from './guard.js'

export interface RedisClientLogger {
  debug: (details: object, message: string) => void
}

export interface RedisClientOptions {
  /** Where connection errors go, at debug level: the guard reports each outage once. Default: nowhere. */
  logger?: RedisClientLogger
  /** Bound on every command: a slow Redis must cost the request little (default 100 ms). */
  commandTimeoutMs?: number
  /** Longest pause between reconnection attempts (default 1 s). */
  maxReconnectDelayMs?: number
  /** Batches the commands issued in one tick (ioredis `enableAutoPipelining`). */
  autoPipelining?: boolean
}

/**
 * An ioredis client that never holds a request up: commands fail at once while disconnected (no
 * offline queue, no retries) and time out quickly; ioredis keeps reconnecting by itself.
 */
export function createRedisClient (url: string, options: RedisClientOptions = {}): Redis {
  const maxDelay = options.maxReconnectDelayMs ?? 1000
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
    connectTimeout: 1000,
    enableAutoPipelining: options.autoPipelining ?? false,
    retryStrategy: (times) => Math.min(times * 50, maxDelay)
  })
  const logger = options.logger
  redis.on('error', (err: Error) => logger?.debug({ err: { message: err.message } }, 'redis connection error'))
  return redis
}

/** Resolves when the client is ready (true), or after `timeoutMs` (false: callers start on their fallback). */
export async function waitForRedis (redis: Redis, timeoutMs = 1000): Promise<boolean> {
  if (redis.status === 'ready') return true
  try {
    await once(redis, 'ready', { signal: AbortSignal.timeout(timeoutMs) })
    return true
  } catch {
    return false
  }
}

/** Closes the client: politely when connected, at once otherwise (QUIT would wait for a dead server). */
export async function closeRedis (redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    try {
      await redis.quit()
      return
    } catch {}
  }
  redis.disconnect()
}

export interface RedisOutageLogger {
  warn: (details: object, message: string) => void
  info: (details: object, message: string) => void
}

/**
 * One warning when Redis goes away and one line when it is back, not one per reconnect attempt.
 * `whileDown` says what the process does meanwhile (e.g. "registry changes arrive by polling").
 */
export function watchRedisOutages (redis: Redis, logger: RedisOutageLogger | undefined, whileDown: string): void {
  let healthy = true
  redis.on('error', (err: Error) => {
    if (!healthy) return
    healthy = false
    logger?.warn({ err: { message: err.message } }, `redis unavailable: ${whileDown}`)
  })
  redis.on('ready', () => {
    if (healthy) return
    healthy = true
    logger?.info({}, 'redis available again')
  })
}
