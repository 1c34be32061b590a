import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { createServer } from '@see/kit'
import type { EnteDirectory } from '@see/registry'
import { memoryCache, type Cache } from './cache/cache.js'
import { defaultSpicSettings, type SpicFederationSettings } from './federation/context.js'
import auth, { type AuthPluginOptions } from './plugins/auth.js'
import federation from './plugins/federation.js'
import openapi from './plugins/openapi.js'
import routes from './routes/index.js'
import type { S2Port } from './upstream/s2-client.js'

export interface GatewayOptions {
  directory: EnteDirectory
  s2: S2Port
  cache?: Cache
  settings?: Partial<SpicFederationSettings>
  logger?: FastifyServerOptions['logger']
  auth: AuthPluginOptions
}

/** The public edge: the PDN's API over every ente, as one standard provider per system. */
export async function buildGateway (options: GatewayOptions): Promise<FastifyInstance> {
  const app = await createServer({ name: 'gateway', ...(options.logger !== undefined ? { logger: options.logger } : {}) })
  await app.register(openapi)
  await app.register(auth, options.auth)
  await app.register(federation, {
    directory: options.directory,
    s2: options.s2,
    cache: options.cache ?? memoryCache(),
    settings: { ...defaultSpicSettings, ...options.settings }
  })
  await app.register(routes)
  return app
}
