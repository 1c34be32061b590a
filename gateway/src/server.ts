import { serviceTokenSource } from '@see/auth'
import { listen, loggerOptions } from '@see/kit'
import { directoryFromFile, parseCredentialKeys, urlPolicyOf } from '@see/registry'
import pino from 'pino'
import { buildGateway } from './app.js'
import { apiAudience } from './auth-settings.js'
import { loadGatewayConfig, trustedProxies } from './config.js'
import { openPlatform } from './platform.js'
import { openRegistry, type OpenedRegistry } from './registry/open.js'
import { s2HttpClient } from './upstream/s2-client.js'

// Reads configuration, opens the platform's state and listens; everything else lives in app.ts.
const config = loadGatewayConfig()
const logger = loggerOptions('gateway', config.LOG_LEVEL)
const log = pino(logger as pino.LoggerOptions)
const platform = await openPlatform({
  ...(config.DATABASE_URL && { databaseUrl: config.DATABASE_URL }),
  ...(config.PGLITE_DIR && { pgliteDir: config.PGLITE_DIR }),
  ...(config.REDIS_URL && { redisUrl: config.REDIS_URL }),
  ...(config.SEE_JWT_KEYS && { jwtKeys: config.SEE_JWT_KEYS }),
  logger: log
})
const serviceToken = serviceTokenSource(platform.keys, { ttlSeconds: 60 })
const s2 = s2HttpClient(config.S2_URL, { authorization: async () => `Bearer ${await serviceToken('s2')}` })
// Over the Sistema Registral, unless a file setup names ENTES_FILE (then there is no /registro API).
const registry: OpenedRegistry | undefined = config.ENTES_FILE !== undefined
  ? undefined
  : await openRegistry({
    pool: platform.db.pool,
    keys: parseCredentialKeys(config.SEE_CREDENTIALS_KEYS),
    urlPolicy: urlPolicyOf(config.SEE_URL_ALLOW_HTTP === true, config.SEE_URL_ALLOWED_HOSTS),
    ...(platform.redis && { redis: platform.redis }),
    ...(config.REGISTRY_REFRESH_MS !== undefined && { refreshMs: config.REGISTRY_REFRESH_MS }),
    logger: log
  })
const app = await buildGateway({
  ...(config.ENTES_FILE !== undefined && { directory: directoryFromFile(config.ENTES_FILE) }),
  ...(registry && { registry: registry.gatewayOptions(s2) }),
  s2,
  logger,
  trustProxy: trustedProxies(config.TRUSTED_PROXIES),
  settings: { deadlineMs: config.FEDERATION_DEADLINE_MS, maxSortedWindow: config.MAX_SORTED_WINDOW },
  cacheTtls: { s2: { countTtlMs: config.COUNT_TTL_MS, pageFreshMs: config.PAGE_FRESH_MS, pageStaleMs: config.PAGE_STALE_MS, pageStaleIfErrorMs: config.PAGE_STALE_IF_ERROR_MS } },
  pageNearMs: config.PAGE_NEAR_MS,
  ...(platform.redis && { redis: platform.redis }),
  auth: {
    store: platform.store,
    keys: platform.keys,
    issuer: config.PUBLIC_URL,
    audience: apiAudience(config.PUBLIC_URL),
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    pdnTokensPerMinute: config.PDN_TOKENS_PER_MINUTE,
    ...(platform.redis && { redis: platform.redis })
  }
})
app.addHook('onClose', async () => {
  await registry?.close()
  await s2.close()
  await platform.close()
})
await listen(app, { port: config.PORT, host: config.HOST })
