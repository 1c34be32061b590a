import { profiles } from '@see/systems'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { searchSpic, startSimulator, type Fault, type SimulatedProvider, type Simulator } from '@see/ente-simulator'
import type { ConnectionTestResult, SpicRecord } from '@see/openapi/types'
import type { DatabaseDirectory, RegistryEntry, UrlPolicy } from '@see/registry'
import { runConnectionTest } from '../../src/connection-test/index.js'
import { sendJson, startStubEnte, type StubEnte } from '../support/stub-ente.js'
import { testApp } from '../support/app.js'

// The connection test against simulated SESNA v1 entes over real HTTP: it passes on a good ente
// and says exactly what fails on a faulty one, never following redirects nor leaving the SSRF policy.

const LOOPBACK: UrlPolicy = { allowHttp: true, allowedHosts: ['127.0.0.1'] }
// Every filter of the S2 profile, every sort field both ways.
// No check of the filters on S2's private fields (curp, rfc): asked without rfcSolicitante, an ente publishes neither.
const EVERY_CHECK = [
  'token', 'latencia del token', 'sin filtros', 'pageSize 200', 'totales consistentes',
  'filtro id', 'filtro id exacto', 'filtro nombres', 'filtro primerApellido', 'filtro segundoApellido', 'filtro institucionDependencia',
  'filtro tipoProcedimiento', 'filtro sin acentos', 'filtro ñ distinta de n',
  ...['nombres', 'primerApellido', 'segundoApellido', 'institucionDependencia', 'puesto'].flatMap(field => [`orden ${field} asc`, `orden ${field} desc`]),
  'página 2', 'orden estable', 'pageSize 1', 'última página', 'página después del final',
  'sin token', 'token inválido', 'cuerpo inválido', 'cuerpo inválido: pageSize 201', 'cuerpo inválido: page 0', 'cuerpo inválido: campo desconocido',
  'dependencias', 'latencia'
]

let simulator: Simulator
const stubs: StubEnte[] = []

function entryOf (provider: Pick<SimulatedProvider, 'clave' | 'nombre' | 'url' | 'tokenUrl' | 'credentials'>, configVersion = 3): RegistryEntry {
  return {
    clave: provider.clave,
    nombre: provider.nombre,
    system: 's2',
    stage: 'pruebas',
    configVersion,
    connection: {
      protocol: 'sesna-v1',
      baseUrl: provider.url,
      tokenUrl: provider.tokenUrl,
      auth: { kind: 'oauth2-password', ...provider.credentials },
      maxConnections: 8,
      timeouts: { connectMs: 500, headersMs: 1500, bodyMs: 1500 }
    }
  }
}

async function test (provider: SimulatedProvider, policy: UrlPolicy = LOOPBACK): Promise<ConnectionTestResult> {
  return await runConnectionTest(profiles.s2, entryOf(provider), { requestId: 'prueba', urlPolicy: policy })
}

const failed = (result: ConnectionTestResult): Record<string, string> =>
  Object.fromEntries(result.checks.filter(c => !c.passed).map(c => [c.name, c.message ?? '']))

beforeAll(async () => {
  simulator = await startSimulator({
    providers: [
      { clave: 'BUENO', nombre: 'Ente que cumple', size: 45, extraRecords: [{ nombres: 'José', primerApellido: 'Núñez' }, { nombres: 'Josefina', primerApellido: 'Nunez' }] },
      { clave: 'VACIO', nombre: 'Ente sin registros', size: 0 },
      { clave: 'FALLA', nombre: 'Ente con fallas', size: 15 }
    ]
  })
})
afterEach(async () => {
  await Promise.all(stubs.splice(0).map(async stub => await stub.close()))
  await simulator.provider('FALLA').setFault('none')
})
afterAll(async () => { await simulator?.close() })

describe('a connection test against a simulated ente', () => {
  it('passes on an ente that follows the standard, with one passing check per query and the version tested', async () => {
    const result = await test(simulator.provider('BUENO'))
    expect(failed(result)).toEqual({})
    expect(result.passed).toBe(true)
    expect(result.configVersion).toBe(3)
    expect(result.checks.map(c => c.name)).toEqual(EVERY_CHECK)
    expect(result.latencyMs).toBeGreaterThanOrEqual(0)
    expect(result.checks.find(c => c.name === 'filtro nombres')).toMatchObject({ passed: true, request: { query: { nombres: expect.stringMatching(/^[A-ZÑ]+$/) } } })
  })

  it('passes on an ente without records', async () => {
    expect(failed(await test(simulator.provider('VACIO')))).toEqual({})
  })

  const faults: Array<[Fault, Record<string, RegExp>]> = [
    ['error-500', { 'sin filtros': /HTTP 500/, 'pageSize 200': /HTTP 500/, 'filtro nombres': /no se ejecutó/, dependencias: /HTTP 500/ }],
    ['wrong-shape', { 'sin filtros': /forma del estándar/, 'pageSize 200': /forma del estándar/, dependencias: /forma del estándar/ }],
    ['malformed-json', { 'sin filtros': /JSON/, 'pageSize 200': /JSON/ }],
    ['expired-token', { 'sin filtros': /credenciales/, 'pageSize 200': /credenciales/ }],
    ['down', { token: /conectarse/, 'sin filtros': /no se ejecutó: no se obtuvo el token/ }]
  ]
  for (const [fault, expected] of faults) {
    it(`fails on an ente with fault ${fault}, naming what failed`, async () => {
      const provider = simulator.provider('FALLA')
      await provider.setFault(fault)
      const result = await test(provider)
      expect(result.passed).toBe(false)
      const failures = failed(result)
      for (const [name, message] of Object.entries(expected)) expect(failures[name], name).toMatch(message)
      expect(result.checks.map(c => c.name)).toEqual(EVERY_CHECK)
      if (fault !== 'down') expect(failures.token).toBeUndefined()
    })
  }

  it('fails an ente that ignores filters and sorting, and accepts bad bodies', async () => {
    const records = simulator.provider('BUENO').records as SpicRecord[]
    const stub = await startStubEnte()
    stubs.push(stub)
    stub.handle('data', (call, res) => {
      const body = JSON.parse(call.body) as { page?: number, pageSize?: number }
      const page = typeof body.page === 'number' ? body.page : 1
      const pageSize = typeof body.pageSize === 'number' ? body.pageSize : 10
      sendJson(res, 200, searchSpic(records, { page, pageSize }))
    })
    const result = await runConnectionTest(profiles.s2, entryOf({ clave: 'STUB', nombre: 'Stub', url: stub.url, tokenUrl: `${stub.url}/oauth/token`, credentials: { clientId: 'a', clientSecret: 'b', username: 'c', password: 'd' } }), { requestId: 'p', urlPolicy: LOOPBACK })
    const failures = failed(result)
    expect(failures['filtro nombres']).toMatch(/no cumple el filtro \{"nombres"/)
    expect(failures['filtro id']).toMatch(/totalRows es 47/)
    expect(failures['orden primerApellido asc']).toMatch(/no siguen el orden/)
    expect(failures['cuerpo inválido']).toMatch(/HTTP 200; un cuerpo inválido debe responder 400 o 422/)
    expect(failures['sin filtros']).toBeUndefined()
    expect(failures['página 2']).toBeUndefined()
  })

  it('does not follow a redirect: the redirected data calls fail and the target never hears of them', async () => {
    const target = simulator.provider('BUENO')
    target.resetCounters()
    const stub = await startStubEnte()
    stubs.push(stub)
    stub.handle('data', (_call, res) => { res.writeHead(302, { location: `${target.url}/v1/spic` }).end() })
    const result = await runConnectionTest(profiles.s2, entryOf({ clave: 'REDIR', nombre: 'Redirige', url: stub.url, tokenUrl: `${stub.url}/oauth/token`, credentials: target.credentials }), { requestId: 'p', urlPolicy: LOOPBACK })
    expect(failed(result)['sin filtros']).toMatch(/HTTP 302: el ente redirige y el SEE no sigue redirecciones/)
    expect(target.counters.data).toBe(0)
  })

  it('goes through the SSRF guard: without the allow-list, loopback and http are refused before any request', async () => {
    const provider = simulator.provider('BUENO')
    provider.resetCounters()
    const httpRefused = await test(provider, { allowHttp: false, allowedHosts: [] })
    expect(failed(httpRefused).token).toMatch(/URL no permitida: el esquema http no está permitido/)
    const loopbackRefused = await test(provider, { allowHttp: true, allowedHosts: [] })
    expect(failed(loopbackRefused).token).toMatch(/URL no permitida: la dirección 127\.0\.0\.1 es interna o reservada/)
    expect(provider.counters.token).toBe(0)
  })
})

describe('POST /internal/v1/s2/connection-tests', () => {
  function sandboxOf (entries: RegistryEntry[]): DatabaseDirectory {
    return {
      list: () => entries,
      get: (_system, clave) => entries.find(e => e.clave === clave),
      refresh: async () => {},
      close: () => {}
    }
  }

  it('tests the connection the sandbox directory holds and answers the report; 404 for an ente not under test', async () => {
    const { app } = await testApp(sandboxOf([]), { sandbox: sandboxOf([entryOf(simulator.provider('BUENO'), 7)]), urlPolicy: LOOPBACK })
    try {
      const ok = await app.inject({ method: 'POST', url: '/internal/v1/s2/connection-tests', payload: { ente: 'BUENO' } })
      expect(ok.statusCode).toBe(200)
      expect(ok.json()).toMatchObject({ passed: true, configVersion: 7, checks: expect.arrayContaining([expect.objectContaining({ name: 'filtro id', passed: true })]) })
      const missing = await app.inject({ method: 'POST', url: '/internal/v1/s2/connection-tests', payload: { ente: 'OTRO' } })
      expect(missing.statusCode).toBe(404)
      expect(missing.json()).toEqual({ code: 'REGISTRY_NOT_FOUND', message: expect.stringContaining('OTRO') })
    } finally {
      await app.close()
    }
  })
})
