import type { Redis } from 'ioredis'
import { KeyRing, postgresAuthStore, type AuthStore } from '@see/auth'
import { migrate, openDatabase, type Database, type DbLogger } from '@see/db'
import { createRedisClient, watchRedisOutages } from '@see/redis'

export interface PlatformOptions {
  /** PostgreSQL URL; without it the embedded PGlite is used. */
  databaseUrl?: string
  pgliteDir?: string
  /** Redis URL; without it caches, throttles and revocations live in process. */
  redisUrl?: string
  /** `SEE_JWT_KEYS` (JWKS or PEM); without it a signing key is generated at start. */
  jwtKeys?: string
  logger?: DbLogger
  /** An already open database (tests pass a private schema); migrated here, closed by the caller. */
  database?: Database
}

/** The gateway's stateful collaborators: the platform database, the signing keys and Redis. */
export interface Platform {
  db: Database
  store: AuthStore
  keys: KeyRing
  redis?: Redis
  close: () => Promise<void>
}

export async function openPlatform (options: PlatformOptions): Promise<Platform> {
  const db = options.database ?? await openDatabase({
    ...(options.databaseUrl && { databaseUrl: options.databaseUrl }),
    ...(options.pgliteDir && { pgliteDir: options.pgliteDir }),
    ...(options.logger && { logger: options.logger })
  })
  await migrate(db.pool, options.logger ? { logger: options.logger } : {})
  const keys = options.jwtKeys ? await KeyRing.fromConfig(options.jwtKeys) : await KeyRing.generate()
  // Fail fast instead of queueing: a Redis outage must make the gateway slower, never stuck.
  const redis = options.redisUrl ? createRedisClient(options.redisUrl, { autoPipelining: true }) : undefined
  if (redis) watchRedisOutages(redis, options.logger, 'falling back to in-process state')
  return {
    db,
    store: postgresAuthStore(db.pool),
    keys,
    ...(redis && { redis }),
    async close () {
      redis?.disconnect()
      if (!options.database) await db.close()
    }
  }
}
