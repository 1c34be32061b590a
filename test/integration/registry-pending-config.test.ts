import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { testDatabaseKinds } from '@see/db/testing'
import { startSimulator, type SimulatedProvider, type Simulator } from '@see/ente-simulator'
import { postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'
import { registryApi, type RegistryApi } from '../support/registry-api.js'

// The security review's finding, through the real HTTP API: an ente's client repointing its
// production connection (URL, token URL, credentials) must not reach the PDN before a passing
// connection test of the new configuration and an operator's approval. The new server is a second
// simulated server of the same ente with more records, so the PDN's totals say who answered.

const kinds = await testDatabaseKinds('registry-pending-config')
const APPROVED_SIZE = 6
const NEW_SIZE = 9
const NEW_SECRET = 'secreto-del-servidor-nuevo-Wq51'

describe.each(kinds)('a production connection repointed by its ente, on %s', (kind) => {
  let federation: TestFederation
  let newServers: Simulator
  let approvedServer: SimulatedProvider
  let newServer: SimulatedProvider
  let operator: RegistryApi
  let ente: RegistryApi

  beforeAll(async () => {
    federation = await startTestFederation('registry-pending-config', { entes: [{ clave: 'SEFIN', nombre: 'Secretaría de Finanzas', size: APPROVED_SIZE }] }, kind)
    newServers = await startSimulator({
      providers: [{ clave: 'SEFIN', nombre: 'Secretaría de Finanzas', size: NEW_SIZE, credentials: { clientSecret: NEW_SECRET } }]
    })
    approvedServer = federation.simulator.provider('SEFIN')
    newServer = newServers.provider('SEFIN')
    operator = await registryApi(federation, { operator: true })
    ente = await registryApi(federation, { ente: 'SEFIN' })
  })
  afterAll(async () => {
    await federation?.close()
    await newServers?.close()
  })

  /** A PDN search that reaches the entes (a page size of its own: never a cached page). */
  let pageSize = 10
  const pdnTotal = async (): Promise<number> => {
    const answer = await postJson(`${federation.gatewayUrl}/v1/spic`, { pageSize: pageSize++ }, await federation.bearer())
    expect(answer.status).toBe(200)
    return answer.body.pagination.totalRows as number
  }
  const connectionPath = '/entes/SEFIN/conexiones/s2'
  const newConfiguration = () => ({ baseUrl: newServer.url, tokenUrl: newServer.tokenUrl, auth: { kind: 'oauth2-password', ...newServer.credentials } })

  it('answers the change as pending and keeps the PDN on the approved server, even after the directories reload', async () => {
    expect((await ente.post(`${connectionPath}/pruebas`)).body.code).toBe('REGISTRY_CONFLICT') // nothing to test in production yet
    newServer.resetCounters()
    const changed = await ente.patch(connectionPath, newConfiguration())
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ stage: 'produccion', baseUrl: approvedServer.url, tokenUrl: approvedServer.tokenUrl, configVersion: 1 })
    expect(changed.body.pendingConfiguration).toMatchObject({ baseUrl: newServer.url, tokenUrl: newServer.tokenUrl, configVersion: 2, proposedBy: { kind: 'ente', ente: 'SEFIN' } })
    expect(JSON.stringify(changed.body)).not.toContain(NEW_SECRET)

    await federation.registry.directories.refresh() // what the polling does every few seconds
    for (let i = 0; i < 3; i++) expect(await pdnTotal()).toBe(APPROVED_SIZE)
    expect(newServer.counters).toEqual({ token: 0, data: 0, dependencias: 0 })
    expect((await operator.get(connectionPath)).body).toMatchObject({ stage: 'produccion', baseUrl: approvedServer.url, pendingConfiguration: { baseUrl: newServer.url } })
  })

  it('serves the pending configuration to the ente\'s sandbox route only', async () => {
    const sandbox = await ente.post('/entes/SEFIN/sandbox/v1/spic', { pageSize: 5 })
    expect(sandbox.status).toBe(200)
    expect(sandbox.body.pagination.totalRows).toBe(NEW_SIZE)
    expect(newServer.counters.data).toBeGreaterThan(0)
    expect(await pdnTotal()).toBe(APPROVED_SIZE)
  })

  it('refuses the approval before a passing test of the new configuration, and to the ente\'s own client', async () => {
    const early = await operator.post(`${connectionPath}/configuracion-pendiente/aprobacion`, {})
    expect(early.status).toBe(409)
    expect(early.body).toEqual({ code: 'REGISTRY_TEST_REQUIRED', message: expect.stringContaining('versión 2') })

    const tested = await ente.post(`${connectionPath}/pruebas`)
    expect(tested.status).toBe(201)
    expect(tested.body).toMatchObject({ passed: true, configVersion: 2 })
    // A passing test is not an approval: the PDN still reaches the approved server only.
    const dataCalls = newServer.counters.data
    expect(await pdnTotal()).toBe(APPROVED_SIZE)
    expect(newServer.counters.data).toBe(dataCalls)

    const byEnte = await ente.post(`${connectionPath}/configuracion-pendiente/aprobacion`, {})
    expect(byEnte.status).toBe(403)
    expect(byEnte.body.code).toBe('REGISTRY_FORBIDDEN')
  })

  it('moves the PDN to the new server once an operator approves the tested configuration', async () => {
    const approved = await operator.post(`${connectionPath}/configuracion-pendiente/aprobacion`, { observations: 'Cambio de servidor probado' })
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ stage: 'produccion', baseUrl: newServer.url, tokenUrl: newServer.tokenUrl, configVersion: 2 })
    expect(approved.body.pendingConfiguration).toBeUndefined()
    await vi.waitFor(async () => { expect(await pdnTotal()).toBe(NEW_SIZE) }, { timeout: 10_000, interval: 100 })

    const audit = (await operator.get('/auditoria?ente=SEFIN')).body as Array<{ action: string }>
    expect(audit.map(entry => entry.action)).toEqual(expect.arrayContaining(['connection.config-propose', 'connection.test-report', 'connection.config-approve']))
    expect(JSON.stringify(audit)).not.toContain(NEW_SECRET)
  })

  it('lets the ente discard a pending change, and maintenance cannot slip a new URL into production', async () => {
    const proposed = await ente.patch(connectionPath, { baseUrl: 'http://127.0.0.1:9/otro' })
    expect(proposed.body.pendingConfiguration.baseUrl).toBe('http://127.0.0.1:9/otro')
    const discarded = await ente.delete(`${connectionPath}/configuracion-pendiente`)
    expect(discarded.status).toBe(200)
    expect(discarded.body.pendingConfiguration).toBeUndefined()
    expect((await ente.delete(`${connectionPath}/configuracion-pendiente`)).status).toBe(404)

    expect((await operator.post(`${connectionPath}/etapa`, { stage: 'mantenimiento' })).status).toBe(200)
    expect((await ente.patch(connectionPath, { baseUrl: approvedServer.url, tokenUrl: approvedServer.tokenUrl })).body.baseUrl).toBe(newServer.url)
    const back = await operator.post(`${connectionPath}/etapa`, { stage: 'produccion' })
    expect(back.status).toBe(200)
    expect(back.body).toMatchObject({ stage: 'produccion', baseUrl: newServer.url, pendingConfiguration: { baseUrl: approvedServer.url } })
    await vi.waitFor(async () => { expect(await pdnTotal()).toBe(NEW_SIZE) }, { timeout: 10_000, interval: 100 })
  })
})
