import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { serviceTokenSource } from '@see/auth'
import type { Database } from '@see/db'
import { defaultFleet, startSimulator, toRegistryFile, type ProviderOptions, type Simulator } from '@see/ente-simulator'
import { apiAudience, buildGateway, openPlatform, s2HttpClient, type CacheTtlOptions, type Platform, type SpicFederationSettings } from '@see/gateway'
import { directoryFromEntes } from '@see/registry'
import { startS2, type RunningS2 } from '@see/s2'
import { ensureDemoAccess, type DemoCredentials } from './demo-access.js'
import { passwordGrant } from './token.js'

export interface FederationOptions {
  /** Simulated entes: a count (a default Chiapas fleet) or explicit provider options. */
  entes: number | ProviderOptions[]
  /** Records per simulated ente when `entes` is a count. */
  size?: number
  latencyMs?: number
  jitterMs?: number
  host?: string
  gatewayPort?: number
  s2Port?: number
  controlPort?: number
  settings?: Partial<SpicFederationSettings>
  cacheTtls?: CacheTtlOptions
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
}

export interface RunningFederation {
  simulator: Simulator
  s2: RunningS2
  gateway: FastifyInstance
  gatewayUrl: string
  platform: Platform
  credentials: DemoCredentials
  /** A fresh access token for the demo client, obtained exactly as the PDN does. */
  token: () => Promise<string>
  close: () => Promise<void>
}

/**
 * The whole federation on loopback: simulated entes, the S2 service and the gateway, each on its
 * own port and talking over HTTP exactly as in production. Serves the demo, tests and benchmarks.
 */
export async function startFederation (options: FederationOptions): Promise<RunningFederation> {
  const host = options.host ?? '127.0.0.1'
  const providers = typeof options.entes === 'number'
    ? defaultFleet(options.entes, {
      size: options.size ?? 100,
      ...(options.latencyMs !== undefined && { latencyMs: options.latencyMs }),
      ...(options.jitterMs !== undefined && { jitterMs: options.jitterMs })
    })
    : options.entes
  const simulator = await startSimulator({ host: '127.0.0.1', providers, ...(options.controlPort !== undefined && { controlPort: options.controlPort }) })
  const platform = await openPlatform({
    ...(options.database && { database: options.database }),
    ...(options.databaseUrl && { databaseUrl: options.databaseUrl }),
    ...(options.redisUrl && { redisUrl: options.redisUrl })
  })
  const suffix = randomBytes(4).toString('hex')
  const credentials = await ensureDemoAccess(platform.store, {
    clientId: options.demoClientId ?? `pdn-test-${suffix}`,
    username: options.demoUsername ?? `pdn-test-${suffix}`
  })

  const directory = directoryFromEntes(toRegistryFile(simulator).entes)
  const logger = options.logger ?? false
  const s2 = await startS2({ directory, logger, port: options.s2Port ?? 0, host: '127.0.0.1', serviceKeys: platform.keys })
  const serviceToken = serviceTokenSource(platform.keys, { ttlSeconds: 60 })
  const s2Client = s2HttpClient(s2.url, { authorization: async () => `Bearer ${await serviceToken('s2')}` })
  const publicUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${options.gatewayPort ?? 0}`
  const gateway = await buildGateway({
    directory,
    s2: s2Client,
    logger,
    ...(options.settings && { settings: options.settings }),
    ...(options.cacheTtls && { cacheTtls: options.cacheTtls }),
    ...(platform.redis && { redis: platform.redis, redisPrefix: options.redisPrefix ?? 'see:' }),
    auth: { store: platform.store, keys: platform.keys, issuer: publicUrl, audience: apiAudience(publicUrl) }
  })
  gateway.addHook('onClose', async () => await s2Client.close())
  const gatewayUrl = await gateway.listen({ port: options.gatewayPort ?? 0, host })
  return {
    simulator,
    s2,
    gateway,
    gatewayUrl,
    platform,
    credentials,
    token: async () => await passwordGrant(`${gatewayUrl}/oauth/token`, credentials),
    async close () {
      await gateway.close()
      await s2.close()
      await simulator.close()
      await platform.close()
    }
  }
}
