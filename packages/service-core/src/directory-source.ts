import { migrate, openDatabase, type Database, type DbLogger } from '@see/db'
import {
  directoryFromFile, parseCredentialKeys, redisChangeBus, registryChangesChannel, registryDirectories,
  type CredentialKeys, type DatabaseDirectory, type EnteDirectory
} from '@see/registry'
import { ConfigError } from '@see/kit'
import { closeRedis, createRedisClient, watchRedisOutages } from '@see/redis'
import type { ServiceConfig } from './config.js'

/** Where the service learns who the entes are, and what to close on shutdown. */
export interface DirectorySource {
  directory: EnteDirectory
  /** Present with the registry: connections in `pruebas` or `mantenimiento`. */
  sandbox?: DatabaseDirectory
  /** With the registry: the platform database and key ring (the outbox of filings lives there). */
  database?: { pool: Database['pool'], keys: CredentialKeys }
  close: () => Promise<void>
}

/**
 * With DATABASE_URL the entes come from the Sistema Registral: production and sandbox directories
 * reloaded at once on every change announced over Redis, and by polling as a safety net. The
 * schema is migrated first (safe alongside the gateway doing the same), so the start order of the
 * processes does not matter. Without DATABASE_URL, the foundation's ENTES_FILE.
 */
export async function openDirectorySource (config: ServiceConfig, logger: DbLogger): Promise<DirectorySource> {
  if (config.DATABASE_URL === undefined) {
    if (config.ENTES_FILE === undefined) throw new ConfigError('indique DATABASE_URL (Sistema Registral) o ENTES_FILE')
    return { directory: directoryFromFile(config.ENTES_FILE), close: async () => {} }
  }
  const keys = parseCredentialKeys(config.SEE_CREDENTIALS_KEYS)
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, maxConnections: 4, logger })
  await migrate(db.pool, { logger })
  const redis = config.REDIS_URL === undefined ? undefined : createRedisClient(config.REDIS_URL)
  if (redis) watchRedisOutages(redis, logger, 'registry changes arrive by polling')
  const changes = redis === undefined ? undefined : redisChangeBus(redis, { channel: registryChangesChannel(config.REDIS_PREFIX), logger })
  const directories = await registryDirectories({ pool: db.pool, keys }, {
    refreshMs: config.REGISTRY_REFRESH_MS ?? (changes === undefined ? 5_000 : 30_000),
    ...(changes && { changes }),
    logger
  })
  return {
    directory: directories.production,
    sandbox: directories.sandbox,
    database: { pool: db.pool, keys },
    async close () {
      directories.close()
      await changes?.close()
      if (redis) await closeRedis(redis)
      await db.close()
    }
  }
}
