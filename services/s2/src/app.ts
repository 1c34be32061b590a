import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { requireServiceToken, type KeySource } from '@see/auth'
import { createServer } from '@see/kit'
import { INTERNAL_SCHEMA_ID, internalDocument, schemaBundle } from '@see/openapi'
import type { EnteDirectory } from '@see/registry'
import { EnteClient } from './ente-client/client.js'
import { registerBatchRoute } from './routes/batch.js'
import { registerDependenciasRoute } from './routes/dependencias.js'
import { registerEntesStatusRoute } from './routes/entes-status.js'
import { EnteGuards } from './resilience/guards.js'
import type { ResilienceOptions } from './resilience/options.js'

export interface S2AppOptions {
  /** Who the entes are and how to reach them for S2. */
  directory: EnteDirectory
  /** Pino options, or false to silence (tests). Defaults to the kit's logger named `s2`. */
  logger?: FastifyServerOptions['logger']
  /** Largest ente answer read, in bytes (default 10 MiB). */
  maxResponseBytes?: number
  /** Clock for token lifetimes (tests). */
  now?: () => number
  /** Event-loop delay (ms) beyond which requests are shed with 503; 0 disables (kit default otherwise). */
  maxEventLoopDelay?: number
  /** Retry, circuit breaker and bulkhead per ente (defaults in resilience/options.ts and the README). */
  resilience?: ResilienceOptions
  /** Keys that sign the gateway's service tokens; with them, anything without a valid token gets 401. */
  serviceKeys?: KeySource
}

/**
 * The S2 service: speaks the SESNA v1 protocol to each ente and answers the gateway's batches
 * (internal.openapi.json). Ready to `inject` or `listen`; closing it closes the ente pools.
 */
export async function buildS2App (options: S2AppOptions): Promise<FastifyInstance> {
  const app = await createServer({
    name: 's2',
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.maxEventLoopDelay === undefined ? {} : { maxEventLoopDelay: options.maxEventLoopDelay })
  })
  if (options.serviceKeys) await app.register(requireServiceToken, { audience: 's2', jwksOrKeys: options.serviceKeys })
  app.addSchema(schemaBundle(INTERNAL_SCHEMA_ID, internalDocument))
  const client = new EnteClient({
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    ...(options.now === undefined ? {} : { now: options.now })
  })
  app.addHook('onClose', async () => await client.close())
  const deps = { directory: options.directory, client, guards: new EnteGuards(options.resilience ?? {}, app.log) }
  registerBatchRoute(app, deps)
  registerDependenciasRoute(app, deps)
  registerEntesStatusRoute(app, deps)
  return app
}
