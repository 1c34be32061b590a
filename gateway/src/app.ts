import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { createServer } from '@see/kit'
import { installGatewayMetrics } from './metrics.js'
import type { EnteDirectory } from '@see/registry'
import type { SystemProfile } from '@see/systems'
import type { Redis } from 'ioredis'
import { federationCache, memoryCache, redisCache, resilientCache, type CacheStore, type CacheTtlOptions, type ResilientCache } from './cache/index.js'
import { defaultFederationSettings, type FederationSettings } from './federation/context.js'
import auth, { type AuthPluginOptions } from './plugins/auth.js'
import cors from './plugins/cors.js'
import federation from './plugins/federation.js'
import openapi, { type OperatorDocs } from './plugins/openapi.js'
import queryAudit, { type QueryAuditPluginOptions } from './plugins/query-audit.js'
import dataRateLimit, { type DataRateLimit } from './plugins/rate-limit.js'
import intake, { type IntakeRoutesOptions } from './plugins/intake.js'
import registry, { type RegistryPluginOptions } from './plugins/registry.js'
import routes, { type OcdsRoutesOptions } from './routes/index.js'
import portal, { type PortalOptions } from './portal/index.js'
import type { SystemPort, SystemRegistryPort } from './upstream/service-client.js'

/** A system this gateway federates and the service that speaks to its entes. */
export interface GatewaySystem {
  system: SystemProfile
  /** The federation needs `batch` and `dependencias`; the registry its connection tests and sandbox; readiness `ready`. */
  service: SystemPort & Partial<SystemRegistryPort> & { ready?: () => Promise<boolean> }
}

export interface GatewayOptions {
  /** Who answers PDN queries; with `registry`, its production directory by default. */
  directory?: EnteDirectory
  /** The systems this gateway federates: each gets its routes, scope, docs and cache. */
  systems: GatewaySystem[]
  /** Cache store; by default Redis (when `redis` is given) over an in-process fallback. */
  cache?: CacheStore
  redis?: Redis
  /** Prefix of every Redis key this gateway writes (default `see:`); instances of one deployment share it. */
  redisPrefix?: string
  cacheTtls?: CacheTtlOptions
  /** With Redis: how long a page read from it is kept in process (default 1 s; 0 turns it off). */
  pageNearMs?: number
  settings?: Partial<FederationSettings>
  logger?: FastifyServerOptions['logger']
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES); none by default. */
  trustProxy?: string[]
  auth: AuthPluginOptions
  /** The Sistema Registral: with it, the `/registro/v1` API and hot reload of the directory. */
  registry?: Omit<RegistryPluginOptions, 'store' | 'systems'>
  /** Readiness of the platform database, when there is one (`/health/ready`). */
  databaseReady?: () => Promise<void>
  /** `DOCS_OPERATOR`: who reads the operators' API docs (`token` when absent). */
  operatorDocs?: OperatorDocs
  /** Web origins allowed by CORS (see plugins/cors.ts); none by default. */
  corsOrigins?: readonly string[]
  /** Per-client quotas on the data routes (plugins/rate-limit.ts); none when absent. */
  dataRateLimit?: DataRateLimit
  /** The public HTML portal (portal/); on unless `false`. */
  portal?: PortalOptions | false
  /** Prometheus metrics (default true); off only to measure their cost (`pnpm bench`). */
  metrics?: boolean
  /** Where filings are kept (plugins/intake.ts): with it, the systems with `intake` take filings. */
  intake?: Omit<IntakeRoutesOptions, 'systems' | 'directory'>
  /** The audit of queries (plugins/query-audit.ts); none when absent. */
  queryAudit?: QueryAuditPluginOptions
  /** OCDS publishing of the systems whose records are OCDS releases (S6): package metadata and public URL. */
  ocds?: OcdsRoutesOptions
}

/** Redis when configured, behind a fallback that keeps answering from memory while it is away. */
function cacheStore (options: GatewayOptions, app: FastifyInstance): CacheStore {
  if (options.cache) return options.cache
  if (!options.redis) return memoryCache()
  return resilientCache(redisCache(options.redis, { prefix: `${options.redisPrefix ?? 'see:'}cache:` }), memoryCache(), { logger: app.log, timeoutMs: 100 })
}

/** `/health/ready`: the database and each system's service are needed; Redis away only degrades. */
function addReadiness (app: FastifyInstance, options: GatewayOptions, store: CacheStore): void {
  const databaseReady = options.databaseReady
  if (databaseReady) {
    app.addReadinessCheck('base de datos', async () => {
      await databaseReady()
      return 'ok' as const
    })
  }
  if ('serving' in store) {
    const resilient = store as ResilientCache
    app.addReadinessCheck('redis', () => resilient.serving() === 'primary' ? 'ok' : 'degraded')
  }
  for (const { system, service } of options.systems) {
    const ready = service.ready
    if (ready === undefined) continue
    app.addReadinessCheck(`servicio ${system.id}`, async () => {
      if (!await ready()) throw new Error(`the ${system.id} service does not answer`)
      return 'ok' as const
    })
  }
}

const PAGE_NEAR_MS = 1_000

/** The public edge: the PDN's API over every ente, as one standard provider per configured system. */
export async function buildGateway (options: GatewayOptions): Promise<FastifyInstance> {
  const app = await createServer({ name: 'gateway', ...(options.logger !== undefined ? { logger: options.logger } : {}), ...(options.trustProxy && { trustProxy: options.trustProxy }), ...(options.metrics === false && { metrics: false }) })
  await app.register(cors, { origins: options.corsOrigins ?? [] })
  const systems = options.systems.map(s => s.system)
  if (options.metrics !== false) installGatewayMetrics(app, systems)
  await app.register(openapi, { systems, ...(options.operatorDocs && { operatorDocs: options.operatorDocs }) })
  const prefix = options.redisPrefix ?? 'see:'
  await app.register(auth, { ...options.auth, ...(options.redis && { redis: options.redis, redisPrefix: `${prefix}auth:` }) })
  const directory = options.directory ?? options.registry?.directories.production
  if (directory === undefined) throw new Error('buildGateway: give a directory or the registry')
  const store = cacheStore(options, app)
  addReadiness(app, options, store)
  await app.register(federation, {
    systems: options.systems,
    directory,
    cache: federationCache({
      store,
      logger: app.log,
      // With Redis, a hot page is read from it at most once a second per instance (see read-through.ts).
      ...(options.redis && { nearMs: options.pageNearMs ?? PAGE_NEAR_MS }),
      ...(options.cacheTtls && { ttls: options.cacheTtls })
    }),
    settings: { ...defaultFederationSettings, ...options.settings }
  })
  if (options.registry) await app.register(registry, { ...options.registry, store: options.auth.store, systems: options.systems })
  if (options.queryAudit) await app.register(queryAudit, options.queryAudit)
  await app.register(dataRateLimit, { limit: options.dataRateLimit })
  await app.register(routes, options.ocds ?? {})
  if (options.portal !== false) await app.register(portal, options.portal ?? {})
  if (options.intake) await app.register(intake, { ...options.intake, systems, directory })
  return app
}
