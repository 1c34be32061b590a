import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { signServiceToken } from '@see/auth'
import { silentLogger } from '@see/db'
import { TEST_DATABASE_URL, testDatabaseKinds } from '@see/db/testing'
import { connectionInputOf, enteInputOf } from '@see/demo'
import { startSimulator, type SimulatedProvider, type Simulator } from '@see/ente-simulator'
import { closeRedis, createRedisClient } from '@see/redis'
import { redisForTests } from '@see/redis/testing'
import { generateCredentialKey, registryChangesChannel, urlPolicyOf } from '@see/registry'
import { buildSystemService, internalPath, loadServiceConfig, openDirectorySource, resilienceOptionsOf } from '@see/service-core'
import { SYSTEMS, type SystemProfile } from '@see/systems'
import { postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'
import { registryApi, type RegistryApi } from '../support/registry-api.js'

// A deployment whose Redis keys live under a prefix of its own (REDIS_PREFIX, not the default
// `see:`): a connection promoted to production through the registry API reaches every process —
// the gateway and a system service started apart from it, from its own configuration — by pub/sub
// on that prefix's channel within 2 s. Polling is off everywhere, so only the message can deliver it.

const FILE = 'redis-prefix.test.ts'
const redisUrl = await redisForTests(FILE)
const [databaseKind] = await testDatabaseKinds(FILE)
// A service apart opens its own pool on the federation's database: PGlite serves one process only.
const runnable = redisUrl !== undefined && databaseKind === 'postgresql'
if (redisUrl !== undefined && !runnable) console.warn(`[${FILE}] PostgreSQL is away: a second process cannot share PGlite, its cases are skipped`)

const PROPAGATION_MS = 2_000
const NEW_ENTE = 'PREFIJO'

/** The test's database URL on the federation's private schema, as another process would be configured. */
function urlOnSchema (schema: string): string {
  const url = new URL(TEST_DATABASE_URL)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return url.toString()
}

interface ServiceApart {
  system: SystemProfile
  app: Awaited<ReturnType<typeof buildSystemService>>
  url: string
}

describe.skipIf(!runnable)('a Redis prefix of its own (REDIS_PREFIX) shared by the gateway and a service started apart', () => {
  const redisPrefix = `otro:${randomBytes(4).toString('hex')}:`
  const credentialKeys = generateCredentialKey('prefijo')
  let federation: TestFederation
  let candidates: Simulator
  let candidate: SimulatedProvider
  let operator: RegistryApi
  const apart: ServiceApart[] = []

  /** A system's service as `runSystemService` builds it: configuration from the environment, its own directory source. */
  async function startServiceApart (system: SystemProfile): Promise<ServiceApart> {
    const config = loadServiceConfig(system, {
      PORT: '0',
      DATABASE_URL: urlOnSchema(federation.database.schema),
      SEE_CREDENTIALS_KEYS: credentialKeys,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      REGISTRY_REFRESH_MS: '0',
      GATEWAY_JWKS_URL: `${federation.gatewayUrl}/.well-known/jwks.json`,
      SEE_URL_ALLOW_HTTP: 'true',
      SEE_URL_ALLOWED_HOSTS: '127.0.0.1',
      LOG_LEVEL: 'silent'
    })
    expect(config.REGISTRY_REFRESH_MS).toBe(0)
    const source = await openDirectorySource(config, silentLogger)
    const app = await buildSystemService({
      system,
      directory: source.directory,
      ...(source.sandbox && { sandbox: source.sandbox }),
      urlPolicy: urlPolicyOf(config.SEE_URL_ALLOW_HTTP === true, config.SEE_URL_ALLOWED_HOSTS),
      logger: false,
      resilience: resilienceOptionsOf(config),
      serviceKeys: new URL(config.GATEWAY_JWKS_URL)
    })
    app.addHook('onClose', async () => await source.close())
    const url = await app.listen({ port: config.PORT, host: config.HOST })
    return { system, app, url }
  }

  beforeAll(async () => {
    federation = await startTestFederation(FILE, {
      entes: 2,
      size: 4,
      redisUrl: redisUrl!,
      redisPrefix,
      credentialKeys,
      registryRefreshMs: 0,
      settings: { pageCache: false }
    })
    candidates = await startSimulator({ providers: [{ clave: NEW_ENTE, nombre: 'Instituto del Prefijo Propio de Chiapas', siglas: 'IPPCH', size: 6, systems: SYSTEMS.map(s => s.id) }] })
    candidate = candidates.provider(NEW_ENTE)
    operator = await registryApi(federation, { operator: true })
    for (const system of SYSTEMS) apart.push(await startServiceApart(system))
    // Every process listens on the prefix's channel before anything changes: the gateway and each service apart.
    const admin = createRedisClient(redisUrl!, { commandTimeoutMs: 2_000 })
    try {
      await once(admin, 'ready')
      await vi.waitFor(async () => {
        const [, listeners] = await admin.pubsub('NUMSUB', registryChangesChannel(redisPrefix)) as [string, number]
        expect(listeners).toBe(1 + apart.length)
      }, { timeout: 10_000, interval: 50 })
    } finally {
      await closeRedis(admin)
    }
  })
  afterAll(async () => {
    await Promise.allSettled(apart.map(async s => await s.app.close()))
    await candidates?.close()
    await federation?.close()
  })

  /** What the service apart answers for the new ente: its count, or the error code of its outcome. */
  async function serviceApartSees (service: ServiceApart): Promise<number | string> {
    const token = await signServiceToken(federation.platform.keys, { audience: service.system.id })
    const answer = await postJson(`${service.url}${internalPath(service.system, 'batch')}`, {
      timeoutMs: 1_000,
      requests: [{ ente: NEW_ENTE, request: { page: 1, pageSize: 1, query: {} }, countOnly: true }]
    }, { authorization: `Bearer ${token}` })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    const [outcome] = answer.body.outcomes
    return outcome.ok === true ? outcome.totalRows : outcome.error.code
  }

  /** The new ente's records in the gateway's answer. */
  async function gatewaySees (system: SystemProfile): Promise<number> {
    const answer = await postJson(`${federation.gatewayUrl}${system.paths.search}`, { pageSize: 200 }, await federation.bearer())
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    return answer.body.results.filter((r: { id: string }) => r.id.startsWith(`${NEW_ENTE}:`)).length
  }

  it('registers the new ente and walks each system\'s connection to approval with a passing connection test', async () => {
    expect((await operator.post('/entes', enteInputOf(candidate))).status).toBe(201)
    for (const { id } of SYSTEMS) {
      expect((await operator.post(`/entes/${NEW_ENTE}/conexiones/${id}`, connectionInputOf(candidate))).status).toBe(201)
      for (const stage of ['estandar', 'mecanismo', 'pruebas']) expect((await operator.post(`/entes/${NEW_ENTE}/conexiones/${id}/etapa`, { stage })).status, `${id} ${stage}`).toBe(200)
      const tested = await operator.post(`/entes/${NEW_ENTE}/conexiones/${id}/pruebas`)
      expect(tested.body.checks.filter((c: { passed: boolean }) => !c.passed), id).toEqual([])
      expect((await operator.post(`/entes/${NEW_ENTE}/conexiones/${id}/etapa`, { stage: 'aprobada' })).status, id).toBe(200)
    }
  })

  it.each(SYSTEMS.map(system => ({ system, id: system.id })))('$id: promoted to production, it is federated by the gateway and known to the service apart within 2 s', async ({ system }) => {
    const service = apart.find(s => s.system.id === system.id)!
    expect(await serviceApartSees(service)).toBe('ENTE_UNKNOWN')
    expect(await gatewaySees(system)).toBe(0)

    const started = Date.now()
    expect((await operator.post(`/entes/${NEW_ENTE}/conexiones/${system.id}/etapa`, { stage: 'produccion' })).status).toBe(200)
    let inService: number | string = 'ENTE_UNKNOWN'
    let inGateway = 0
    while (Date.now() - started < PROPAGATION_MS && (inService !== 6 || inGateway !== 6)) {
      ;[inService, inGateway] = await Promise.all([serviceApartSees(service), gatewaySees(system)])
      if (inService !== 6 || inGateway !== 6) await new Promise(resolve => setTimeout(resolve, 50))
    }
    const elapsed = Date.now() - started
    expect({ inService, inGateway }, `after ${elapsed} ms`).toEqual({ inService: 6, inGateway: 6 })
    expect(elapsed).toBeLessThan(PROPAGATION_MS)
  })

  it('keeps the federation\'s Redis keys under that prefix', async () => {
    const admin = createRedisClient(redisUrl!, { commandTimeoutMs: 2_000 })
    try {
      await once(admin, 'ready')
      let found = 0
      let cursor = '0'
      do {
        const [next, keys] = await admin.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1_000)
        found += keys.length
        cursor = next
      } while (cursor !== '0' && found === 0)
      expect(found).toBeGreaterThan(0)
    } finally {
      await closeRedis(admin)
    }
  })
})
