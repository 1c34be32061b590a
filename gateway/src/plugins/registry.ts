import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AuthStore } from '@see/auth'
import type { RegistryChange, RegistryChangeBus, RegistryContext, RegistryDirectories } from '@see/registry'
import type { SystemId } from '@see/systems'
import { federationCache, memoryCache, type FederationCache } from '../cache/index.js'
import { SortedPrefixes } from '../federation/sorted-prefixes.js'
import { registryGuard } from '../registry/guard.js'
import type { GatewaySystem } from '../app.js'
import type { SystemRegistryPort } from '../upstream/service-client.js'

export interface RegistryPluginOptions {
  /** The registry's database, credential keys and URL policy. */
  ctx: RegistryContext
  /** Production and sandbox directories over the registry, kept fresh (the federation plans over `production`). */
  directories: RegistryDirectories
  /** Where this gateway announces its changes (and hears those of other instances). */
  changes: RegistryChangeBus
  /** The configured systems: their services run connection tests and sandbox searches. */
  systems: GatewaySystem[]
  /** The auth store, to find the ente an ente's client is bound to. */
  store: AuthStore
  bindingTtlMs?: number
}

export interface RegistryDeps {
  ctx: RegistryContext
  directories: RegistryDirectories
  /** Each configured system's service as the registry uses it, when it offers connection tests. */
  services: ReadonlyMap<SystemId, SystemRegistryPort>
  /** A cache of its own for the sandbox route: nothing stored (TTLs 0), so tests always reach the ente. */
  sandboxCache: FederationCache
  /** Nothing is kept either: its entries live as long as counts, 0 here. */
  sandboxPrefixes: SortedPrefixes
  guard: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>
  /** Announces a change to every process serving from the registry; resolves once it is in force here. */
  changed: (change: RegistryChange) => Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    registry: RegistryDeps
  }
}

const NOTHING_KEPT = { pageFreshMs: 0, pageStaleMs: 0, pageStaleIfErrorMs: 0, countTtlMs: 0, dependenciasTtlMs: 0 }

function registryPorts (systems: GatewaySystem[]): Map<SystemId, SystemRegistryPort> {
  const ports = new Map<SystemId, SystemRegistryPort>()
  for (const { system, service } of systems) {
    if (service.connectionTest !== undefined && service.sandbox !== undefined) ports.set(system.id, { connectionTest: service.connectionTest, sandbox: service.sandbox })
  }
  return ports
}

/**
 * The Sistema Registral in the gateway: its collaborators for the `/registro/v1` routes, and hot
 * reload — each change reloads the directories, then retires the cached entries and pages of the
 * entes it touched in every configured system, so the next PDN query already sees it.
 */
export default fp<RegistryPluginOptions>(async function registry (app, options) {
  const systemIds = options.systems.map(s => s.system.id)
  const sandboxCache = federationCache({
    store: memoryCache(),
    logger: app.log,
    ttls: Object.fromEntries(systemIds.map(id => [id, NOTHING_KEPT]))
  })
  const stopListening = options.directories.onChange(async (ente) => {
    await Promise.all([...app.federations.values()].flatMap(f => [f.cache.invalidateEnte(f.system.id, ente), sandboxCache.invalidateEnte(f.system.id, ente)]))
  })
  app.addHook('onClose', async () => stopListening())
  app.decorate('registry', {
    ctx: options.ctx,
    directories: options.directories,
    services: registryPorts(options.systems),
    sandboxCache,
    sandboxPrefixes: new SortedPrefixes(),
    guard: registryGuard(app, { store: options.store, ...(options.bindingTtlMs !== undefined && { bindingTtlMs: options.bindingTtlMs }) }),
    changed: async change => await options.changes.publish(change)
  } satisfies RegistryDeps)
  if (!app.hasRequestDecorator('registryActor')) app.decorateRequest('registryActor', undefined)
}, { name: 'see-registry', dependencies: ['see-federation', 'see-auth'] })
