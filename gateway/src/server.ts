import { serviceTokenSource } from '@see/auth'
import { listen, loggerOptions } from '@see/kit'
import { directoryFromFile } from '@see/registry'
import pino from 'pino'
import { buildGateway } from './app.js'
import { apiAudience } from './auth-settings.js'
import { loadGatewayConfig } from './config.js'
import { openPlatform } from './platform.js'
import { s2HttpClient } from './upstream/s2-client.js'

// Reads configuration, opens the platform's state and listens; everything else lives in app.ts.
const config = loadGatewayConfig()
const logger = loggerOptions('gateway', config.LOG_LEVEL)
const platform = await openPlatform({
  ...(config.DATABASE_URL && { databaseUrl: config.DATABASE_URL }),
  ...(config.PGLITE_DIR && { pgliteDir: config.PGLITE_DIR }),
  ...(config.REDIS_URL && { redisUrl: config.REDIS_URL }),
  ...(config.SEE_JWT_KEYS && { jwtKeys: config.SEE_JWT_KEYS }),
  logger: pino(logger as pino.LoggerOptions)
})
const serviceToken = serviceTokenSource(platform.keys, { ttlSeconds: 60 })
const s2 = s2HttpClient(config.S2_URL, { authorization: async () => `Bearer ${await serviceToken('s2')}` })
const app = await buildGateway({
  directory: directoryFromFile(config.ENTES_FILE),
  s2,
  logger,
  settings: { deadlineMs: config.FEDERATION_DEADLINE_MS, maxSortedWindow: config.MAX_SORTED_WINDOW },
  cacheTtls: { s2: { countTtlMs: config.COUNT_TTL_MS, pageFreshMs: config.PAGE_FRESH_MS, pageStaleMs: config.PAGE_STALE_MS, pageStaleIfErrorMs: config.PAGE_STALE_IF_ERROR_MS } },
  ...(platform.redis && { redis: platform.redis }),
  auth: {
    store: platform.store,
    keys: platform.keys,
    issuer: config.PUBLIC_URL,
    audience: apiAudience(config.PUBLIC_URL),
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    ...(platform.redis && { redis: platform.redis })
  }
})
app.addHook('onClose', async () => {
  await s2.close()
  await platform.close()
})
await listen(app, { port: config.PORT, host: config.HOST })
