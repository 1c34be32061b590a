import { listen, loggerOptions, parseKeyRing, startMetricsServer, tracingFromEnv } from '@see/kit'
import { directoryFromFile, parseCredentialKeys, urlPolicyOf } from '@see/registry'
import pino from 'pino'
import { intakeLimitsOf, loadGatewayConfig, serviceLocations, trustedProxies, withPrivateFields } from './config.js'
import { openPlatform } from './platform.js'
import { openRegistry, type OpenedRegistry } from './registry/open.js'
import { Leadership } from './monitor/leadership.js'
import { EnteMonitor } from './monitor/monitor.js'
import { wireGateway } from './wiring.js'

// Reads configuration, opens the platform's state and listens; the wiring is wiring.ts, shared with the demo.
const config = loadGatewayConfig()
const logger = loggerOptions('gateway', config.LOG_LEVEL)
const log = pino(logger as pino.LoggerOptions)
// Before the server is built: its routes and its calls to the services are traced from the start.
const tracing = tracingFromEnv(config, 'gateway')
const services = withPrivateFields(serviceLocations(config.SERVICE_URLS), config.PRIVATE_FIELDS)
const platform = await openPlatform({
  ...(config.DATABASE_URL && { databaseUrl: config.DATABASE_URL }),
  ...(config.PGLITE_DIR && { pgliteDir: config.PGLITE_DIR }),
  ...(config.REDIS_URL && { redisUrl: config.REDIS_URL }),
  ...(config.SEE_JWT_KEYS && { jwtKeys: config.SEE_JWT_KEYS }),
  logger: log
})
// Over the Sistema Registral, unless a file setup names ENTES_FILE (then there is no /registro API).
const registry: OpenedRegistry | undefined = config.ENTES_FILE !== undefined
  ? undefined
  : await openRegistry({
    pool: platform.db.pool,
    keys: parseCredentialKeys(config.SEE_CREDENTIALS_KEYS),
    urlPolicy: urlPolicyOf(config.SEE_URL_ALLOW_HTTP === true, config.SEE_URL_ALLOWED_HOSTS),
    ...(platform.redis && { redis: platform.redis }),
    redisPrefix: config.REDIS_PREFIX,
    ...(config.REGISTRY_REFRESH_MS !== undefined && { refreshMs: config.REGISTRY_REFRESH_MS }),
    logger: log
  })
const { app, services: serviceClients } = await wireGateway({
  platform,
  services,
  ...(registry ? { registry } : { directory: directoryFromFile(config.ENTES_FILE!) }),
  publicUrl: config.PUBLIC_URL,
  redisPrefix: config.REDIS_PREFIX,
  logger,
  trustProxy: trustedProxies(config.TRUSTED_PROXIES),
  settings: { deadlineMs: config.FEDERATION_DEADLINE_MS, sortedMergeBudget: config.SORTED_MERGE_BUDGET },
  cacheTtls: { countTtlMs: config.COUNT_TTL_MS, pageFreshMs: config.PAGE_FRESH_MS, pageStaleMs: config.PAGE_STALE_MS, pageStaleIfErrorMs: config.PAGE_STALE_IF_ERROR_MS },
  pageNearMs: config.PAGE_NEAR_MS,
  corsOrigins: config.CORS_ORIGINS,
  accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  pdnTokensPerMinute: config.PDN_TOKENS_PER_MINUTE,
  dataRateLimit: { perMinute: config.DATA_REQUESTS_PER_MINUTE, pdnPerMinute: config.PDN_REQUESTS_PER_MINUTE },
  operatorDocs: config.DOCS_OPERATOR,
  portal: { requestsPerMinute: config.PORTAL_REQUESTS_PER_MINUTE },
  intakeLimits: intakeLimitsOf(config),
  ...(config.QUERY_AUDIT_KEY !== undefined && { queryAuditKeys: parseKeyRing('QUERY_AUDIT_KEY', config.QUERY_AUDIT_KEY) }),
  queryAudit: { retentionDays: config.QUERY_AUDIT_RETENTION_DAYS },
  ocdsPublication: {
    ...(config.OCDS_OCID_PREFIX !== undefined && { ocidPrefix: config.OCDS_OCID_PREFIX }),
    publisher: { name: config.OCDS_PUBLISHER_NAME, ...(config.OCDS_PUBLISHER_URI !== undefined && { uri: config.OCDS_PUBLISHER_URI }) },
    license: config.OCDS_LICENSE,
    ...(config.OCDS_PUBLICATION_POLICY !== undefined && { publicationPolicy: config.OCDS_PUBLICATION_POLICY })
  }
})
app.addHook('onClose', async () => {
  await registry?.close()
  await platform.close()
  await tracing?.shutdown()
})
if (registry !== undefined && config.MONITOR_INTERVAL_MS > 0) {
  // One instance probes at a time: the one holding the lease in the federation's shared store (Redis).
  const store = [...app.federations.values()][0]?.cache.store
  const leadership = store === undefined
    ? undefined
    : new Leadership({ store, onChange: leading => { log.info({ leading }, leading ? 'this instance runs the monitor of entes' : 'another instance runs the monitor of entes') } })
  const monitor = new EnteMonitor({
    ...(leadership && { leadership }),
    systems: serviceClients,
    directory: registry.directories.production,
    db: platform.db.pool,
    intervalMs: config.MONITOR_INTERVAL_MS,
    jitterMs: Math.round(config.MONITOR_INTERVAL_MS / 6),
    onError: err => { log.warn({ err }, 'monitor round failed') }
  })
  leadership?.start()
  monitor.start()
  app.addHook('onClose', async () => {
    monitor.stop()
    await leadership?.stop()
  })
}
if (config.METRICS_PORT !== undefined) {
  const metrics = await startMetricsServer(app.metrics, { port: config.METRICS_PORT, host: config.METRICS_HOST })
  app.addHook('onClose', metrics.close)
}
await listen(app, { port: config.PORT, host: config.HOST, drainDelayMs: config.SHUTDOWN_DRAIN_MS })
