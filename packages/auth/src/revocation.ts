import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import type { RedisGuard } from '@see/redis'

/** What a revocation names: one access token (`jti`) or every token of a refresh family (`sid`). */
export type RevocationKind = 'jti' | 'sid'

/**
 * Revoked access tokens, kept only as long as such a token could still be valid (its lifetime):
 * after that `exp` rejects it anyway. In Redis when the platform runs several instances,
 * in process otherwise.
 */
export interface RevocationList {
  revoke: (kind: RevocationKind, id: string, ttlSeconds: number) => Promise<void>
  isRevoked: (ids: { jti?: string, sid?: string }) => Promise<boolean>
}

export function memoryRevocationList (now: () => number = Date.now): RevocationList {
  const entries = new Map<string, number>()
  const alive = (key: string): boolean => {
    const until = entries.get(key)
    if (until === undefined) return false
    if (until > now()) return true
    entries.delete(key)
    return false
  }
  return {
    async revoke (kind, id, ttlSeconds) {
      if (ttlSeconds <= 0) return
      entries.set(`${kind}:${id}`, now() + ttlSeconds * 1000)
      // Bounded by the number of revocations within one token lifetime; sweep lazily.
      if (entries.size % 1024 === 0) for (const key of [...entries.keys()]) alive(key)
    },
    async isRevoked ({ jti, sid }) {
      return (jti !== undefined && alive(`jti:${jti}`)) || (sid !== undefined && alive(`sid:${sid}`))
    }
  }
}

/** Revocations in Redis only: a Redis error fails the check. Prefer `resilientRevocationList`. */
export function redisRevocationList (redis: Redis, prefix = 'see:oauth:revoked:'): RevocationList {
  return {
    async revoke (kind, id, ttlSeconds) {
      if (ttlSeconds <= 0) return
      await redis.set(`${prefix}${kind}:${id}`, '1', 'EX', Math.ceil(ttlSeconds))
    },
    async isRevoked ({ jti, sid }) {
      const keys = [jti === undefined ? undefined : `${prefix}jti:${jti}`, sid === undefined ? undefined : `${prefix}sid:${sid}`].filter((k): k is string => k !== undefined)
      if (keys.length === 0) return false
      return await redis.exists(...keys) > 0
    }
  }
}

export interface ResilientRevocationOptions {
  /** Decides when Redis is asked and when the in-process copy answers alone. */
  guard: RedisGuard
  prefix?: string
  /** Bound of the in-process copy; the least recently used revocations go first. */
  maxLocalEntries?: number
}

const keysOf = ({ jti, sid }: { jti?: string, sid?: string }): string[] =>
  [jti === undefined ? undefined : `jti:${jti}`, sid === undefined ? undefined : `sid:${sid}`].filter((k): k is string => k !== undefined)

/**
 * Revocations shared through Redis that survive a Redis outage. Every revocation is written to
 * Redis and to a bounded in-process copy (each entry lives as long as the tokens it names).
 * A check looks at the in-process copy first, then asks Redis (for revocations made by other
 * instances) within the guard's timeout; while Redis is away the in-process copy answers alone,
 * so a revocation made here during an outage still applies here. When Redis is back, the live
 * in-process revocations are copied to it (it may have restarted empty) for the other instances.
 */
export function resilientRevocationList (redis: Redis, options: ResilientRevocationOptions): RevocationList {
  const prefix = options.prefix ?? 'see:oauth:revoked:'
  const local = new LRUCache<string, true>({ max: options.maxLocalEntries ?? 100_000, ttlResolution: 1000 })
  const { guard } = options

  guard.onRecovery(async () => {
    const entries = [...local.keys()].map(key => [key, local.getRemainingTTL(key)] as const).filter(([, ttl]) => ttl > 0)
    for (let i = 0; i < entries.length; i += 1000) {
      const batch = redis.pipeline()
      for (const [key, ttl] of entries.slice(i, i + 1000)) batch.set(`${prefix}${key}`, '1', 'PX', Math.ceil(ttl))
      const results = await batch.exec()
      const failed = results?.find(([err]) => err !== null)?.[0]
      if (failed) throw failed
    }
  })

  return {
    async revoke (kind, id, ttlSeconds) {
      if (ttlSeconds <= 0) return
      local.set(`${kind}:${id}`, true, { ttl: ttlSeconds * 1000 })
      await guard.run(async () => { await redis.set(`${prefix}${kind}:${id}`, '1', 'EX', Math.ceil(ttlSeconds)) }, () => undefined)
    },
    async isRevoked (ids) {
      const keys = keysOf(ids)
      if (keys.length === 0) return false
      if (keys.some(key => local.has(key))) return true
      return await guard.run(async () => await redis.exists(...keys.map(key => prefix + key)) > 0, () => false)
    }
  }
}
