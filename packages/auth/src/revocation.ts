import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import type { RedisGuard } from '@see/redis'

/** What a revocation names: one access token (`jti`) or every token of a refresh family (`sid`). */
export type RevocationKind = 'jti' | 'sid'

/** What a token is checked by: its id, its refresh family, and its client with the second it was issued. */
export interface TokenIds {
  jti?: string | undefined
  sid?: string | undefined
  clientId?: string | undefined
  /** `iat`, epoch seconds. */
  iat?: number | undefined
}

/**
 * Revoked access tokens, kept only as long as such a token could still be valid (its lifetime):
 * after that `exp` rejects it anyway. In Redis when the platform runs several instances,
 * in process otherwise.
 */
export interface RevocationList {
  revoke: (kind: RevocationKind, id: string, ttlSeconds: number) => Promise<void>
  /** Revokes every token of a client issued at or before `issuedUpTo` (epoch seconds). */
  revokeClient: (clientId: string, issuedUpTo: number, ttlSeconds: number) => Promise<void>
  isRevoked: (ids: TokenIds) => Promise<boolean>
}

/** Entry keys and the value each holds: 1 for a token or family, the cut-off second for a client. */
function entriesOf ({ jti, sid, clientId }: TokenIds): string[] {
  return [jti === undefined ? undefined : `jti:${jti}`, sid === undefined ? undefined : `sid:${sid}`, clientId === undefined ? undefined : `client:${clientId}`]
    .filter((k): k is string => k !== undefined)
}

/** Whether the value found under `key` revokes the token. */
function revokes (key: string, value: number | undefined, iat: number | undefined): boolean {
  if (value === undefined) return false
  if (!key.startsWith('client:')) return true
  return iat === undefined || iat <= value
}

export function memoryRevocationList (now: () => number = Date.now): RevocationList {
  const entries = new Map<string, { until: number, value: number }>()
  const valueOf = (key: string): number | undefined => {
    const entry = entries.get(key)
    if (entry === undefined) return undefined
    if (entry.until > now()) return entry.value
    entries.delete(key)
    return undefined
  }
  const set = (key: string, value: number, ttlSeconds: number): void => {
    if (ttlSeconds <= 0) return
    entries.set(key, { until: now() + ttlSeconds * 1000, value: Math.max(value, valueOf(key) ?? value) })
    // Bounded by the number of revocations within one token lifetime; sweep lazily.
    if (entries.size % 1024 === 0) for (const k of [...entries.keys()]) valueOf(k)
  }
  return {
    async revoke (kind, id, ttlSeconds) {
      set(`${kind}:${id}`, 1, ttlSeconds)
    },
    async revokeClient (clientId, issuedUpTo, ttlSeconds) {
      set(`client:${clientId}`, issuedUpTo, ttlSeconds)
    },
    async isRevoked (ids) {
      return entriesOf(ids).some(key => revokes(key, valueOf(key), ids.iat))
    }
  }
}

/** One round trip: every entry a token may be revoked by. */
async function revokedInRedis (redis: Redis, prefix: string, ids: TokenIds): Promise<boolean> {
  const keys = entriesOf(ids)
  if (keys.length === 0) return false
  const values = await redis.mget(...keys.map(key => prefix + key))
  return keys.some((key, i) => revokes(key, values[i] === null || values[i] === undefined ? undefined : Number(values[i]), ids.iat))
}

/** Revocations in Redis only: a Redis error fails the check. Prefer `resilientRevocationList`. */
export function redisRevocationList (redis: Redis, prefix = 'see:oauth:revoked:'): RevocationList {
  return {
    async revoke (kind, id, ttlSeconds) {
      if (ttlSeconds <= 0) return
      await redis.set(`${prefix}${kind}:${id}`, '1', 'EX', Math.ceil(ttlSeconds))
    },
    async revokeClient (clientId, issuedUpTo, ttlSeconds) {
      if (ttlSeconds <= 0) return
      await redis.set(`${prefix}client:${clientId}`, String(issuedUpTo), 'EX', Math.ceil(ttlSeconds))
    },
    async isRevoked (ids) {
      return await revokedInRedis(redis, prefix, ids)
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
  const local = new LRUCache<string, number>({ max: options.maxLocalEntries ?? 100_000, ttlResolution: 1000 })
  const { guard } = options

  guard.onRecovery(async () => {
    const entries = [...local.entries()].map(([key, value]) => [key, value, local.getRemainingTTL(key)] as const).filter(([, , ttl]) => ttl > 0)
    for (let i = 0; i < entries.length; i += 1000) {
      const batch = redis.pipeline()
      for (const [key, value, ttl] of entries.slice(i, i + 1000)) batch.set(`${prefix}${key}`, String(value), 'PX', Math.ceil(ttl))
      const results = await batch.exec()
      const failed = results?.find(([err]) => err !== null)?.[0]
      if (failed) throw failed
    }
  })

  const set = async (key: string, value: number, ttlSeconds: number): Promise<void> => {
    if (ttlSeconds <= 0) return
    local.set(key, Math.max(value, local.get(key) ?? value), { ttl: ttlSeconds * 1000 })
    await guard.run(async () => { await redis.set(prefix + key, String(value), 'EX', Math.ceil(ttlSeconds)) }, () => undefined)
  }
  return {
    revoke: async (kind, id, ttlSeconds) => { await set(`${kind}:${id}`, 1, ttlSeconds) },
    revokeClient: async (clientId, issuedUpTo, ttlSeconds) => { await set(`client:${clientId}`, issuedUpTo, ttlSeconds) },
    async isRevoked (ids) {
      if (entriesOf(ids).some(key => revokes(key, local.get(key), ids.iat))) return true
      return await guard.run(async () => await revokedInRedis(redis, prefix, ids), () => false)
    }
  }
}
