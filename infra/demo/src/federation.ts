import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import type { Database } from '@see/db'
import { defaultFleet, startSimulator, type ProviderCredentials, type ProviderOptions, type ProviderProtocol, type Simulator } from '@see/ente-simulator'
import { openPlatform, openRegistry, operatorDocsOf, wireGateway, type FederationSettings, type OperatorDocs, type OpenedRegistry, type Platform, type PortalOptions, type SystemCacheTtls } from '@see/gateway'
import { generateCredentialKey, parseCredentialKeys, type Resolver, type UrlPolicy } from '@see/registry'
import { startSystemService, type IntakeDeliveryOptions, type ResilienceOptions, type RunningSystemService } from '@see/service-core'
import { SYSTEMS, type SystemId, type SystemProfile } from '@see/systems'
import { ensureDemoAccess, ensureOperatorAccess, type DemoCredentials, type OperatorCredentials } from './demo-access.js'
import { DEMO_URL_POLICY, seedRegistry, type SeedOutcome } from './seed-registry.js'
import { passwordGrant } from './token.js'

let generatedKey: string | undefined
/** One key per process: federations started one after another on one database open each other's credentials. */
function processCredentialKey (): string {
  generatedKey ??= generateCredentialKey('demo')
  return generatedKey
}

/**
 * An ente served elsewhere (e.g. a simulator in another process, so the entes do not share the
 * federation's event loop): what the registry's seeding needs to register and onboard it.
 */
export interface ExternalEnte {
  clave: string
  nombre: string
  siglas: string
  url: string
  tokenUrl: string
  credentials: Readonly<ProviderCredentials>
  /** The systems it serves (S2 alone when it does not say). */
  systems?: readonly SystemId[]
  /** `directus-v2` entes are reached with `staticToken`; `sesna-v1` (default) with `credentials`. */
  protocol?: ProviderProtocol
  staticToken?: string
}

/** Everything but where the entes come from. */
export interface FederationCommonOptions {
  host?: string
  gatewayPort?: number
  /** The systems to federate (a service each); every federated system by default. */
  systems?: readonly SystemProfile[]
  /** Port of each system's service; a free one when absent. */
  servicePorts?: Partial<Record<SystemId, number>>
  settings?: Partial<FederationSettings>
  /** Cache lifetimes, the same for every system. */
  cacheTtls?: Partial<SystemCacheTtls>
  /** With Redis: how long a page read from it is kept in process (the gateway's default when absent). */
  pageNearMs?: number
  logger?: FastifyServerOptions['logger']
  /** Platform database; by default `DATABASE_URL` when set, else embedded PGlite. */
  database?: Database
  databaseUrl?: string
  redisUrl?: string
  /** Prefix of the gateway's Redis keys; tests give each federation its own. */
  redisPrefix?: string
  /** Demo client id and user; the tests use fresh ones so parallel files never collide. */
  demoClientId?: string
  demoUsername?: string
  /** Test a simulated ente's connection once more, alone, when its test failed during the seeding (`npm start` on a busy machine). */
  retryFailedSeeds?: boolean
  /** The operator client's id (client_credentials, `registry:admin`); a fresh one when absent. */
  operatorClientId?: string
  /** `SEE_CREDENTIALS_KEYS` format; by default the environment's, else a key generated for this process. */
  credentialKeys?: string
  /** `SEE_JWT_KEYS` format (JWKS or PEM); a key generated at start when absent. Gateways of one deployment share it. */
  jwtKeys?: string
  /** Per-ente resilience of every system's service (retry, breaker, timeouts); the service's defaults when absent. */
  resilience?: ResilienceOptions
  /** Largest ente answer each service reads, in bytes (the service's default when absent); tests of oversized answers lower it. */
  maxResponseBytes?: number
  /** Polling and backoff of the services' delivery of filings (tests make them fast). */
  intakeDelivery?: IntakeDeliveryOptions['delivery']
  /** What ente URLs may be; by default http and 127.0.0.1 only (the simulated entes). */
  urlPolicy?: UrlPolicy
  /** DNS used to check ente URLs at registration (tests of the SSRF guard). */
  registryResolver?: Resolver
  /** Polling period of the registry's directories (default 5 s without Redis, 30 s with it). */
  registryRefreshMs?: number
  /** Who reads the operators' API docs; by default the environment's `DOCS_OPERATOR`, else `token`. */
  operatorDocs?: OperatorDocs
  /** The public portal's options (page views a minute per address), or false for none. */
  portal?: PortalOptions | false
  /** Prometheus metrics in the gateway and the services (default true); `pnpm bench` turns them off to measure their cost. */
  metrics?: boolean
}

/** A federation over simulated entes it starts (and closes) itself, in this process. */
export interface FederationOptions extends FederationCommonOptions {
  /** Simulated entes: a count (a default Chiapas fleet) or explicit provider options. */
  entes: number | ProviderOptions[]
  /** Records per simulated ente when `entes` is a count. */
  size?: number
  latencyMs?: number
  jitterMs?: number
  /** With a count of entes: how many of them (the last ones) speak directus-v2 (default 0). */
  directusEntes?: number
  /** With a count of entes: how many of them, just before the directus-v2 ones, publish S6 as plain OCDS release packages (default 0). */
  ocdsEntes?: number
  controlPort?: number
}

/** A federation over entes already running elsewhere; it neither starts nor closes them. */
export interface ExternalFederationOptions extends FederationCommonOptions {
  externalEntes: ExternalEnte[]
}

/** The Sistema Registral the federation runs over, seeded with the simulated entes. */
export interface FederationRegistry extends OpenedRegistry {
  /** Where each simulated ente ended its onboarding (`produccion` unless its connection test failed). */
  seeded: SeedOutcome[]
}

/** One service per system and the gateway over the registry, whoever serves the entes. */
export interface ExternalFederation {
  /** Each system's service, in the order of the list of systems. */
  services: Array<{ system: SystemProfile, running: RunningSystemService }>
  /** The running service of a system (throws for a system this federation does not run). */
  service: (system: SystemId) => RunningSystemService
  gateway: FastifyInstance
  gatewayUrl: string
  platform: Platform
  registry: FederationRegistry
  credentials: DemoCredentials
  /** The operator client, for the Sistema Registral and the administration. */
  operator: OperatorCredentials
  /** A fresh access token for the demo client, obtained exactly as the PDN does. */
  token: () => Promise<string>
  close: () => Promise<void>
}

export interface RunningFederation extends ExternalFederation {
  simulator: Simulator
}

/**
 * The whole federation on loopback: simulated entes, one service per system and the gateway, each
 * on its own port and talking over HTTP exactly as in production, wired by the gateway's own
 * `wireGateway`. Serves the demo, tests and benchmarks. The entes come from the Sistema Registral:
 * each simulated ente is registered and walked through the onboarding for every system it serves
 * (with a passing connection test by that system's service) before the gateway serves; the gateway
 * and the services serve from the same registry directories (one process, one pool — the embedded
 * PGlite serves a single process), refreshed on every change.
 */
export async function startFederation (options: FederationOptions): Promise<RunningFederation>
/** The same federation over entes served elsewhere (`externalEntes`), which it leaves running on close. */
export async function startFederation (options: ExternalFederationOptions): Promise<ExternalFederation>
export async function startFederation (options: FederationOptions | ExternalFederationOptions): Promise<RunningFederation | ExternalFederation> {
  if ('externalEntes' in options) return await federate(options, options.externalEntes, async () => {})
  const providers = typeof options.entes === 'number'
    ? defaultFleet(options.entes, {
      size: options.size ?? 100,
      ...(options.latencyMs !== undefined && { latencyMs: options.latencyMs }),
      ...(options.jitterMs !== undefined && { jitterMs: options.jitterMs }),
      ...(options.directusEntes !== undefined && { directusEntes: options.directusEntes }),
      ...(options.ocdsEntes !== undefined && { ocdsEntes: options.ocdsEntes })
    })
    : options.entes
  const simulator = await startSimulator({ host: '127.0.0.1', providers, ...(options.controlPort !== undefined && { controlPort: options.controlPort }) })
  const federation = await federate(options, simulator.providers, async () => await simulator.close())
  return { ...federation, simulator }
}

/** Registry, one service per system and the gateway over `entes`; `closeEntes` runs on close (or a failed start). */
async function federate (options: FederationCommonOptions, entes: readonly ExternalEnte[], closeEntes: () => Promise<void>): Promise<ExternalFederation> {
  const host = options.host ?? '127.0.0.1'
  const systems = options.systems ?? SYSTEMS
  const platform = await openPlatform({
    ...(options.database && { database: options.database }),
    ...(options.databaseUrl && { databaseUrl: options.databaseUrl }),
    ...(options.redisUrl && { redisUrl: options.redisUrl }),
    ...(options.jwtKeys && { jwtKeys: options.jwtKeys })
  })
  const suffix = randomBytes(4).toString('hex')
  const credentials = await ensureDemoAccess(platform.store, {
    clientId: options.demoClientId ?? `pdn-test-${suffix}`,
    username: options.demoUsername ?? `pdn-test-${suffix}`
  })
  const operator = await ensureOperatorAccess(platform.store, options.operatorClientId ?? `operador-test-${suffix}`)

  const logger = options.logger ?? false
  const urlPolicy = options.urlPolicy ?? DEMO_URL_POLICY
  const redisPrefix = options.redisPrefix ?? 'see:'
  const opened = await openRegistry({
    pool: platform.db.pool,
    keys: parseCredentialKeys(options.credentialKeys ?? process.env.SEE_CREDENTIALS_KEYS ?? processCredentialKey()),
    urlPolicy,
    ...(options.registryResolver && { resolve: options.registryResolver }),
    ...(platform.redis && { redis: platform.redis, redisPrefix }),
    ...(options.registryRefreshMs !== undefined && { refreshMs: options.registryRefreshMs })
  })
  const { directories } = opened
  const services: ExternalFederation['services'] = []
  let seeded: SeedOutcome[]
  let gateway: FastifyInstance
  try {
    for (const system of systems) {
      services.push({
        system,
        running: await startSystemService({
          system,
          directory: directories.production,
          sandbox: directories.sandbox,
          urlPolicy,
          // The PDN-like 2 s bound is for real entes; a loaded test machine must not fail the seeding.
          connectionTestMaxLatencyMs: 10_000,
          logger,
          port: options.servicePorts?.[system.id] ?? 0,
          host: '127.0.0.1',
          serviceKeys: platform.keys,
          // Filings the gateway accepts are delivered by their system's service (S5 denuncias).
          intake: { pool: platform.db.pool, keys: opened.ctx.keys, ...(options.intakeDelivery && { delivery: options.intakeDelivery }) },
          ...(options.metrics === false && { metrics: false }),
          ...(options.resilience && { resilience: options.resilience }),
          ...(options.maxResponseBytes !== undefined && { maxResponseBytes: options.maxResponseBytes })
        })
      })
    }
    const publicUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${options.gatewayPort ?? 0}`
    const wired = await wireGateway({
      platform,
      services: services.map(({ system, running }) => ({ system, url: running.url })),
      registry: opened,
      publicUrl,
      redisPrefix,
      logger,
      ...(options.settings && { settings: options.settings }),
      ...(options.cacheTtls && { cacheTtls: options.cacheTtls }),
      ...(options.pageNearMs !== undefined && { pageNearMs: options.pageNearMs }),
      ...(options.metrics === false && { metrics: false }),
      operatorDocs: options.operatorDocs ?? operatorDocsOf(process.env),
      ...(options.portal !== undefined && { portal: options.portal })
    })
    gateway = wired.app
    const clients = new Map(wired.services.map(({ system, service }) => [system.id, service]))
    seeded = await seedRegistry(opened.ctx, systems, entes, async (system, clave) =>
      await clients.get(system.id)!.connectionTest(clave, { requestId: `seed-${system.id}-${clave}`, timeoutMs: 35_000 }), 8, options.retryFailedSeeds === true)
    await directories.refresh()
  } catch (err) {
    // Nothing started here outlives a failed start.
    await Promise.allSettled([...services.map(async s => await s.running.close()), opened.close(), closeEntes()])
    await platform.close()
    throw err
  }
  const gatewayUrl = await gateway.listen({ port: options.gatewayPort ?? 0, host })
  return {
    services,
    service (id) {
      const found = services.find(s => s.system.id === id)
      if (found === undefined) throw new Error(`this federation does not run the ${id} service`)
      return found.running
    },
    gateway,
    gatewayUrl,
    platform,
    registry: { ...opened, seeded },
    credentials,
    operator,
    token: async () => await passwordGrant(`${gatewayUrl}/oauth/token`, credentials),
    async close () {
      await gateway.close()
      await Promise.all(services.map(async s => await s.running.close()))
      await opened.close()
      await closeEntes()
      await platform.close()
    }
  }
}
