import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { REGISTRY_ADMIN_SCOPE } from '@see/auth'
import { TEST_DATABASE_URL, openTestDatabase, testDatabaseKinds, type TestDatabase } from '@see/db/testing'
import { startSimulator, type SimulatedProvider, type Simulator } from '@see/ente-simulator'
import { redisForTests, uniquePrefix } from '@see/redis/testing'
import { generateCredentialKey } from '@see/registry'
import { profiles } from '@see/systems'
import { buildProduction, createdClient, freePort, runCompiled, startCompiled, waitReady, type CompiledProcess } from '../support/compiled.js'
import { postJson, type JsonAnswer } from '../support/http.js'
import { clientToken, onboardThroughApi } from '../support/registry-api.js'

// Issue 17, Done when: a denuncia filed while its ente is down is delivered once the ente is
// back, with the gateway and the S5 service restarted in between — killed with SIGKILL, not
// stopped. Both run as production runs them (the compiled build, `node infra/see.mjs …`, each a
// process of its own) on PostgreSQL; the ente is a simulated one onboarded through the registry API.

const FILE = 'denuncias-restarts.test.ts'
const [databaseKind] = await testDatabaseKinds(FILE)
// Separate processes share the database: PGlite serves one process only.
const runnable = databaseKind === 'postgresql'
if (!runnable) console.warn(`[${FILE}] PostgreSQL is away: processes apart cannot share PGlite, its cases are skipped`)
const redisUrl = runnable ? await redisForTests(FILE) : undefined

const s5 = profiles.s5
const intake = s5.intake!
const CLAVE = 'DENUNCIAS'
const FACTS = 'Cobro indebido por la expedición de una constancia en la oficina de catastro municipal.'

describe.skipIf(!runnable)('a denuncia filed while its ente is down, across a kill -9 of the gateway and the S5 service', () => {
  let database: TestDatabase
  let simulator: Simulator
  let ente: SimulatedProvider
  let gateway: CompiledProcess | undefined
  let service: CompiledProcess | undefined
  let gatewayUrl: string
  let serviceUrl: string
  let gatewayEnv: Record<string, string>
  let serviceEnv: Record<string, string>

  async function startBoth (): Promise<void> {
    service = startCompiled(['service', s5.id], serviceEnv)
    gateway = startCompiled(['gateway'], gatewayEnv)
    await waitReady(`${gatewayUrl}/health/ready`, gateway, 60_000)
    await waitReady(`${serviceUrl}/health/ready`, service, 60_000)
  }

  beforeAll(async () => {
    await buildProduction()
    database = await openTestDatabase('postgresql')
    simulator = await startSimulator({ providers: [{ clave: CLAVE, nombre: 'Secretaría de la Honestidad del Estado de Chiapas', siglas: 'SHECH', systems: [s5.id], size: 10 }] })
    ente = simulator.provider(CLAVE)
    const url = new URL(TEST_DATABASE_URL)
    url.searchParams.set('options', `-c search_path=${database.schema}`)
    // Fixed ports and keys: the restarted processes are the same deployment.
    const [gatewayPort, servicePort] = [await freePort(), await freePort()]
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`
    serviceUrl = `http://127.0.0.1:${servicePort}`
    const keys = await runCompiled(['auth', 'keys', 'generate'], {})
    expect(keys.code, keys.stderr).toBe(0)
    const env = {
      DATABASE_URL: url.toString(),
      ...(redisUrl !== undefined && { REDIS_URL: redisUrl, REDIS_PREFIX: uniquePrefix() }),
      SEE_CREDENTIALS_KEYS: generateCredentialKey('k1'),
      // The simulated ente listens on loopback over http.
      SEE_URL_ALLOW_HTTP: 'true',
      SEE_URL_ALLOWED_HOSTS: '127.0.0.1'
    }
    gatewayEnv = {
      ...env,
      PORT: String(gatewayPort),
      PUBLIC_URL: gatewayUrl,
      SEE_JWT_KEYS: keys.stdout.split('\n').find(line => line.startsWith('{'))!,
      SERVICE_URLS: `${s5.id}=${serviceUrl}`,
      // This test asks the status every 250 ms until delivery: above the default 60 an hour.
      INTAKE_TRACKING_PER_HOUR: '100000'
    }
    serviceEnv = { ...env, PORT: String(servicePort), GATEWAY_JWKS_URL: `${gatewayUrl}/.well-known/jwks.json` }
    await startBoth()

    // The ente goes to production through the registry API, as an operator onboards it (its test needs it up).
    const operator = await runCompiled(['auth', 'client', 'create', '--name', 'Operación SESAECH', '--scopes', REGISTRY_ADMIN_SCOPE, '--grants', 'client_credentials'], env)
    expect(operator.code, operator.stderr).toBe(0)
    const { id, secret } = createdClient(operator.stdout)
    await onboardThroughApi(gatewayUrl, { authorization: `Bearer ${await clientToken(gatewayUrl, id, secret)}` }, ente, s5)
  }, 180_000)

  afterAll(async () => {
    await gateway?.kill()
    await service?.kill()
    await simulator?.close()
    await database?.close()
  })

  const track = async (folio: string, codigo: string): Promise<JsonAnswer> => await postJson(`${gatewayUrl}${intake.trackingPath}`, { folio, codigo })
  const outboxRow = async (folio: string): Promise<{ attempts: number, leased: boolean, last_error: string | null, delivered: boolean }> =>
    (await database.pool.query('SELECT attempts, lease_until IS NOT NULL AS leased, last_error, delivered_at IS NOT NULL AS delivered FROM intake_outbox WHERE folio = $1', [folio])).rows[0]

  it('keeps it through both crashes and delivers it exactly once when the ente is back', async () => {
    await ente.setFault('down')
    const filing = { ente: CLAVE, tipoFalta: 'CEX', hechos: FACTS, anonima: true }
    // The gateway knows the ente once its production directory has it (announced, or polled).
    let receipt: JsonAnswer | undefined
    await vi.waitFor(async () => {
      receipt = await postJson(`${gatewayUrl}${intake.path}`, filing, { 'idempotency-key': 'denuncia-reinicios-0001' })
      expect(receipt.status, JSON.stringify(receipt.body)).toBe(201)
    }, { timeout: 30_000, interval: 500 })
    const { folio, codigoSeguimiento: codigo } = receipt!.body as { folio: string, codigoSeguimiento: string }

    // The S5 service tried the ente and failed; the filing waits, unleased, for its next attempt.
    await vi.waitFor(async () => {
      const row = await outboxRow(folio)
      expect(row).toMatchObject({ leased: false, last_error: 'ENTE_UNREACHABLE', delivered: false })
      expect(row.attempts).toBeGreaterThanOrEqual(1)
    }, { timeout: 30_000, interval: 100 })
    expect((await track(folio, codigo)).body).toMatchObject({ folio, estado: 'recibida', ente: CLAVE })

    // Both crash: no shutdown hook of theirs runs.
    await Promise.all([gateway!.kill(), service!.kill()])
    expect([gateway!.child.signalCode, service!.child.signalCode]).toEqual(['SIGKILL', 'SIGKILL'])
    await startBoth()
    // Restarted, the ente still down: nothing delivered, the receipt still answers.
    expect((await track(folio, codigo)).body).toMatchObject({ folio, estado: 'recibida' })
    expect(ente.filingsOf(s5.id).kept.size).toBe(0)
    // The same submission again is the same denuncia, across the restart.
    const again = await postJson(`${gatewayUrl}${intake.path}`, filing, { 'idempotency-key': 'denuncia-reinicios-0001' })
    expect(again).toMatchObject({ status: 200, body: { folio, repetida: true } })

    await ente.setFault('none')
    await vi.waitFor(async () => {
      expect((await track(folio, codigo)).body).toMatchObject({ folio, estado: 'entregada' })
    }, { timeout: 90_000, interval: 250 })
    const inbox = ente.filingsOf(s5.id)
    expect([...inbox.kept.keys()]).toEqual([folio])
    expect(inbox.kept.get(folio)).toMatchObject({ folio, tipoFalta: 'CEX', hechos: FACTS })
    expect(inbox.calls).toBe(1)
    // Delivered: the outbox keeps nothing personal, and a wrong code still shows nothing.
    expect(await outboxRow(folio)).toMatchObject({ delivered: true, leased: false })
    expect((await track(folio, 'AAAAA-AAAAA-AAAAA-AAAAA')).status).toBe(404)
  }, 180_000)
})
