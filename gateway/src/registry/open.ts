import type { Redis } from 'ioredis'
import type { Database, DbLogger } from '@see/db'
import {
  memoryChangeBus, redisChangeBus, registryChangesChannel, registryDirectories,
  type CredentialKeys, type RegistryChangeBus, type RegistryContext, type RegistryDirectories, type Resolver, type UrlPolicy
} from '@see/registry'
import type { RegistryPluginOptions } from '../plugins/registry.js'

export interface OpenRegistryOptions {
  pool: Database['pool']
  keys: CredentialKeys
  urlPolicy: UrlPolicy
  /** DNS for the URL check at registration (tests); the system's resolver otherwise. */
  resolve?: Resolver
  /** With Redis, changes reach the other instances and services by pub/sub. */
  redis?: Redis
  redisPrefix?: string
  /** Polling period, the safety net (default 5 s, 30 s with Redis). */
  refreshMs?: number
  logger?: DbLogger
}

export interface OpenedRegistry {
  ctx: RegistryContext
  directories: RegistryDirectories
  changes: RegistryChangeBus
  /** What `buildGateway({ registry })` takes. */
  gatewayOptions: Omit<RegistryPluginOptions, 'store' | 'systems'>
  close: () => Promise<void>
}

/** The Sistema Registral for a gateway process: its context, its change bus and its directories. */
export async function openRegistry (options: OpenRegistryOptions): Promise<OpenedRegistry> {
  const changes = options.redis === undefined
    ? memoryChangeBus(options.logger)
    : redisChangeBus(options.redis, { channel: registryChangesChannel(options.redisPrefix), ...(options.logger && { logger: options.logger }) })
  const directories = await registryDirectories({ pool: options.pool, keys: options.keys }, {
    refreshMs: options.refreshMs ?? (options.redis === undefined ? 5_000 : 30_000),
    changes,
    ...(options.logger && { logger: options.logger })
  })
  const ctx: RegistryContext = { pool: options.pool, keys: options.keys, urlPolicy: options.urlPolicy, ...(options.resolve && { resolve: options.resolve }) }
  return {
    ctx,
    directories,
    changes,
    gatewayOptions: { ctx, directories, changes },
    async close () {
      directories.close()
      await changes.close()
    }
  }
}
