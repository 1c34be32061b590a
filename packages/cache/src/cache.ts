import { LRUCache } from 'lru-cache'

/**
 * A small async key-value cache. In process when embedded; Redis-backed when REDIS_URL is set.
 * Values are JSON data and must be treated as read-only: the in-process store hands out the
 * object it holds. A `ttlMs` of zero or less stores nothing.
 */
export interface Cache {
  get: <T>(key: string) => Promise<T | undefined>
  set: (key: string, value: unknown, ttlMs: number) => Promise<void>
}

/**
 * An entry whose bulk is opaque bytes (a serialized page): a small JSON `head` beside a `body`
 * stored as it is. Redis keeps it as `<head JSON>\n<body>` and hands the body back undecoded, so a
 * hit is written to the socket without decoding or parsing the page.
 */
export interface Framed {
  head: object
  body: string | Buffer
}

/**
 * What coordination on top of a cache needs: short locks (coalescing across gateway
 * instances), counters (generations for invalidation) and cleanup. Redis and the in-process
 * store both implement it, so the same logic runs embedded, with Redis, and while Redis is away.
 */
export interface CacheStore extends Cache {
  delete: (key: string) => Promise<void>
  getFramed: (key: string) => Promise<Framed | undefined>
  /** Stores a framed entry (a `ttlMs` of zero or less stores nothing). Read it back with `getFramed` only. */
  setFramed: (key: string, framed: Framed, ttlMs: number) => Promise<void>
  /** Stores the value only when the key is absent (`SET NX PX`); true when this call stored it. */
  setIfAbsent: (key: string, value: string, ttlMs: number) => Promise<boolean>
  /** Deletes the key only while it still holds `value` (compare-and-delete); true when deleted. */
  deleteIfEquals: (key: string, value: string) => Promise<boolean>
  /** Gives the key a new TTL only while it still holds `value` (compare-and-expire); true when renewed. */
  expireIfEquals: (key: string, value: string, ttlMs: number) => Promise<boolean>
  /**
   * Raises a generation counter (absent counts as 0) and returns it: always above every value it
   * had, and forgotten after a day without changes (see `GENERATION_RETENTION_MS`).
   */
  increment: (key: string) => Promise<number>
  /** Current values of counters, 0 for absent ones, in the order asked. */
  counters: (keys: string[]) => Promise<number[]>
  /** Removes every entry and counter of this store (its prefix, for Redis). */
  clear: () => Promise<void>
  /** False while the store knows it cannot answer (Redis not connected); absent means always ready. */
  ready?: () => boolean
}

/** The part of a pino logger the cache writes to; Fastify's `app.log` fits as it is. */
export interface CacheLogger {
  debug: (obj: object, msg?: string) => void
  info: (obj: object, msg?: string) => void
  warn: (obj: object, msg?: string) => void
}

const noop = (): void => {}

export const silentCacheLogger: CacheLogger = { debug: noop, info: noop, warn: noop }

// What an entry weighs in the in-process LRU: a framed entry its body (pages are the big entries),
// anything else a flat estimate (counts, locks, catalogues of institutions).
const ENTRY_OVERHEAD_BYTES = 256

/** Bytes a framed body takes in memory (its UTF-8 length when kept as a string). */
export function bodyBytes (body: Framed['body']): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.length
}

function framedBytes (framed: Framed): number {
  return ENTRY_OVERHEAD_BYTES + bodyBytes(framed.body)
}

export interface MemoryCacheLimits {
  /** Most entries (default 10,000). */
  maxEntries?: number
  /** Most bytes of framed bodies and entry estimates together (default 256 MiB); the least recently used go first. */
  maxBytes?: number
}

/**
 * Bounded in-process cache: the embedded default, and the fallback when Redis is away. Bounded
 * by entries and by bytes, so a few large pages cannot grow it past its share of memory.
 * Counters live apart from the LRU so eviction under pressure can never roll a generation back
 * (which would bring invalidated entries back to life).
 */
export function memoryCache (limits: MemoryCacheLimits = {}): CacheStore {
  const lru = new LRUCache<string, { value: unknown, bytes: number }>({
    max: limits.maxEntries ?? 10_000,
    maxSize: limits.maxBytes ?? 256 * 1024 * 1024,
    sizeCalculation: entry => entry.bytes,
    ttlAutopurge: false
  })
  const counters = new Map<string, number>()
  return {
    async get<T> (key: string) {
      return lru.get(key)?.value as T | undefined
    },
    async set (key, value, ttlMs) {
      if (ttlMs > 0) lru.set(key, { value, bytes: ENTRY_OVERHEAD_BYTES }, { ttl: ttlMs })
      else lru.delete(key)
    },
    async delete (key) {
      lru.delete(key)
    },
    async getFramed (key) {
      return lru.get(key)?.value as Framed | undefined
    },
    async setFramed (key, framed, ttlMs) {
      if (ttlMs > 0) lru.set(key, { value: framed, bytes: framedBytes(framed) }, { ttl: ttlMs })
      else lru.delete(key)
    },
    async setIfAbsent (key, value, ttlMs) {
      if (ttlMs <= 0 || lru.has(key)) return false
      lru.set(key, { value, bytes: ENTRY_OVERHEAD_BYTES }, { ttl: ttlMs })
      return true
    },
    async deleteIfEquals (key, value) {
      if (lru.get(key)?.value !== value) return false
      lru.delete(key)
      return true
    },
    async expireIfEquals (key, value, ttlMs) {
      const entry = lru.get(key)
      if (ttlMs <= 0 || entry?.value !== value) return false
      lru.set(key, entry, { ttl: ttlMs })
      return true
    },
    async increment (key) {
      const next = (counters.get(key) ?? 0) + 1
      counters.set(key, next)
      return next
    },
    async counters (keys) {
      return keys.map(k => counters.get(k) ?? 0)
    },
    async clear () {
      lru.clear()
      counters.clear()
    }
  }
}
