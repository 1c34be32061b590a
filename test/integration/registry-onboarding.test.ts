import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startSimulator, type Simulator } from '@see/ente-simulator'
import { connectionInputOf, enteInputOf } from '@see/demo'
import { officialS2, schemaErrors } from '../support/official-specs.js'
import { postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'
import { registryApi, type RegistryApi } from '../support/registry-api.js'

// An ente's onboarding through the Sistema Registral's HTTP API, from its request to production,
// with the connection test run by the S2 service against simulated entes.

const s2 = officialS2()
const FORWARD = ['estandar', 'mecanismo', 'pruebas'] as const

describe('onboarding through the registry API', () => {
  let federation: TestFederation
  let candidates: Simulator
  let operator: RegistryApi
  let redirector: Server

  beforeAll(async () => {
    federation = await startTestFederation('registry-onboarding', { entes: 2, size: 12 })
    candidates = await startSimulator({
      providers: [
        { clave: 'NUEVO', nombre: 'Instituto de Prueba del Estado de Chiapas', siglas: 'IPECH', size: 30 },
        { clave: 'FALLA', nombre: 'Organismo con Fallas', size: 8 }
      ]
    })
    operator = await registryApi(federation, { operator: true })
    // An ente whose token server works and whose data endpoint redirects to another ente.
    const target = candidates.provider('NUEVO')
    redirector = createServer((req, res) => {
      if (req.url === '/oauth/token') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'x', token_type: 'Bearer', expires_in: 600 }))
      } else {
        res.writeHead(302, { location: `${target.url}${req.url ?? ''}` }).end()
      }
    })
    await new Promise<void>(resolve => redirector.listen(0, '127.0.0.1', resolve))
  })
  afterAll(async () => {
    await federation?.close()
    await candidates?.close()
    await new Promise(resolve => redirector?.close(resolve))
  })

  const pdnSearch = async (body: unknown) => await postJson(`${federation.gatewayUrl}/v1/spic`, body, await federation.bearer())
  const idsInPdn = async (): Promise<string[]> => (await pdnSearch({ pageSize: 200 })).body.results.map((r: { id: string }) => r.id)

  it('takes a simulated ente from its request to production: registration, stages, a passing test, sandbox, approval', async () => {
    const provider = candidates.provider('NUEVO')
    expect((await operator.post('/entes', enteInputOf(provider))).status).toBe(201)
    const ente = await registryApi(federation, { ente: 'NUEVO' })

    const registered = await ente.post('/entes/NUEVO/conexiones/s2', connectionInputOf(provider))
    expect(registered.status).toBe(201)
    expect(registered.body).toMatchObject({ ente: 'NUEVO', system: 's2', stage: 'solicitud', auth: { kind: 'oauth2-password', hasCredentials: true } })
    expect(JSON.stringify(registered.body)).not.toContain(provider.credentials.password)

    // Credentials at rest: sealed in the row, absent from the audit log.
    const { rows } = await federation.database.pool.query("SELECT * FROM connections WHERE ente_clave = 'NUEVO'")
    const { rows: audit } = await federation.database.pool.query("SELECT * FROM audit_log WHERE ente_clave = 'NUEVO'")
    for (const secret of [provider.credentials.clientSecret, provider.credentials.password]) {
      expect(JSON.stringify(rows)).not.toContain(secret)
      expect(JSON.stringify(audit)).not.toContain(secret)
    }
    expect(Object.values(rows[0].credentials as Record<string, string>).every(v => v.startsWith('enc1:'))).toBe(true)

    for (const stage of FORWARD) {
      const moved = await operator.post('/entes/NUEVO/conexiones/s2/etapa', { stage, observations: `Paso a ${stage}` })
      expect(moved.status, stage).toBe(200)
    }
    const tested = await ente.post('/entes/NUEVO/conexiones/s2/pruebas')
    expect(tested.status).toBe(201)
    expect(tested.body).toMatchObject({ ente: 'NUEVO', system: 's2', passed: true, configVersion: 1, actor: { kind: 'ente', ente: 'NUEVO' } })
    expect(tested.body.checks.filter((c: { passed: boolean }) => !c.passed)).toEqual([])

    // Under test, the ente answers its sandbox route only; the PDN does not see it.
    const sandbox = await ente.post('/entes/NUEVO/sandbox/v1/spic', { pageSize: 5, sort: { primerApellido: 'asc' } })
    expect(sandbox.status).toBe(200)
    expect(schemaErrors(s2('resSpic'), sandbox.body)).toEqual([])
    expect(sandbox.body.pagination.totalRows).toBe(30)
    expect(sandbox.body.results.every((r: { id: string }) => r.id.startsWith('NUEVO:'))).toBe(true)
    expect((await idsInPdn()).some(id => id.startsWith('NUEVO:'))).toBe(false)

    expect((await operator.post('/entes/NUEVO/conexiones/s2/etapa', { stage: 'aprobada' })).status).toBe(200)
    expect((await operator.post('/entes/NUEVO/conexiones/s2/etapa', { stage: 'produccion' })).status).toBe(200)
    await vi.waitFor(async () => { expect((await idsInPdn()).filter(id => id.startsWith('NUEVO:'))).toHaveLength(30) }, { timeout: 10_000, interval: 100 })
    expect((await ente.post('/entes/NUEVO/sandbox/v1/spic', {})).body.code).toBe('REGISTRY_CONFLICT')

    const history = await ente.get('/entes/NUEVO/conexiones/s2/historial')
    expect(history.body.map((h: { to: string }) => h.to)).toEqual(['solicitud', 'estandar', 'mecanismo', 'pruebas', 'aprobada', 'produccion'])
    expect(history.body[0].actor).toEqual({ kind: 'ente', id: ente.clientId, ente: 'NUEVO' })
    expect(history.body[1]).toMatchObject({ from: 'solicitud', observations: 'Paso a estandar', actor: { kind: 'operator' } })
    expect((await ente.get('/entes/NUEVO/conexiones/s2/pruebas')).body).toHaveLength(1)

    const actions = (await operator.get('/auditoria?ente=NUEVO')).body.map((e: { action: string }) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['ente.create', 'connection.create', 'connection.stage', 'connection.test-report']))
    const providers = (await operator.get('/proveedores-pdn')).body
    const exported = providers.find((p: { supplier_id: string }) => p.supplier_id === 'NUEVO')
    expect(exported).toMatchObject({ system_id: 'S2', url: `${provider.url}/v1/spic`, token_url: provider.tokenUrl, status: 'ACTIVE', levels: ['estatal'] })
    for (const secret of ['password', 'client_secret', 'username', 'client_id', 'token']) expect(exported).not.toHaveProperty(secret)
    const coverage = (await operator.get('/cobertura')).body
    const s2Coverage = coverage.systems.find((s: { system: string }) => s.system === 's2')
    expect(s2Coverage.entes.find((e: { clave: string }) => e.clave === 'NUEVO').stage).toBe('produccion')
    expect(s2Coverage.byStage.produccion).toBe(3)
  })

  it('answers invalid transitions and duplicates with 409 {code, message}', async () => {
    const provider = candidates.provider('FALLA')
    expect((await operator.post('/entes', enteInputOf(provider))).status).toBe(201)
    expect((await operator.post('/entes', enteInputOf(provider))).body.code).toBe('REGISTRY_CONFLICT')
    expect((await operator.post('/entes/FALLA/conexiones/s2', connectionInputOf(provider))).status).toBe(201)

    const skip = await operator.post('/entes/FALLA/conexiones/s2/etapa', { stage: 'produccion' })
    expect(skip.status).toBe(409)
    expect(skip.body).toEqual({ code: 'REGISTRY_INVALID_TRANSITION', message: expect.stringContaining('solicitud') })
    const early = await operator.post('/entes/FALLA/conexiones/s2/pruebas')
    expect(early.status).toBe(409)
    expect(early.body.code).toBe('REGISTRY_CONFLICT')
    expect((await operator.post('/entes/FALLA/conexiones/s2/etapa', { stage: 'archivada' })).status).toBe(422)
    for (const stage of FORWARD) expect((await operator.post('/entes/FALLA/conexiones/s2/etapa', { stage })).status).toBe(200)
    const untested = await operator.post('/entes/FALLA/conexiones/s2/etapa', { stage: 'aprobada' })
    expect(untested.status).toBe(409)
    expect(Object.keys(untested.body).sort()).toEqual(['code', 'message'])
    expect(untested.body.code).toBe('REGISTRY_TEST_REQUIRED')
  })

  it('fails the connection test of a faulty ente (and refuses its approval), then passes once it is fixed', async () => {
    const provider = candidates.provider('FALLA')
    await provider.setFault('error-500')
    try {
      const failing = await operator.post('/entes/FALLA/conexiones/s2/pruebas')
      expect(failing.status).toBe(201)
      expect(failing.body.passed).toBe(false)
      const failed = Object.fromEntries(failing.body.checks.filter((c: { passed: boolean }) => !c.passed).map((c: { name: string, message: string }) => [c.name, c.message]))
      expect(failed['sin filtros']).toMatch(/HTTP 500/)
      expect(failed.token).toBeUndefined()
      expect((await operator.post('/entes/FALLA/conexiones/s2/etapa', { stage: 'aprobada' })).body.code).toBe('REGISTRY_TEST_REQUIRED')
    } finally {
      await provider.setFault('none')
    }
    const passing = await operator.post('/entes/FALLA/conexiones/s2/pruebas')
    expect(passing.body.passed).toBe(true)
    expect((await operator.post('/entes/FALLA/conexiones/s2/etapa', { stage: 'aprobada' })).status).toBe(200)
    const reports = (await operator.get('/entes/FALLA/conexiones/s2/pruebas')).body.map((r: { passed: boolean }) => r.passed)
    expect(reports).toEqual([true, false])
  })

  it('never follows an ente\'s redirect: the test fails and the redirect\'s target is never called', async () => {
    const target = candidates.provider('NUEVO')
    target.resetCounters()
    const { port } = redirector.address() as AddressInfo
    const url = `http://127.0.0.1:${port}`
    expect((await operator.post('/entes', { clave: 'REDIR', nombre: 'Ente que redirige', orden: 'estatal', poder: 'ejecutivo' })).status).toBe(201)
    expect((await operator.post('/entes/REDIR/conexiones/s2', { protocol: 'sesna-v1', baseUrl: url, tokenUrl: `${url}/oauth/token`, auth: { kind: 'oauth2-client-credentials', clientId: 'see', clientSecret: 'secreto-redir' } })).status).toBe(201)
    for (const stage of FORWARD) await operator.post('/entes/REDIR/conexiones/s2/etapa', { stage })
    const report = await operator.post('/entes/REDIR/conexiones/s2/pruebas')
    expect(report.body.passed).toBe(false)
    const search = report.body.checks.find((c: { name: string }) => c.name === 'sin filtros')
    expect(search.message).toMatch(/HTTP 302: el ente redirige y el SEE no sigue redirecciones/)
    expect(target.counters).toMatchObject({ token: 0, data: 0, dependencias: 0 })
  })
})
