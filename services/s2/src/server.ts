import { listen, loggerOptions } from '@see/kit'
import { directoryFromFile } from '@see/registry'
import { buildS2App } from './app.js'
import { loadS2Config, resilienceOptionsOf } from './config.js'

const config = loadS2Config()
const app = await buildS2App({
  directory: directoryFromFile(config.ENTES_FILE),
  logger: loggerOptions('s2', config.LOG_LEVEL),
  maxResponseBytes: config.MAX_RESPONSE_BYTES,
  resilience: resilienceOptionsOf(config)
})
await listen(app, { port: config.PORT, host: config.HOST })
