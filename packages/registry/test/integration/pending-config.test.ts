import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabaseKinds } from '@see/db/testing'
import {
  approvePendingConfig, changeStage, discardPendingConfig, generateCredentialKey, getConnection, listAudit, parseCredentialKeys,
  readConnectionAuth, recordTestReport, reencryptCredentials, registryDirectories, sealedKeyId, updateConnection,
  type RegistryContext, type RegistryDirectories
} from '../../src/index.js'
import { codeOf, enteActor, enteAtStage, openRegistryTest, operator, SECRETS, system, type RegistryTest } from '../support/registry.js'

// A connection whose configuration was approved keeps serving the PDN with it: a change of URL,
// protocol or credentials is held as a pending configuration, served to the sandbox and connection
// tests only, until an operator approves it after a passing test of it.

const kinds = await testDatabaseKinds('registry/pending-config.test.ts')
const passing = { passed: true, checks: [{ name: 'sin filtros', passed: true }], latencyMs: 20 }
const NEW_SECRET = 'otro-secreto-Pq73'

describe.each(kinds)('pending configurations on %s', (kind) => {
  const k1 = generateCredentialKey('k1')
  let t: RegistryTest
  let ctx: RegistryContext
  let directories: RegistryDirectories
  beforeAll(async () => {
    t = await openRegistryTest(kind, k1)
    ctx = t.ctx
    for (const clave of ['SEFIN', 'SALUD', 'IEPC', 'CEDH', 'ITAIP']) await enteAtStage(ctx, clave, 'produccion')
    directories = await registryDirectories(ctx, { refreshMs: 0 })
  })
  afterAll(async () => {
    directories?.close()
    await t.close()
  })

  const production = (clave: string) => directories.production.get('s2', clave)
  const sandbox = (clave: string) => directories.sandbox.get('s2', clave)

  it('keeps a production connection on its approved URL when its ente repoints it; only the sandbox sees the new one', async () => {
    const changed = await updateConnection(ctx, enteActor('SEFIN'), 'SEFIN', 's2', { baseUrl: 'https://nuevo.sefin.gob.mx', tokenUrl: 'https://nuevo.sefin.gob.mx/token' })
    expect(changed).toMatchObject({ stage: 'produccion', configVersion: 1, baseUrl: 'https://api.sefin.gob.mx', tokenUrl: 'https://api.sefin.gob.mx/oauth/token' })
    expect(changed.pendingConfiguration).toMatchObject({
      baseUrl: 'https://nuevo.sefin.gob.mx', tokenUrl: 'https://nuevo.sefin.gob.mx/token', configVersion: 2, proposedBy: { kind: 'ente', ente: 'SEFIN' }
    })
    await directories.refresh()
    expect(production('SEFIN')?.connection).toMatchObject({ baseUrl: 'https://api.sefin.gob.mx', tokenUrl: 'https://api.sefin.gob.mx/oauth/token' })
    expect(production('SEFIN')?.configVersion).toBe(1)
    expect(sandbox('SEFIN')).toMatchObject({ stage: 'produccion', configVersion: 2, connection: { baseUrl: 'https://nuevo.sefin.gob.mx', tokenUrl: 'https://nuevo.sefin.gob.mx/token' } })
    // Another production connection without a pending configuration is not in the sandbox.
    expect(sandbox('SALUD')).toBeUndefined()
  })

  it('refuses to approve the pending configuration without a passing test of it, nor for an ente\'s client', async () => {
    expect(await codeOf(approvePendingConfig(ctx, operator, 'SEFIN', 's2', {}))).toBe('REGISTRY_TEST_REQUIRED')
    await recordTestReport(ctx, system, 'SEFIN', 's2', { ...passing, configVersion: 1 }) // a test of the approved one does not count
    expect(await codeOf(approvePendingConfig(ctx, operator, 'SEFIN', 's2', {}))).toBe('REGISTRY_TEST_REQUIRED')
    await recordTestReport(ctx, system, 'SEFIN', 's2', { passed: false, checks: [{ name: 'token', passed: false }], configVersion: 2 })
    await expect(approvePendingConfig(ctx, operator, 'SEFIN', 's2', {})).rejects.toThrow(/falló/)
    const report = await recordTestReport(ctx, enteActor('SEFIN'), 'SEFIN', 's2', passing)
    expect(report.configVersion).toBe(2) // a report without a version is of the configuration under test
    expect((await getConnection(ctx, operator, 'SEFIN', 's2')).latestTest).toMatchObject({ passed: true, current: true })
    expect(await codeOf(approvePendingConfig(ctx, enteActor('SEFIN'), 'SEFIN', 's2', {}))).toBe('REGISTRY_FORBIDDEN')
    await directories.refresh()
    expect(production('SEFIN')?.connection.baseUrl).toBe('https://api.sefin.gob.mx')
  })

  it('puts the tested configuration in force on approval, keeping the stage, and production serves it', async () => {
    const approved = await approvePendingConfig(ctx, operator, 'SEFIN', 's2', { observations: 'Migración al nuevo servidor' })
    expect(approved).toMatchObject({ stage: 'produccion', configVersion: 2, baseUrl: 'https://nuevo.sefin.gob.mx', tokenUrl: 'https://nuevo.sefin.gob.mx/token' })
    expect(approved.pendingConfiguration).toBeUndefined()
    expect(approved.latestTest).toMatchObject({ passed: true, current: true })
    await directories.refresh()
    expect(production('SEFIN')).toMatchObject({ configVersion: 2, connection: { baseUrl: 'https://nuevo.sefin.gob.mx' } })
    expect(sandbox('SEFIN')).toBeUndefined()
    expect(await codeOf(approvePendingConfig(ctx, operator, 'SEFIN', 's2', {}))).toBe('REGISTRY_NOT_FOUND')
  })

  it('holds new credentials pending: production keeps opening the approved secrets, the sandbox the new ones', async () => {
    const auth = { kind: 'oauth2-password', clientId: 'see-SALUD', clientSecret: NEW_SECRET, username: 'see', password: 'nueva-Kd09' } as const
    const changed = await updateConnection(ctx, enteActor('SALUD'), 'SALUD', 's2', { auth })
    expect(changed.pendingConfiguration?.auth).toEqual({ kind: 'oauth2-password', hasCredentials: true, credentialFields: ['clientId', 'clientSecret', 'username', 'password'] })
    expect(JSON.stringify(changed)).not.toContain(NEW_SECRET)
    expect((await readConnectionAuth(ctx, 'SALUD', 's2')).clientSecret).toBe(SECRETS.clientSecret)
    await directories.refresh()
    expect(production('SALUD')?.connection.auth.clientSecret).toBe(SECRETS.clientSecret)
    expect(sandbox('SALUD')?.connection.auth.clientSecret).toBe(NEW_SECRET)
    const { rows } = await t.db.pool.query("SELECT credentials FROM connection_pending_configs WHERE ente_clave = 'SALUD'")
    expect(JSON.stringify(rows)).not.toContain(NEW_SECRET)
  })

  it('re-seals pending credentials too after a key rotation', async () => {
    const k2 = generateCredentialKey('k2')
    const rotated: RegistryContext = { ...ctx, keys: parseCredentialKeys(`${k2},${k1}`) }
    await reencryptCredentials(rotated, operator)
    const { rows } = await t.db.pool.query<{ credentials: Record<string, string> }>("SELECT credentials FROM connection_pending_configs WHERE ente_clave = 'SALUD'")
    expect(Object.values(rows[0]?.credentials ?? {}).map(sealedKeyId)).toEqual(['k2', 'k2', 'k2', 'k2'])
    // From now on everything is sealed with k2: the directories open it with k2 alone.
    ctx = { ...ctx, keys: parseCredentialKeys(k2) }
    directories.close()
    directories = await registryDirectories(ctx, { refreshMs: 0 })
    expect(sandbox('SALUD')?.connection.auth.clientSecret).toBe(NEW_SECRET)
    expect(production('SALUD')?.connection.auth.clientSecret).toBe(SECRETS.clientSecret)
  })

  it('applies timeouts and the pool size at once, without a pending configuration', async () => {
    const changed = await updateConnection(ctx, enteActor('IEPC'), 'IEPC', 's2', { timeouts: { connectMs: 500 }, maxConnections: 4 })
    expect(changed).toMatchObject({ configVersion: 1, timeouts: { connectMs: 500 }, maxConnections: 4 })
    expect(changed.pendingConfiguration).toBeUndefined()
    await directories.refresh()
    expect(production('IEPC')?.connection).toMatchObject({ timeouts: { connectMs: 500 }, maxConnections: 4 })
  })

  it('replaces the pending configuration on a second change, drops it on a change back, and lets the ente discard it', async () => {
    const first = await updateConnection(ctx, enteActor('IEPC'), 'IEPC', 's2', { baseUrl: 'https://uno.iepc.gob.mx' })
    expect(first.pendingConfiguration?.configVersion).toBe(2)
    const second = await updateConnection(ctx, enteActor('IEPC'), 'IEPC', 's2', { protocol: 'directus-v2' })
    expect(second.pendingConfiguration).toMatchObject({ baseUrl: 'https://uno.iepc.gob.mx', protocol: 'directus-v2', configVersion: 3 })
    expect(second).toMatchObject({ baseUrl: 'https://api.iepc.gob.mx', protocol: 'sesna-v1' })
    const back = await updateConnection(ctx, enteActor('IEPC'), 'IEPC', 's2', { baseUrl: 'https://api.iepc.gob.mx', protocol: 'sesna-v1' })
    expect(back.pendingConfiguration).toBeUndefined()
    expect(back.configVersion).toBe(1)

    await updateConnection(ctx, enteActor('IEPC'), 'IEPC', 's2', { dependenciasUrl: 'https://api.iepc.gob.mx/catalogo' })
    const discarded = await discardPendingConfig(ctx, enteActor('IEPC'), 'IEPC', 's2')
    expect(discarded.pendingConfiguration).toBeUndefined()
    expect(discarded.dependenciasUrl).toBeUndefined()
    expect(await codeOf(discardPendingConfig(ctx, enteActor('IEPC'), 'IEPC', 's2'))).toBe('REGISTRY_NOT_FOUND')
    expect(await codeOf(discardPendingConfig(ctx, enteActor('SEFIN'), 'IEPC', 's2'))).toBe('REGISTRY_NOT_FOUND')
  })

  it('holds changes in maintenance and suspension too, so a return to production without approval serves the approved configuration', async () => {
    await changeStage(ctx, operator, 'CEDH', 's2', { stage: 'mantenimiento' })
    const held = await updateConnection(ctx, enteActor('CEDH'), 'CEDH', 's2', { baseUrl: 'https://otro.cedh.gob.mx' })
    expect(held).toMatchObject({ stage: 'mantenimiento', baseUrl: 'https://api.cedh.gob.mx', pendingConfiguration: { baseUrl: 'https://otro.cedh.gob.mx' } })
    await directories.refresh()
    expect(sandbox('CEDH')?.connection.baseUrl).toBe('https://otro.cedh.gob.mx') // maintenance tests the pending one
    await changeStage(ctx, operator, 'CEDH', 's2', { stage: 'suspendida' })
    await updateConnection(ctx, enteActor('CEDH'), 'CEDH', 's2', { tokenUrl: 'https://otro.cedh.gob.mx/token' })
    await changeStage(ctx, operator, 'CEDH', 's2', { stage: 'mantenimiento' })
    const back = await changeStage(ctx, operator, 'CEDH', 's2', { stage: 'produccion' })
    expect(back).toMatchObject({ baseUrl: 'https://api.cedh.gob.mx', tokenUrl: 'https://api.cedh.gob.mx/oauth/token', configVersion: 1 })
    expect(back.pendingConfiguration).toMatchObject({ baseUrl: 'https://otro.cedh.gob.mx', tokenUrl: 'https://otro.cedh.gob.mx/token', configVersion: 3 })
    await directories.refresh()
    expect(production('CEDH')?.connection.baseUrl).toBe('https://api.cedh.gob.mx')
  })

  it('makes the pending configuration the connection\'s own when it goes back to testing', async () => {
    await changeStage(ctx, operator, 'ITAIP', 's2', { stage: 'mantenimiento' })
    await updateConnection(ctx, enteActor('ITAIP'), 'ITAIP', 's2', { baseUrl: 'https://nuevo.itaip.gob.mx' })
    const testing = await changeStage(ctx, operator, 'ITAIP', 's2', { stage: 'pruebas' })
    expect(testing).toMatchObject({ stage: 'pruebas', baseUrl: 'https://nuevo.itaip.gob.mx', configVersion: 2 })
    expect(testing.pendingConfiguration).toBeUndefined()
    // Before approval again, a change applies at once.
    expect(await updateConnection(ctx, enteActor('ITAIP'), 'ITAIP', 's2', { baseUrl: 'https://otra-vez.itaip.gob.mx' })).toMatchObject({ baseUrl: 'https://otra-vez.itaip.gob.mx', configVersion: 3 })
  })

  it('records every proposal, approval and discard in the audit log, without secrets', async () => {
    const actions = (await listAudit(ctx, operator, { limit: 1000 })).map(entry => entry.action)
    expect(actions).toEqual(expect.arrayContaining(['connection.config-propose', 'connection.config-approve', 'connection.config-discard', 'connection.pending-credentials-reencrypt']))
    const sefin = await listAudit(ctx, operator, { ente: 'SEFIN' })
    const approval = sefin.find(entry => entry.action === 'connection.config-approve')
    expect(approval).toMatchObject({ actor: operator, before: { configVersion: 1 }, after: { configVersion: 2, replacedVersion: 1, observations: 'Migración al nuevo servidor' } })
    const proposal = sefin.find(entry => entry.action === 'connection.config-propose')
    expect(proposal).toMatchObject({ actor: { kind: 'ente', ente: 'SEFIN' }, after: { baseUrl: 'https://api.sefin.gob.mx', pendingConfiguration: { baseUrl: 'https://nuevo.sefin.gob.mx' } } })
    const stage = (await listAudit(ctx, operator, { ente: 'ITAIP' })).find(entry => entry.action === 'connection.stage' && entry.after?.stage === 'pruebas')
    expect(stage?.after).toMatchObject({ pendingConfigApplied: 2 })
    const { rows } = await t.db.pool.query('SELECT before, after FROM audit_log')
    for (const secret of [NEW_SECRET, SECRETS.clientSecret, SECRETS.password]) expect(JSON.stringify(rows)).not.toContain(secret)
  })
})
