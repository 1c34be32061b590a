import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabaseKinds } from '@see/db/testing'
import {
  changeStage, createConnection, createEnte, getConnection, listAudit, recordTestReport, stageHistory, updateConnection,
  type RegistryContext
} from '../../src/index.js'
import { codeOf, connectionInput, enteActor, enteAtStage, enteInput, openRegistryTest, operator, system, type RegistryTest } from '../support/registry.js'

const kinds = await testDatabaseKinds('registry/onboarding.test.ts')

describe.each(kinds)('onboarding on %s', (kind) => {
  let t: RegistryTest
  let ctx: RegistryContext
  beforeAll(async () => {
    t = await openRegistryTest(kind)
    ctx = t.ctx
  })
  afterAll(async () => { await t.close() })

  it('takes an ente from its request to production, recording who did what', async () => {
    await createEnte(ctx, operator, enteInput('SEFIN'))
    const ente = enteActor('SEFIN')
    const created = await createConnection(ctx, ente, 'SEFIN', 's2', connectionInput('SEFIN'))
    expect(created).toMatchObject({ ente: 'SEFIN', system: 's2', stage: 'solicitud', configVersion: 1 })
    expect(created.auth).toEqual({ kind: 'oauth2-password', scope: 'read', hasCredentials: true, credentialFields: ['clientId', 'clientSecret', 'username', 'password'] })

    await changeStage(ctx, operator, 'SEFIN', 's2', { stage: 'estandar', observations: 'Se entregó el estándar S2' })
    await changeStage(ctx, operator, 'SEFIN', 's2', { stage: 'mecanismo' })
    await changeStage(ctx, operator, 'SEFIN', 's2', { stage: 'pruebas' })

    expect(await codeOf(changeStage(ctx, operator, 'SEFIN', 's2', { stage: 'aprobada' }))).toBe('REGISTRY_TEST_REQUIRED')
    await recordTestReport(ctx, ente, 'SEFIN', 's2', { passed: false, checks: [{ name: 'paginación', passed: false, message: 'totalRows ausente' }], latencyMs: 40 })
    await expect(changeStage(ctx, operator, 'SEFIN', 's2', { stage: 'aprobada' })).rejects.toThrow(/última prueba de conexión falló/)
    const report = await recordTestReport(ctx, system, 'SEFIN', 's2', { passed: true, checks: [{ name: 'paginación', passed: true }], latencyMs: 35 })
    expect(report).toMatchObject({ ente: 'SEFIN', system: 's2', passed: true, configVersion: 1, latencyMs: 35 })

    await changeStage(ctx, operator, 'SEFIN', 's2', { stage: 'aprobada' })
    const live = await changeStage(ctx, operator, 'SEFIN', 's2', { stage: 'produccion', observations: 'Arranque' })
    expect(live.stage).toBe('produccion')
    expect(live.latestTest).toMatchObject({ id: report.id, passed: true, current: true })

    const history = await stageHistory(ctx, operator, 'SEFIN', 's2')
    expect(history.map(h => [h.from ?? null, h.to])).toEqual([
      [null, 'solicitud'], ['solicitud', 'estandar'], ['estandar', 'mecanismo'], ['mecanismo', 'pruebas'],
      ['pruebas', 'aprobada'], ['aprobada', 'produccion']
    ])
    expect(history[0]?.actor).toEqual({ kind: 'ente', id: 'cliente-SEFIN', ente: 'SEFIN' })
    expect(history[1]).toMatchObject({ actor: operator, observations: 'Se entregó el estándar S2' })

    const audit = await listAudit(ctx, operator, { ente: 'SEFIN' })
    expect(audit.map(a => a.action).reverse()).toEqual([
      'ente.create', 'connection.create', 'connection.stage', 'connection.stage', 'connection.stage',
      'connection.test-report', 'connection.test-report', 'connection.stage', 'connection.stage'
    ])
    expect(audit[0]).toMatchObject({ actor: operator, before: { stage: 'aprobada' }, after: { stage: 'produccion', observations: 'Arranque' } })
  })

  it('refuses transitions outside the table', async () => {
    await createEnte(ctx, operator, enteInput('IEPC'))
    await createConnection(ctx, operator, 'IEPC', 's2', connectionInput('IEPC'))
    expect(await codeOf(changeStage(ctx, operator, 'IEPC', 's2', { stage: 'produccion' }))).toBe('REGISTRY_INVALID_TRANSITION')
    expect(await codeOf(changeStage(ctx, operator, 'IEPC', 's2', { stage: 'solicitud' }))).toBe('REGISTRY_INVALID_TRANSITION')
    await expect(changeStage(ctx, operator, 'IEPC', 's2', { stage: 'pruebas' })).rejects.toThrow(/desde solicitud se permite: estandar, suspendida/)
    expect((await getConnection(ctx, operator, 'IEPC', 's2')).stage).toBe('solicitud')
  })

  it('suspends and resumes in maintenance only what was once in production', async () => {
    await enteAtStage(ctx, 'CONGRESO', 'produccion')
    for (const stage of ['suspendida', 'mantenimiento', 'produccion', 'mantenimiento', 'produccion'] as const) {
      expect((await changeStage(ctx, operator, 'CONGRESO', 's2', { stage })).stage).toBe(stage)
    }
    await enteAtStage(ctx, 'TSJ', 'estandar')
    await changeStage(ctx, operator, 'TSJ', 's2', { stage: 'suspendida', observations: 'Sin respuesta del enlace' })
    expect(await codeOf(changeStage(ctx, operator, 'TSJ', 's2', { stage: 'mantenimiento' }))).toBe('REGISTRY_INVALID_TRANSITION')
    expect((await changeStage(ctx, operator, 'TSJ', 's2', { stage: 'solicitud' })).stage).toBe('solicitud')
  })

  it('sends an approved connection back to testing when its configuration changes, and wants a test of the new one', async () => {
    await enteAtStage(ctx, 'SSP', 'aprobada')
    const changed = await updateConnection(ctx, enteActor('SSP'), 'SSP', 's2', { baseUrl: 'https://nueva.ssp.gob.mx' })
    expect(changed).toMatchObject({ stage: 'pruebas', configVersion: 2, baseUrl: 'https://nueva.ssp.gob.mx' })
    expect(changed.latestTest).toMatchObject({ passed: true, current: false })
    await expect(changeStage(ctx, operator, 'SSP', 's2', { stage: 'aprobada' })).rejects.toThrow(/configuración anterior/)
    await recordTestReport(ctx, system, 'SSP', 's2', { passed: true, checks: [], configVersion: 1 })
    expect(await codeOf(changeStage(ctx, operator, 'SSP', 's2', { stage: 'aprobada' }))).toBe('REGISTRY_TEST_REQUIRED')
    await recordTestReport(ctx, system, 'SSP', 's2', { passed: true, checks: [] })
    // An approval pinned to the configuration the operator reviewed (version 1) is refused: the ente changed it since.
    const stale = changeStage(ctx, operator, 'SSP', 's2', { stage: 'aprobada', configVersion: 1 })
    await expect(stale).rejects.toMatchObject({ code: 'REGISTRY_CONFLICT', statusCode: 409, message: expect.stringContaining('revisó la versión 1 y la vigente es la 2') })
    expect((await getConnection(ctx, operator, 'SSP', 's2')).stage).toBe('pruebas')
    expect((await changeStage(ctx, operator, 'SSP', 's2', { stage: 'aprobada', configVersion: 2 })).stage).toBe('aprobada')
    const timeoutsOnly = await updateConnection(ctx, operator, 'SSP', 's2', { timeouts: { connectMs: 500 }, maxConnections: 4 })
    expect(timeoutsOnly).toMatchObject({ stage: 'aprobada', configVersion: 2, timeouts: { connectMs: 500 }, maxConnections: 4 })
  })

  it('checks input, systems, duplicates and unknown entes with stable codes', async () => {
    expect(await codeOf(createEnte(ctx, operator, { ...enteInput('X1'), orden: 'municipal' }))).toBe('REGISTRY_INVALID_INPUT')
    expect(await codeOf(createEnte(ctx, operator, { ...enteInput('X1'), extra: 1 } as never))).toBe('REGISTRY_INVALID_INPUT')
    expect(await codeOf(createEnte(ctx, operator, enteInput('SEFIN')))).toBe('REGISTRY_CONFLICT')
    expect(await codeOf(createConnection(ctx, operator, 'SEFIN', 's2', connectionInput('SEFIN')))).toBe('REGISTRY_CONFLICT')
    expect(await codeOf(createConnection(ctx, operator, 'SEFIN', 's9', connectionInput('SEFIN')))).toBe('REGISTRY_INVALID_INPUT')
    expect(await codeOf(createConnection(ctx, operator, 'NADIE', 's2', connectionInput('NADIE')))).toBe('REGISTRY_NOT_FOUND')
    expect(await codeOf(getConnection(ctx, operator, 'SEFIN', 's3s'))).toBe('REGISTRY_NOT_FOUND')
    expect(await codeOf(recordTestReport(ctx, system, 'SEFIN', 's2', { passed: true, checks: [], configVersion: 9 }))).toBe('REGISTRY_INVALID_INPUT')
    const municipal = await createEnte(ctx, operator, { ...enteInput('TUXTLA'), orden: 'municipal', poder: 'ayuntamiento', municipio: 'Tuxtla Gutiérrez' })
    expect(municipal).toMatchObject({ orden: 'municipal', municipio: 'Tuxtla Gutiérrez', contacts: [{ nombre: 'María Pérez' }] })
  })

  it('refuses unsafe URLs at registration and stores nothing', async () => {
    await createEnte(ctx, operator, enteInput('SALUD'))
    for (const baseUrl of ['http://api.salud.gob.mx', 'https://10.0.0.8', 'https://[::1]:8443', 'https://localhost']) {
      expect(await codeOf(createConnection(ctx, operator, 'SALUD', 's2', connectionInput('SALUD', { baseUrl })))).toBe('REGISTRY_UNSAFE_URL')
    }
    expect(await codeOf(createConnection(ctx, operator, 'SALUD', 's2', connectionInput('SALUD', { tokenUrl: 'https://169.254.169.254/token' })))).toBe('REGISTRY_UNSAFE_URL')
    expect(await codeOf(getConnection(ctx, operator, 'SALUD', 's2'))).toBe('REGISTRY_NOT_FOUND')
  })
})
