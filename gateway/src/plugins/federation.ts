import fp from 'fastify-plugin'
import type { EnteDirectory } from '@see/registry'
import type { SystemId, SystemProfile } from '@see/systems'
import type { FederationCache } from '../cache/index.js'
import { MergeAdmission } from '../federation/admission.js'
import { SortedPrefixes } from '../federation/sorted-prefixes.js'
import type { FederationSettings, SystemFederation } from '../federation/context.js'
import type { SystemPort } from '../upstream/service-client.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The federation of every configured system, by system id: one engine, one profile each. */
    federations: ReadonlyMap<SystemId, SystemFederation>
  }
}

/** A system the gateway federates, and the service that speaks to its entes. */
export interface ConfiguredSystem {
  system: SystemProfile
  service: SystemPort
}

export interface FederationPluginOptions {
  systems: ConfiguredSystem[]
  directory: EnteDirectory
  cache: FederationCache
  settings: FederationSettings
}

/** Makes each configured system's federation available to the routes. */
export default fp<FederationPluginOptions>(async function federation (app, options) {
  const prefixes = new SortedPrefixes()
  const admission = new MergeAdmission(options.settings.sortedMergeBudget)
  const federations = new Map<SystemId, SystemFederation>(options.systems.map(({ system, service }) => [
    system.id,
    { system, service, directory: options.directory, cache: options.cache, prefixes, admission, settings: options.settings }
  ]))
  app.decorate('federations', federations)
}, { name: 'see-federation' })
