import { LRUCache } from 'lru-cache'

/** A small async key-value cache. In process when embedded; Redis-backed when REDIS_URL is set. */
export interface Cache {
  get: <T>(key: string) => Promise<T | undefined>
  set: (key: string, value: unknown, ttlMs: number) => Promise<void>
}

/** Bounded in-process cache: the embedded default, and the fallback when Redis is away. */
export function memoryCache (maxEntries = 10_000): Cache {
  const lru = new LRUCache<string, { value: unknown }>({ max: maxEntries, ttlAutopurge: false })
  return {
    async get<T> (key: string) {
      return lru.get(key)?.value as T | undefined
    },
    async set (key, value, ttlMs) {
      lru.set(key, { value }, { ttl: ttlMs })
    }
  }
}
