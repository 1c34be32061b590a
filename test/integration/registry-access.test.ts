import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setClientDisabled } from '@see/auth'
import { connectionInputOf } from '@see/demo'
import { requestJson, registryApi, type RegistryApi } from '../support/registry-api.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// BOLA: an ente's client (registry:ente, bound to one ente) can neither read nor change another
// ente through the API; operator-only actions are refused to it; other scopes get nothing.

describe('who may do what in the registry API', () => {
  let federation: TestFederation
  let operator: RegistryApi
  let mine: RegistryApi
  let own: string
  let other: string

  beforeAll(async () => {
    federation = await startTestFederation('registry-access', { entes: 2, size: 5 })
    ;[own, other] = federation.simulator.providers.map(p => p.clave) as [string, string]
    operator = await registryApi(federation, { operator: true })
    mine = await registryApi(federation, { ente: own })
  })
  afterAll(async () => await federation?.close())

  it('shows an ente\'s client its own ente and connections only', async () => {
    expect((await mine.get('/entes')).body.map((e: { clave: string }) => e.clave)).toEqual([own])
    expect((await mine.get(`/entes/${own}`)).status).toBe(200)
    expect([...new Set((await mine.get('/conexiones')).body.map((c: { ente: string }) => c.ente))]).toEqual([own])
    expect((await mine.get(`/conexiones?ente=${other}`)).body).toEqual([])
    expect((await mine.get(`/entes/${own}/conexiones/s2/historial`)).status).toBe(200)
  })

  it('answers 404 for another ente, exactly as for one that does not exist', async () => {
    const otherConnection = (await operator.get(`/entes/${other}/conexiones/s2`)).body
    const attempts: Array<[string, () => ReturnType<RegistryApi['get']>]> = [
      ['GET ente', async () => await mine.get(`/entes/${other}`)],
      ['PATCH ente', async () => await mine.patch(`/entes/${other}`, { contacts: [] })],
      ['GET connections', async () => await mine.get(`/entes/${other}/conexiones`)],
      ['GET connection', async () => await mine.get(`/entes/${other}/conexiones/s2`)],
      ['POST connection', async () => await mine.post(`/entes/${other}/conexiones/s3s`, connectionInputOf(federation.simulator.providers[1]!))],
      ['PATCH connection', async () => await mine.patch(`/entes/${other}/conexiones/s2`, { baseUrl: 'http://127.0.0.1:9/' })],
      ['GET history', async () => await mine.get(`/entes/${other}/conexiones/s2/historial`)],
      ['GET reports', async () => await mine.get(`/entes/${other}/conexiones/s2/pruebas`)],
      ['POST test', async () => await mine.post(`/entes/${other}/conexiones/s2/pruebas`)],
      ['POST sandbox', async () => await mine.post(`/entes/${other}/sandbox/v1/spic`, {})],
      ['POST stage', async () => await mine.post(`/entes/${other}/conexiones/s2/etapa`, { stage: 'suspendida' })]
    ]
    for (const [what, attempt] of attempts) {
      const answer = await attempt()
      expect(answer.status, what).toBe(404)
      expect(answer.body.code, what).toBe('REGISTRY_NOT_FOUND')
    }
    const unknown = await mine.get('/entes/NO-EXISTE')
    expect((await mine.get(`/entes/${other}`)).body.message).toBe(unknown.body.message.replace('NO-EXISTE', other))
    // Nothing of the other ente changed.
    expect((await operator.get(`/entes/${other}/conexiones/s2`)).body).toEqual(otherConnection)
  })

  it('refuses operator-only actions to an ente\'s client with 403, even on its own ente', async () => {
    const refused: Array<[string, () => ReturnType<RegistryApi['get']>]> = [
      ['create ente', async () => await mine.post('/entes', { clave: 'OTRO', nombre: 'Otro', orden: 'estatal', poder: 'ejecutivo' })],
      ['own stage', async () => await mine.post(`/entes/${own}/conexiones/s2/etapa`, { stage: 'suspendida' })],
      ['rename itself', async () => await mine.patch(`/entes/${own}`, { nombre: 'Otro nombre' })],
      ['audit', async () => await mine.get('/auditoria')],
      ['coverage', async () => await mine.get('/cobertura')],
      ['providers', async () => await mine.get('/proveedores-pdn')]
    ]
    for (const [what, attempt] of refused) {
      const answer = await attempt()
      expect(answer.status, what).toBe(403)
      expect(Object.keys(answer.body).sort(), what).toEqual(['code', 'message'])
    }
    const contacts = [{ nombre: 'Ana Ruiz', cargo: 'Enlace', email: 'ana.ruiz@ejemplo.gob.mx' }]
    expect((await mine.patch(`/entes/${own}`, { contacts })).body.contacts).toEqual(contacts)
  })

  it('lets only registry scopes in: 401 without a token, 403 with a PDN token or an unbound client', async () => {
    const none = await requestJson('GET', `${federation.gatewayUrl}/registro/v1/entes`)
    expect(none.status).toBe(401)
    expect(none.body.code).toBe('SEE_AUTH_TOKEN_MISSING')
    const pdn = await requestJson('GET', `${federation.gatewayUrl}/registro/v1/entes`, undefined, await federation.bearer())
    expect(pdn.status).toBe(403)
    expect(pdn.body.code).toBe('SEE_AUTH_INSUFFICIENT_SCOPE')
    const forged = await requestJson('GET', `${federation.gatewayUrl}/registro/v1/entes`, undefined, { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' })
    expect(forged.status).toBe(401)
    // The binding is read from the auth store, not trusted from the token: a disabled client acts for no ente.
    const disabled = await registryApi(federation, { ente: own })
    await setClientDisabled(federation.platform.store, disabled.clientId, true)
    const refused = await disabled.get(`/entes/${own}`)
    expect(refused.status).toBe(403)
    expect(refused.body.code).toBe('SEE_REGISTRY_CLIENT_UNBOUND')
  })

  it('serves the registry API to operators in the one OpenAPI document, and not in the public /docs', async () => {
    const doc = await requestJson('GET', `${federation.gatewayUrl}/docs/operador/json`, undefined, operator.headers)
    expect(doc.status).toBe(200)
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/spic', '/registro/v1/entes/{clave}/conexiones/{sistema}/etapa', '/registro/v1/auditoria']))
    expect(doc.body.components.schemas.RegistryConnection).toBeDefined()
    expect(doc.body.tags.map((t: { name: string }) => t.name)).toContain('Registro')
    const open = await requestJson('GET', `${federation.gatewayUrl}/docs/json`)
    expect(Object.keys(open.body.paths).filter(path => path.startsWith('/registro/'))).toEqual([])
    expect(open.body.components.schemas.RegistryConnection).toBeUndefined()
  })
})
