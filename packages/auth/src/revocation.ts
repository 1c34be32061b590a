import type { Redis } from 'ioredis'

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
