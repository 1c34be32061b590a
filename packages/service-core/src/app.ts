import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { requireServiceToken, type KeySource } from '@see/auth'
import { createServer } from '@see/kit'
import { INTERNAL_SCHEMA_ID, internalDocument, schemaBundle } from '@see/openapi'
import type { DatabaseDirectory, EnteDirectory, UrlPolicy } from '@see/registry'
import type { Redis } from 'ioredis'
import type { SystemProfile } from '@see/systems'
import { EnteClient } from './ente-client/client.js'
import { sharedTokenStore } from './ente-client/shared-token-store.js'
import type { SharedTokenTier } from './ente-client/token-cache.js'
import type { KeyRing } from '@see/kit'
import { registerBatchRoute } from './routes/batch.js'
import { registerConnectionTestRoute } from './routes/connection-tests.js'
import { registerDependenciasRoute } from './routes/dependencias.js'
import { registerEntesStatusRoute } from './routes/entes-status.js'
import { startIntakeDelivery, type IntakeDeliveryOptions } from './intake.js'
import { EnteGuards } from './resilience/guards.js'
import { ServiceMetrics } from './metrics.js'
import type { ResilienceOptions } from './resilience/options.js'

export interface SystemServiceOptions {
  /** The system this service answers for: its paths, schemas and semantics. */
  system: SystemProfile
  /** Prometheus metrics (default true); off only to measure their cost (`pnpm bench`). */
  metrics?: boolean
  /** Who the entes are and how to reach them (the service reads the system's entries). */
  directory: EnteDirectory
  /** Pino options, or false to silence (tests). Defaults to the kit's logger named after the system. */
  logger?: FastifyServerOptions['logger']
  /** Largest ente answer read, in bytes (default 10 MiB). */
  maxResponseBytes?: number
  /** Clock for token lifetimes (tests). */
  now?: () => number
  /** Event-loop delay (ms) beyond which requests are shed with 503; 0 disables (kit default otherwise). */
  maxEventLoopDelay?: number
  /** Retry, circuit breaker and bulkhead per ente (defaults in resilience/options.ts and the README). */
  resilience?: ResilienceOptions
  /**
   * Keys that sign the gateway's service tokens: anything without a valid one gets 401. Required,
   * so that no deployment is open by omission; only tests of the service alone pass `false`.
   */
  serviceKeys: KeySource | false
  /**
   * Redis shared by every instance of the service: with `tokenKeys`, the entes' OAuth2 tokens are kept there
   * too, sealed. The caller owns the client (see token-redis.ts: no offline queue, short timeouts).
   */
  redis?: Redis
  /** Seal the tokens kept in Redis (`SEE_CACHE_KEY`); without them tokens stay in process. */
  tokenKeys?: KeyRing
  /** Namespace of this deployment's Redis keys (default `see:`). */
  redisPrefix?: string
  /**
   * Connections in `pruebas` or `mantenimiento` (the registry's sandbox directory). With it, the
   * sandbox batch route and the connection tests are served; without it (file setups) they are not.
   */
  sandbox?: DatabaseDirectory
  /** SSRF policy for every call to an ente (production: https only, no internal addresses). */
  urlPolicy?: UrlPolicy
  /** Slowest call a connection test accepts (default 2000 ms). */
  connectionTestMaxLatencyMs?: number
  /** The outbox of filings (systems with `intake`): with it, this service delivers them to the entes. */
  intake?: IntakeDeliveryOptions
}

/** The Redis tier of the token cache, when both a client and the keys to seal tokens are given. */
function sharedTokensOf (options: SystemServiceOptions, app: FastifyInstance): { sharedTokens?: SharedTokenTier } {
  if (options.redis === undefined) return {}
  if (options.tokenKeys === undefined) {
    app.log.warn('Redis given without SEE_CACHE_KEY: ente tokens are kept in process only, never in clear in Redis')
    return {}
  }
  return {
    sharedTokens: {
      store: sharedTokenStore({
        redis: options.redis,
        log: app.log,
        // Each system's tokens apart: an ente's connections for two systems may hold other credentials.
        prefix: `${options.redisPrefix ?? 'see:'}${options.system.id}:`
      }),
      keys: options.tokenKeys,
      log: app.log
    }
  }
}

/**
 * One system's service: speaks each ente's protocol for that system and answers the gateway's
 * batches (internal.openapi.json, under `/internal/v1/<system>`). Ready to `inject` or `listen`;
 * closing it closes the ente pools.
 */
export async function buildSystemService (options: SystemServiceOptions): Promise<FastifyInstance> {
  const { system } = options
  const app = await createServer({
    name: system.id,
    ...(options.metrics === false && { metrics: false }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.maxEventLoopDelay === undefined ? {} : { maxEventLoopDelay: options.maxEventLoopDelay })
  })
  if (options.serviceKeys !== false) await app.register(requireServiceToken, { audience: system.id, jwksOrKeys: options.serviceKeys })
  app.addSchema(schemaBundle(INTERNAL_SCHEMA_ID, internalDocument))
  const client = new EnteClient({
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.urlPolicy === undefined ? {} : { urlPolicy: options.urlPolicy }),
    ...sharedTokensOf(options, app)
  })
  app.addHook('onClose', async () => await client.close())
  const guards = new EnteGuards(options.resilience ?? {}, app.log)
  const metrics = options.metrics === false ? undefined : new ServiceMetrics(app.metrics, system, () => guards.states(options.directory.list(system.id)))
  const deps = { system, directory: options.directory, client, guards, ...(metrics && { metrics }) }
  registerBatchRoute(app, deps)
  registerDependenciasRoute(app, deps)
  registerEntesStatusRoute(app, deps)
  if (system.intake !== undefined && options.intake !== undefined) startIntakeDelivery(app, { system, intake: system.intake, directory: options.directory, client, ...options.intake })
  if (options.sandbox !== undefined) {
    // The same client and guards: one connection per ente and system is either live or in the sandbox.
    registerBatchRoute(app, { ...deps, directory: options.sandbox }, 'sandbox/batch')
    registerConnectionTestRoute(app, {
      system,
      sandbox: options.sandbox,
      ...(options.urlPolicy && { urlPolicy: options.urlPolicy }),
      ...(options.maxResponseBytes !== undefined && { maxResponseBytes: options.maxResponseBytes }),
      ...(options.connectionTestMaxLatencyMs !== undefined && { maxLatencyMs: options.connectionTestMaxLatencyMs })
    })
  }
  return app
}
