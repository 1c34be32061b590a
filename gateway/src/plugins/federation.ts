import fp from 'fastify-plugin'
import type { EnteDirectory } from '@see/registry'
import type { FederationCache } from '../cache/index.js'
import { SortedPrefixes } from '../federation/sorted-prefixes.js'
import type { SpicFederationSettings } from '../federation/context.js'
import type { SpicFederationDeps } from '../federation/spic.js'
import type { S2Port } from '../upstream/s2-client.js'

declare module 'fastify' {
  interface FastifyInstance {
    spicFederation: SpicFederationDeps
  }
}

export interface FederationPluginOptions {
  directory: EnteDirectory
  s2: S2Port
  cache: FederationCache
  settings: SpicFederationSettings
}

/** Makes the federation's collaborators available to the routes. */
export default fp<FederationPluginOptions>(async function federation (app, options) {
  app.decorate('spicFederation', { directory: options.directory, s2: options.s2, cache: options.cache, prefixes: new SortedPrefixes(), settings: options.settings })
}, { name: 'see-federation' })
