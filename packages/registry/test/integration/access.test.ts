import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabaseKinds } from '@see/db/testing'
import {
  changeStage, createConnection, listApprovalRequests, requestApproval, createEnte, getConnection, getEnte, listAudit, listConnections, listEntes, listTestReports,
  pdnProviders, recordTestReport, stageHistory, updateConnection, updateEnte, type RegistryContext
} from '../../src/index.js'
import { codeOf, connectionInput, enteActor, enteInput, openRegistryTest, operator, type RegistryTest } from '../support/registry.js'

const kinds = await testDatabaseKinds('registry/access.test.ts')

describe.each(kinds)("an ente's client on %s", (kind) => {
  let t: RegistryTest
  let ctx: RegistryContext
  const a = enteActor('ENTE_A')
  beforeAll(async () => {
    t = await openRegistryTest(kind)
    ctx = t.ctx
    await createEnte(ctx, operator, enteInput('ENTE_A'))
    await createEnte(ctx, operator, enteInput('ENTE_B'))
    await createConnection(ctx, operator, 'ENTE_B', 's2', connectionInput('ENTE_B'))
  })
  afterAll(async () => { await t.close() })

  it('registers and updates its own endpoints and reports its own tests', async () => {
    await createConnection(ctx, a, 'ENTE_A', 's2', connectionInput('ENTE_A'))
    const updated = await updateConnection(ctx, a, 'ENTE_A', 's2', { dependenciasUrl: 'https://api.ente-a.gob.mx/catalogo' })
    expect(updated.dependenciasUrl).toBe('https://api.ente-a.gob.mx/catalogo')
    expect((await recordTestReport(ctx, a, 'ENTE_A', 's2', { passed: true, checks: [] })).actor).toEqual({ kind: 'ente', id: 'cliente-ENTE_A', ente: 'ENTE_A' })
    expect((await updateEnte(ctx, a, 'ENTE_A', { contacts: [] })).contacts).toEqual([])
  })

  it('cannot read another ente: it looks as if it did not exist', async () => {
    expect(await codeOf(getEnte(ctx, a, 'ENTE_B'))).toBe('REGISTRY_NOT_FOUND')
    expect(await codeOf(getConnection(ctx, a, 'ENTE_B', 's2'))).toBe('REGISTRY_NOT_FOUND')
    expect(await codeOf(stageHistory(ctx, a, 'ENTE_B', 's2'))).toBe('REGISTRY_NOT_FOUND')
    expect(await codeOf(listTestReports(ctx, a, 'ENTE_B', 's2'))).toBe('REGISTRY_NOT_FOUND')
    expect((await listEntes(ctx, a)).map(e => e.clave)).toEqual(['ENTE_A'])
    expect((await listConnections(ctx, a)).map(c => c.ente)).toEqual(['ENTE_A'])
    expect(await listConnections(ctx, a, { ente: 'ENTE_B' })).toEqual([])
    const audit = await listAudit(ctx, a, { ente: 'ENTE_B' })
    expect(audit.length).toBeGreaterThan(0)
    expect(audit.every(entry => entry.ente === 'ENTE_A')).toBe(true)
  })

  it('cannot change another ente', async () => {
    const before = await getConnection(ctx, operator, 'ENTE_B', 's2')
    expect(await codeOf(updateConnection(ctx, a, 'ENTE_B', 's2', { baseUrl: 'https://api.ente-a.gob.mx' }))).toBe('REGISTRY_NOT_FOUND')
    expect(await codeOf(createConnection(ctx, a, 'ENTE_B', 's3s', connectionInput('ENTE_B')))).toBe('REGISTRY_NOT_FOUND')
    expect(await codeOf(recordTestReport(ctx, a, 'ENTE_B', 's2', { passed: true, checks: [] }))).toBe('REGISTRY_NOT_FOUND')
    expect(await codeOf(updateEnte(ctx, a, 'ENTE_B', { contacts: [] }))).toBe('REGISTRY_NOT_FOUND')
    expect(await getConnection(ctx, operator, 'ENTE_B', 's2')).toEqual(before)
  })

  it('cannot do what only operators do, even on its own ente', async () => {
    expect(await codeOf(changeStage(ctx, a, 'ENTE_A', 's2', { stage: 'suspendida' }))).toBe('REGISTRY_FORBIDDEN')
    expect(await codeOf(createEnte(ctx, a, enteInput('ENTE_C')))).toBe('REGISTRY_FORBIDDEN')
    expect(await codeOf(updateEnte(ctx, a, 'ENTE_A', { nombre: 'Otro nombre' }))).toBe('REGISTRY_FORBIDDEN')
    expect(await codeOf(pdnProviders(ctx, a))).toBe('REGISTRY_FORBIDDEN')
  })

  it('takes its own connection through its own steps to pruebas, and asks for approval only on a passing test of it', async () => {
    await createConnection(ctx, operator, 'ENTE_A', 's3s', connectionInput('ENTE_A'))
    expect(await codeOf(requestApproval(ctx, a, 'ENTE_A', 's3s'))).toBe('REGISTRY_CONFLICT')
    for (const stage of ['estandar', 'mecanismo', 'pruebas'] as const) expect((await changeStage(ctx, a, 'ENTE_A', 's3s', { stage })).stage).toBe(stage)
    expect(await codeOf(changeStage(ctx, a, 'ENTE_A', 's3s', { stage: 'aprobada' }))).toBe('REGISTRY_FORBIDDEN')
    expect(await codeOf(changeStage(ctx, a, 'ENTE_B', 's2', { stage: 'estandar' }))).toBe('REGISTRY_NOT_FOUND')
    await recordTestReport(ctx, a, 'ENTE_A', 's3s', { passed: false, checks: [{ name: 'x', passed: false }] })
    expect(await codeOf(requestApproval(ctx, a, 'ENTE_A', 's3s'))).toBe('REGISTRY_TEST_REQUIRED')
    await recordTestReport(ctx, a, 'ENTE_A', 's3s', { passed: true, checks: [] })
    const asked = await requestApproval(ctx, a, 'ENTE_A', 's3s')
    expect(asked).toMatchObject({ ente: 'ENTE_A', system: 's3s', actor: { kind: 'ente', id: 'cliente-ENTE_A', ente: 'ENTE_A' } })
    expect((await listApprovalRequests(ctx, operator)).map(r => `${r.ente}/${r.system}`)).toEqual(['ENTE_A/s3s'])
    expect(await listApprovalRequests(ctx, enteActor('ENTE_B'))).toEqual([])
    expect(await codeOf(requestApproval(ctx, enteActor('ENTE_B'), 'ENTE_A', 's3s'))).toBe('REGISTRY_NOT_FOUND')
    expect((await listAudit(ctx, operator, { ente: 'ENTE_A' })).some(e => e.action === 'connection.approval-request' && e.actor.id === 'cliente-ENTE_A')).toBe(true)
    // A new configuration outdates the request: it needs its own test and request.
    await updateConnection(ctx, a, 'ENTE_A', 's3s', { baseUrl: 'https://api2.ente-a.gob.mx' })
    expect(await listApprovalRequests(ctx, operator)).toEqual([])
    await recordTestReport(ctx, a, 'ENTE_A', 's3s', { passed: true, checks: [] })
    await requestApproval(ctx, a, 'ENTE_A', 's3s')
    await changeStage(ctx, operator, 'ENTE_A', 's3s', { stage: 'aprobada' })
    expect(await listApprovalRequests(ctx, operator)).toEqual([])
  })
})
