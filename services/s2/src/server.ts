import pino from 'pino'
import { listen, loggerOptions } from '@see/kit'
import { urlPolicyOf } from '@see/registry'
import { buildS2App } from './app.js'
import { loadS2Config, resilienceOptionsOf } from './config.js'
import { openDirectorySource } from './directory-source.js'
import { openTokenRedis } from './token-redis.js'

const config = loadS2Config()
const logger = loggerOptions('s2', config.LOG_LEVEL)
const tokenRedis = await openTokenRedis(config)
const source = await openDirectorySource(config, pino(logger as pino.LoggerOptions))
const app = await buildS2App({
  directory: source.directory,
  ...(source.sandbox && { sandbox: source.sandbox }),
  urlPolicy: urlPolicyOf(config.SEE_URL_ALLOW_HTTP === true, config.SEE_URL_ALLOWED_HOSTS),
  logger,
  maxResponseBytes: config.MAX_RESPONSE_BYTES,
  resilience: resilienceOptionsOf(config),
  serviceKeys: new URL(config.GATEWAY_JWKS_URL),
  ...tokenRedis.options
})
app.addHook('onClose', async () => await source.close())
app.addHook('onClose', async () => await tokenRedis.close())
await listen(app, { port: config.PORT, host: config.HOST })
