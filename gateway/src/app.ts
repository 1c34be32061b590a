import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { createServer } from '@see/kit'
import type { EnteDirectory } from '@see/registry'
import type { Redis } from 'ioredis'
import { federationCache, memoryCache, redisCache, resilientCache, type CacheStore, type CacheTtlOptions } from './cache/index.js'
import { defaultSpicSettings, type SpicFederationSettings } from './federation/context.js'
import auth, { type AuthPluginOptions } from './plugins/auth.js'
import federation from './plugins/federation.js'
import openapi from './plugins/openapi.js'
import registry, { type RegistryPluginOptions } from './plugins/registry.js'
import routes from './routes/index.js'
import type { S2Port } from './upstream/s2-client.js'

export interface GatewayOptions {
  /** Who answers PDN queries; with `registry`, its production directory by default. */
  directory?: EnteDirectory
  s2: S2Port
  /** Cache store; by default Redis (when `redis` is given) over an in-process fallback. */
  cache?: CacheStore
  redis?: Redis
  /** Prefix of every Redis key this gateway writes (default `see:`); instances of one deployment share it. */
  redisPrefix?: string
  cacheTtls?: CacheTtlOptions
  /** With Redis: how long a page read from it is kept in process (default 1 s; 0 turns it off). */
  pageNearMs?: number
  settings?: Partial<SpicFederationSettings>
  logger?: FastifyServerOptions['logger']
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES); none by default. */
  trustProxy?: string[]
  auth: AuthPluginOptions
  /** The Sistema Registral: with it, the `/registro/v1` API and hot reload of the directory. */
  registry?: Omit<RegistryPluginOptions, 'store'>
}

/** Redis when configured, behind a fallback that keeps answering from memory while it is away. */
function cacheStore (options: GatewayOptions, app: FastifyInstance): CacheStore {
  if (options.cache) return options.cache
  if (!options.redis) return memoryCache()
  return resilientCache(redisCache(options.redis, { prefix: `${options.redisPrefix ?? 'see:'}cache:` }), memoryCache(), { logger: app.log, timeoutMs: 100 })
}

const PAGE_NEAR_MS = 1_000

/** The public edge: the PDN's API over every ente, as one standard provider per system. */
export async function buildGateway (options: GatewayOptions): Promise<FastifyInstance> {
  const app = await createServer({ name: 'gateway', ...(options.logger !== undefined ? { logger: options.logger } : {}), ...(options.trustProxy && { trustProxy: options.trustProxy }) })
  await app.register(openapi)
  await app.register(auth, { ...options.auth, ...(options.redis && { redis: options.redis, redisPrefix: `${options.redisPrefix ?? 'see:'}auth:` }) })
  const directory = options.directory ?? options.registry?.directories.production
  if (directory === undefined) throw new Error('buildGateway: give a directory or the registry')
  await app.register(federation, {
    directory,
    s2: options.s2,
    cache: federationCache({
      store: cacheStore(options, app),
      logger: app.log,
      // With Redis, a hot page is read from it at most once a second per instance (see read-through.ts).
      ...(options.redis && { nearMs: options.pageNearMs ?? PAGE_NEAR_MS }),
      ...(options.cacheTtls && { ttls: options.cacheTtls })
    }),
    settings: { ...defaultSpicSettings, ...options.settings }
  })
  if (options.registry) await app.register(registry, { ...options.registry, store: options.auth.store })
  await app.register(routes)
  return app
}
