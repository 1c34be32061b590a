import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import type { RedisGuard } from '@see/redis'

/** A fixed window: at most `max` counts per `timeWindowMs`. */
export interface Limit {
  max: number
  timeWindowMs: number
}

export interface Count {
  /** Counts in the current window, this one included. */
  count: number
  /** Until the window ends. */
  ttlMs: number
}

/**
 * Fixed-window counters that can also give a count back: a failure budget reserves one count
 * when a request is admitted (so parallel requests cannot all pass a check made before any of
 * them failed) and releases it when the request succeeds.
 */
export interface Counters {
  add: (key: string, timeWindowMs: number) => Promise<Count>
  /** Gives back one count of the current window (never below zero, never a new window). */
  release: (key: string) => Promise<void>
}

/** In process; bounded, the least recently used keys go first. */
export function memoryCounters (max = 20_000, now: () => number = Date.now): Counters {
  const windows = new LRUCache<string, { count: number, endsAt: number }>({ max })
  return {
    async add (key, timeWindowMs) {
      const at = now()
      let window = windows.get(key)
      if (window === undefined || window.endsAt <= at) {
        window = { count: 0, endsAt: at + timeWindowMs }
        windows.set(key, window)
      }
      window.count++
      return { count: window.count, ttlMs: window.endsAt - at }
    },
    async release (key) {
      const window = windows.get(key)
      if (window !== undefined && window.endsAt > now() && window.count > 0) window.count--
    }
  }
}

// One round trip each; a window starts with its first count and ends with the key.
const ADD = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
return {n, ttl}`
const RELEASE = `local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then return redis.call('DECR', KEYS[1]) end
return 0`

/** In Redis, shared by every instance. */
export function redisCounters (redis: Redis, prefix: string): Counters {
  return {
    async add (key, timeWindowMs) {
      const [count, ttlMs] = await redis.eval(ADD, 1, prefix + key, String(timeWindowMs)) as [number, number]
      return { count, ttlMs }
    },
    async release (key) {
      await redis.eval(RELEASE, 1, prefix + key)
    }
  }
}

/**
 * Redis counters that fall back to in-process ones while Redis is away: an outage neither stops
 * token issue nor adds latency (the guard skips Redis at once while it is known to be down, and
 * bounds every call by a short timeout), and the budgets still hold, per instance, until it is back.
 */
export function resilientCounters (redis: Redis, guard: RedisGuard, prefix: string): Counters {
  const shared = redisCounters(redis, prefix)
  const local = memoryCounters()
  return {
    add: async (key, timeWindowMs) => await guard.run(async () => await shared.add(key, timeWindowMs), async () => await local.add(key, timeWindowMs)),
    release: async key => await guard.run(async () => await shared.release(key), async () => await local.release(key))
  }
}
