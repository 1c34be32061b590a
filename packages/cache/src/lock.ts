import { randomUUID } from 'node:crypto'
import type { CacheStore } from './cache.js'

// The one lock protocol of the platform (pages in the gateway, ente tokens in the services, the
// monitor's leadership): a short lease `lock:<key>` taken with SET NX PX holding a random owner,
// renewed by compare-and-expire and released by compare-and-delete, so a slow holder whose lease
// expired never extends nor frees the lease another instance took since. A lease that is never
// released (a crashed holder) ends by its TTL.

/** The key a lock on `key` lives under. */
export function lockKeyOf (key: string): string {
  return `lock:${key}`
}

export interface Lease {
  /** Frees the lock if this lease still holds it; never fails (the lease expires by itself). */
  release: () => Promise<void>
  /**
   * Extends the lease to `ttlMs` from now if it still holds the lock: false when it was lost (it
   * expired and may be another's). A store that cannot answer renews it, as `tryLock` grants it.
   */
  renew: (ttlMs: number) => Promise<boolean>
}

/**
 * Takes the lock on `key` for `ttlMs`: a lease when this caller holds it, undefined when another
 * does. A store that cannot answer grants the lease (nobody can be told to wait: each instance
 * computes on its own, never failing).
 */
export async function tryLock (store: CacheStore, key: string, ttlMs: number): Promise<Lease | undefined> {
  const lockKey = lockKeyOf(key)
  const owner = randomUUID()
  let taken: boolean
  try {
    taken = await store.setIfAbsent(lockKey, owner, ttlMs)
  } catch {
    taken = true
  }
  if (!taken) return undefined
  return {
    async release () {
      try {
        await store.deleteIfEquals(lockKey, owner)
      } catch {}
    },
    async renew (ttl) {
      try {
        return await store.expireIfEquals(lockKey, owner, ttl)
      } catch {
        return true
      }
    }
  }
}

/** Whether another caller holds the lock on `key` (false when the store cannot tell). */
export async function isLocked (store: CacheStore, key: string): Promise<boolean> {
  try {
    return await store.get(lockKeyOf(key)) !== undefined
  } catch {
    return false
  }
}

/** `work` under the lease, releasing it however `work` ends. */
export async function underLease<T> (lease: Lease, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } finally {
    await lease.release()
  }
}
