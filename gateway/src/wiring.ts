import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { serviceTokenSource } from '@see/auth'
import type { IntakeLimits } from '@see/intake'
import { generateKey, parseKeyRing, type KeyRing } from '@see/kit'
import type { EnteDirectory } from '@see/registry'
import type { SystemProfile } from '@see/systems'
import { buildGateway } from './app.js'
import type { QueryAuditOptions } from './audit/query-audit.js'
import { installRegistryMetrics } from './metrics.js'
import { apiAudience } from './auth-settings.js'
import type { CacheTtlOptions, SystemCacheTtls } from './cache/index.js'
import type { ServiceLocation } from './config.js'
import type { FederationSettings } from './federation/context.js'
import type { Platform } from './platform.js'
import type { OperatorDocs } from './plugins/openapi.js'
import type { DataRateLimit } from './plugins/rate-limit.js'
import type { OcdsPublication } from './ocds/publication.js'
import type { PortalOptions } from './portal/index.js'
import type { OpenedRegistry } from './registry/open.js'
import { systemServiceClient, type SystemServiceClient } from './upstream/service-client.js'

export interface WireGatewayOptions {
  /** The database, signing keys and Redis the gateway runs on (`openPlatform`). */
  platform: Platform
  /** The systems to federate and where their services listen. */
  services: ServiceLocation[]
  /** The Sistema Registral, already open; without it `directory` (file setups). */
  registry?: OpenedRegistry
  directory?: EnteDirectory
  publicUrl: string
  redisPrefix?: string
  settings?: Partial<FederationSettings>
  /** Cache lifetimes, the same for every system. */
  cacheTtls?: Partial<SystemCacheTtls>
  pageNearMs?: number
  accessTokenTtlSeconds?: number
  /** Token requests a minute of each client on the password-grant allow-list (the PDN). */
  pdnTokensPerMinute?: number
  /** Proxies whose X-Forwarded-For is believed; none by default. */
  trustProxy?: string[]
  logger?: FastifyServerOptions['logger']
  /** `DOCS_OPERATOR`: who reads the operators' API docs (`token` when absent). */
  operatorDocs?: OperatorDocs
  /** `CORS_ORIGINS`: web origins whose pages may call the API; none when absent. */
  corsOrigins?: readonly string[]
  /** `DATA_REQUESTS_PER_MINUTE` / `PDN_REQUESTS_PER_MINUTE`: per-client quotas on the data routes; none when absent. */
  dataRateLimit?: DataRateLimit
  /** `INTAKE_FILINGS_PER_HOUR`, `INTAKE_TRACKING_PER_HOUR`, `INTAKE_TRACKED_ADDRESSES`: per-address limits of the filing and tracking routes; INTAKE_LIMIT_DEFAULTS when absent. */
  intakeLimits?: IntakeLimits
  /** The public portal's options (`PORTAL_REQUESTS_PER_MINUTE`), or false to serve no portal. */
  portal?: PortalOptions | false
  /** Prometheus metrics (default true); off only to measure their cost (`pnpm bench`). */
  metrics?: boolean
  /** `QUERY_AUDIT_KEY` (a key ring): absent, a key of this process only (hashes comparable until it restarts). */
  queryAuditKeys?: KeyRing
  /** `QUERY_AUDIT_RETENTION_DAYS` (default 365) and batching of the audit of queries. */
  queryAudit?: QueryAuditOptions
  /** `OCDS_*`: who publishes the OCDS packages, under what licence and ocid prefix (defaults when absent). */
  ocdsPublication?: OcdsPublication
}

export interface WiredGateway {
  app: FastifyInstance
  /** The service clients by system, for callers that talk to them before the gateway serves (the demo's seeding). */
  services: Array<{ system: SystemProfile, service: SystemServiceClient }>
}

/**
 * The gateway as production and the demo run it: a client per configured system's service,
 * carrying service tokens whose audience is that system, over the platform's state and the
 * registry (or an entes file). Closing the app closes the clients; the caller owns the platform
 * and the registry.
 */
export async function wireGateway (options: WireGatewayOptions): Promise<WiredGateway> {
  const { platform } = options
  const serviceToken = serviceTokenSource(platform.keys, { ttlSeconds: 60 })
  const services = options.services.map(({ system, url }) => ({
    system,
    service: systemServiceClient(system, url, { authorization: async () => `Bearer ${await serviceToken(system.id)}` })
  }))
  const closeClients = async (): Promise<void> => { await Promise.all(services.map(async s => await s.service.close())) }
  const cacheTtls: CacheTtlOptions | undefined = options.cacheTtls && Object.fromEntries(services.map(s => [s.system.id, options.cacheTtls]))
  try {
    const app = await buildGateway({
      systems: services,
      ...(options.registry ? { registry: options.registry.gatewayOptions } : {}),
      ...(options.directory && { directory: options.directory }),
      ...(options.logger !== undefined && { logger: options.logger }),
      ...(options.trustProxy && { trustProxy: options.trustProxy }),
      ...(options.settings && { settings: options.settings }),
      ...(cacheTtls && { cacheTtls }),
      ...(options.pageNearMs !== undefined && { pageNearMs: options.pageNearMs }),
      ...(options.operatorDocs && { operatorDocs: options.operatorDocs }),
      ...(options.corsOrigins && { corsOrigins: options.corsOrigins }),
      ...(options.dataRateLimit && { dataRateLimit: options.dataRateLimit }),
      ...(options.portal !== undefined && { portal: options.portal }),
      ...(options.metrics === false && { metrics: false }),
      ocds: { publicUrl: options.publicUrl, ...(options.ocdsPublication && { publication: options.ocdsPublication }) },
      // Filings are sealed with the registry's key ring (SEE_CREDENTIALS_KEYS), in the platform database.
      ...(options.registry && { intake: { pool: platform.db.pool, keys: options.registry.ctx.keys, ...(options.intakeLimits && { limits: options.intakeLimits }) } }),
      queryAudit: {
        db: platform.db.pool,
        keys: options.queryAuditKeys ?? parseKeyRing('QUERY_AUDIT_KEY', generateKey('q0')),
        ...(options.queryAudit && { options: options.queryAudit })
      },
      ...(platform.redis && { redis: platform.redis }),
      ...(options.redisPrefix !== undefined && { redisPrefix: options.redisPrefix }),
      databaseReady: async () => { await platform.db.pool.query('SELECT 1') },
      auth: {
        store: platform.store,
        keys: platform.keys,
        issuer: options.publicUrl,
        audience: apiAudience(options.publicUrl),
        ...(options.accessTokenTtlSeconds !== undefined && { accessTokenTtlSeconds: options.accessTokenTtlSeconds }),
        ...(options.pdnTokensPerMinute !== undefined && { pdnTokensPerMinute: options.pdnTokensPerMinute })
      }
    })
    if (options.registry && options.metrics !== false) installRegistryMetrics(app, platform.db.pool)
    app.addHook('onClose', closeClients)
    return { app, services }
  } catch (err) {
    await closeClients()
    throw err
  }
}
