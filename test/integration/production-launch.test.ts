import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { REGISTRY_ADMIN_SCOPE } from '@see/auth'
import { TEST_DATABASE_URL, openTestDatabase, testDatabaseKinds, type TestDatabase } from '@see/db/testing'
import { startSimulator, type Simulator } from '@see/ente-simulator'
import { redisForTests, uniquePrefix } from '@see/redis/testing'
import { generateCredentialKey } from '@see/registry'
import { SYSTEMS, profiles } from '@see/systems'
import { clientToken, onboardThroughApi, requestJson } from '../support/registry-api.js'
import { buildProduction, createdClient, freePort, runCompiled, startCompiled, waitReady, type CompiledProcess } from '../support/compiled.js'

// The production build run as an operator runs it (README, "Run it in production"): the packages
// compiled to JavaScript, the S2 service and the gateway started with plain `node` from it against
// PostgreSQL and Redis, the first operator client made with `see-auth`, a simulated ente onboarded
// through the registry API, and a PDN query answered with its records.

const FILE = 'production-launch.test.ts'
const redisUrl = await redisForTests(FILE)
const [databaseKind] = await testDatabaseKinds(FILE)
// Separate processes share the database: PGlite serves one process only.
const runnable = redisUrl !== undefined && databaseKind === 'postgresql'
if (redisUrl !== undefined && !runnable) console.warn(`[${FILE}] PostgreSQL is away: processes apart cannot share PGlite, its cases are skipped`)

const s2 = profiles.s2
beforeAll(async () => { await buildProduction() }, 60_000)

describe('the compiled command line', () => {
  it('checks an environment without starting: errors name the variable, exit 1', async () => {
    const bad = await runCompiled(['gateway', 'check'], { PORT: 'ochenta' })
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/ERROR: .*PORT/)
    const service = await runCompiled(['service', s2.id, 'check'], { DATABASE_URL: 'postgres://db/see', SEE_CREDENTIALS_KEYS: generateCredentialKey('k1'), GATEWAY_JWKS_URL: 'http://gateway:3000/.well-known/jwks.json' })
    expect(service.code, service.stdout).toBe(0)
    expect(service.stdout).toContain(`sistema ${s2.id}`)
    expect(service.stdout).toMatch(/AVISO: sin REDIS_URL/)
  })

  it('starts the service of any federated system, named from the profiles', async () => {
    const unknown = await runCompiled(['service', 'nada'], {})
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain(SYSTEMS.map(system => system.id).join(', '))
  })
})

describe.skipIf(!runnable)('the production build, started with plain node', () => {
  let database: TestDatabase
  let simulator: Simulator
  let gateway: CompiledProcess | undefined
  let service: CompiledProcess | undefined
  let gatewayUrl: string
  let env: Record<string, string>
  let metricsPorts: { gateway: number, service: number }

  beforeAll(async () => {
    database = await openTestDatabase('postgresql')
    simulator = await startSimulator({ providers: [{ clave: 'PRODUCCION', nombre: 'Instituto de Producción del Estado de Chiapas', siglas: 'IPROCH', size: 25 }] })
    const url = new URL(TEST_DATABASE_URL)
    url.searchParams.set('options', `-c search_path=${database.schema}`)
    const [gatewayPort, servicePort] = [await freePort(), await freePort()]
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`
    metricsPorts = { gateway: await freePort(), service: await freePort() }
    const keys = await runCompiled(['auth', 'keys', 'generate'], {})
    expect(keys.code, keys.stderr).toBe(0)
    env = {
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl!,
      REDIS_PREFIX: uniquePrefix(),
      SEE_CREDENTIALS_KEYS: generateCredentialKey('k1'),
      // The simulated ente listens on loopback over http.
      SEE_URL_ALLOW_HTTP: 'true',
      SEE_URL_ALLOWED_HOSTS: '127.0.0.1'
    }
    const gatewayEnv = {
      ...env,
      PORT: String(gatewayPort),
      METRICS_PORT: String(metricsPorts.gateway),
      PUBLIC_URL: gatewayUrl,
      SEE_JWT_KEYS: keys.stdout.split('\n').find(line => line.startsWith('{'))!,
      SERVICE_URLS: `${s2.id}=http://127.0.0.1:${servicePort}`
    }
    const check = await runCompiled(['gateway', 'check'], gatewayEnv)
    expect(check.code, check.stdout).toBe(0)
    expect(check.stdout).not.toContain(env.SEE_CREDENTIALS_KEYS!.slice(3))
    service = startCompiled(['service', s2.id], { ...env, PORT: String(servicePort), METRICS_PORT: String(metricsPorts.service), GATEWAY_JWKS_URL: `${gatewayUrl}/.well-known/jwks.json` })
    gateway = startCompiled(['gateway'], gatewayEnv)
    await waitReady(`${gatewayUrl}/health/ready`, gateway)
    await waitReady(`http://127.0.0.1:${servicePort}/health/ready`, service)
  }, 120_000)

  afterAll(async () => {
    await gateway?.stop()
    await service?.stop()
    await simulator?.close()
    await database?.close()
  })

  it('onboards an ente through the registry API and answers the PDN with its records', async () => {
    const operator = await runCompiled(['auth', 'client', 'create', '--name', 'Operación SESAECH', '--scopes', REGISTRY_ADMIN_SCOPE, '--grants', 'client_credentials'], env)
    expect(operator.code, operator.stderr).toBe(0)
    const pdn = await runCompiled(['auth', 'client', 'create', '--name', 'PDN', '--scopes', s2.scope, '--grants', 'client_credentials'], env)
    expect(pdn.code, pdn.stderr).toBe(0)
    const operatorClient = createdClient(operator.stdout)
    const pdnClient = createdClient(pdn.stdout)
    const auth = { authorization: `Bearer ${await clientToken(gatewayUrl, operatorClient.id, operatorClient.secret)}` }
    await onboardThroughApi(gatewayUrl, auth, simulator.provider('PRODUCCION'), s2)

    const pdnAuth = { authorization: `Bearer ${await clientToken(gatewayUrl, pdnClient.id, pdnClient.secret)}` }
    await vi.waitFor(async () => {
      const page = await requestJson('POST', `${gatewayUrl}${s2.paths.search}`, { pageSize: 50 }, pdnAuth)
      expect(page.status).toBe(200)
      expect(page.body.pagination.totalRows).toBe(25)
      expect(page.body.results.every((r: { id: string }) => r.id.startsWith('PRODUCCION:'))).toBe(true)
    }, { timeout: 10_000, interval: 200 })
    // The compiled public portal shows the same records to anyone, as a page.
    const portal = await request(`${gatewayUrl}/consulta/${s2.id}`)
    expect(portal.statusCode).toBe(200)
    expect(await portal.body.text()).toContain('de 25.</p>')

    // Each process's metrics, on its internal port.
    const scrape = async (port: number): Promise<string> => await (await request(`http://127.0.0.1:${port}/metrics`)).body.text()
    const line = (text: string, name: string, labels: string[]): string | undefined =>
      text.split('\n').find(l => l.startsWith(`${name}{`) && labels.every(label => l.includes(label)))
    expect(line(await scrape(metricsPorts.gateway), 'see_registry_connections', [`system="${s2.id}"`, 'stage="produccion"'])).toMatch(/ 1$/)
    expect(line(await scrape(metricsPorts.service), 'see_ente_call_duration_seconds_count', ['ente="PRODUCCION"', 'outcome="ok"'])).toMatch(/ [1-9]\d*$/)
  })
})
