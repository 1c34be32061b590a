import type { Redis } from 'ioredis'
import type { CacheLogger, CacheStore, Framed } from './cache.js'

// Deletes the lock only if it still holds our token, so a slow holder whose lock expired never
// frees the lock another instance took since.
const COMPARE_AND_DELETE = 'if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end'
const COMPARE_AND_EXPIRE = 'if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end'
// A generation counter that forgets itself after a day without changes (entes that left do not
// leave keys behind), yet never goes back: a bump is at least the current time in ms, so a counter
// that expired restarts above every value it had, and no entry keyed with an old value resurfaces.
const BUMP_GENERATION = 'local v = redis.call("INCR", KEYS[1]) if v < tonumber(ARGV[1]) then v = tonumber(ARGV[1]) redis.call("SET", KEYS[1], v) end redis.call("PEXPIRE", KEYS[1], ARGV[2]) return v'
/** How long a generation counter outlives its last change: far beyond the longest entry lifetime. */
export const GENERATION_RETENTION_MS = 24 * 60 * 60 * 1000

export interface RedisCacheOptions {
  /** Namespace of every key this store writes, e.g. `see:`. */
  prefix?: string
  logger?: CacheLogger
}

function parse<T> (raw: string | null): T | undefined {
  if (raw === null) return undefined
  try {
    return JSON.parse(raw) as T
  } catch {
    return undefined
  }
}

// JSON.stringify never writes a raw newline, so the first one ends the head.
const FRAME_SEPARATOR = 0x0a

function frame (framed: Framed): Buffer {
  const body = typeof framed.body === 'string' ? Buffer.from(framed.body) : framed.body
  return Buffer.concat([Buffer.from(JSON.stringify(framed.head)), Buffer.of(FRAME_SEPARATOR), body])
}

function unframe (raw: Buffer | null): Framed | undefined {
  if (raw === null) return undefined
  const end = raw.indexOf(FRAME_SEPARATOR)
  if (end < 0) return undefined
  try {
    const head: unknown = JSON.parse(raw.subarray(0, end).toString('utf8'))
    if (head === null || typeof head !== 'object') return undefined
    return { head, body: raw.subarray(end + 1) }
  } catch {
    return undefined
  }
}

function counterValue (raw: string | null): number {
  const n = raw === null ? 0 : Number(raw)
  return Number.isSafeInteger(n) ? n : 0
}

function globEscape (text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}

/** A `CacheStore` over Redis: values as JSON, TTLs in milliseconds (`PX`), keys under a prefix. */
export function redisCache (redis: Redis, options: RedisCacheOptions = {}): CacheStore {
  const prefix = options.prefix ?? 'see:'
  const k = (key: string): string => prefix + key
  return {
    async get<T> (key: string) {
      return parse<T>(await redis.get(k(key)))
    },
    async set (key, value, ttlMs) {
      if (value === undefined) return
      if (ttlMs > 0) await redis.set(k(key), JSON.stringify(value), 'PX', Math.ceil(ttlMs))
      else await redis.del(k(key))
    },
    async delete (key) {
      await redis.del(k(key))
    },
    async getFramed (key) {
      return unframe(await redis.getBuffer(k(key)))
    },
    async setFramed (key, framed, ttlMs) {
      if (ttlMs > 0) await redis.set(k(key), frame(framed), 'PX', Math.ceil(ttlMs))
      else await redis.del(k(key))
    },
    async setIfAbsent (key, value, ttlMs) {
      if (ttlMs <= 0) return false
      return await redis.set(k(key), JSON.stringify(value), 'PX', Math.ceil(ttlMs), 'NX') === 'OK'
    },
    async deleteIfEquals (key, value) {
      return await redis.eval(COMPARE_AND_DELETE, 1, k(key), JSON.stringify(value)) === 1
    },
    async expireIfEquals (key, value, ttlMs) {
      if (ttlMs <= 0) return false
      return await redis.eval(COMPARE_AND_EXPIRE, 1, k(key), JSON.stringify(value), String(Math.ceil(ttlMs))) === 1
    },
    async increment (key) {
      return Number(await redis.eval(BUMP_GENERATION, 1, k(key), String(Date.now()), String(GENERATION_RETENTION_MS)))
    },
    async counters (keys) {
      if (keys.length === 0) return []
      return (await redis.mget(keys.map(k))).map(counterValue)
    },
    async clear () {
      if (prefix === '') throw new Error('refusing to clear a Redis cache without a key prefix')
      const stream = redis.scanStream({ match: `${globEscape(prefix)}*`, count: 500 })
      for await (const batch of stream as AsyncIterable<string[]>) {
        if (batch.length > 0) await redis.unlink(...batch)
      }
    },
    ready: () => redis.status === 'ready'
  }
}
