import pino from 'pino'
import { listen, loggerOptions, startMetricsServer, tracingFromEnv } from '@see/kit'
import { urlPolicyOf } from '@see/registry'
import type { SystemProfile } from '@see/systems'
import { buildSystemService } from './app.js'
import { loadServiceConfig, resilienceOptionsOf } from './config.js'
import { openDirectorySource } from './directory-source.js'
import { openTokenRedis } from './token-redis.js'

/**
 * The process of one system's service (`services/<system>` calls it with its profile): reads the
 * environment, opens the entes' directory and Redis, and listens until a signal stops it.
 */
export async function runSystemService (system: SystemProfile): Promise<void> {
  const config = loadServiceConfig(system)
  const logger = loggerOptions(system.id, config.LOG_LEVEL)
  // Before the server is built: its routes and its calls to the entes are traced from the start.
  const tracing = tracingFromEnv(config, system.id)
  const tokenRedis = await openTokenRedis(config)
  const source = await openDirectorySource(config, pino(logger as pino.LoggerOptions))
  const app = await buildSystemService({
    system,
    directory: source.directory,
    ...(source.sandbox && { sandbox: source.sandbox }),
    ...(source.database && { intake: source.database }),
    urlPolicy: urlPolicyOf(config.SEE_URL_ALLOW_HTTP === true, config.SEE_URL_ALLOWED_HOSTS),
    logger,
    maxResponseBytes: config.MAX_RESPONSE_BYTES,
    resilience: resilienceOptionsOf(config),
    serviceKeys: new URL(config.GATEWAY_JWKS_URL),
    ...tokenRedis.options
  })
  app.addHook('onClose', async () => await source.close())
  app.addHook('onClose', async () => await tokenRedis.close())
  if (tracing !== undefined) app.addHook('onClose', tracing.shutdown)
  if (config.METRICS_PORT !== undefined) {
    const metrics = await startMetricsServer(app.metrics, { port: config.METRICS_PORT, host: config.METRICS_HOST })
    app.addHook('onClose', metrics.close)
  }
  await listen(app, { port: config.PORT, host: config.HOST, drainDelayMs: config.SHUTDOWN_DRAIN_MS })
}
