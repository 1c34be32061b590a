import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabaseKinds } from '@see/db/testing'
import {
  createConnection, createEnte, credentialPlace, generateCredentialKey, getConnection, listAudit, listConnections, openCredential,
  parseCredentialKeys, readConnectionAuth, reencryptCredentials, sealedKeyId, updateConnection, type RegistryContext
} from '../../src/index.js'
import { connectionInput, enteInput, openRegistryTest, operator, SECRETS, type RegistryTest } from '../support/registry.js'

const kinds = await testDatabaseKinds('registry/credentials-at-rest.test.ts')
const k1 = generateCredentialKey('k1')
const k2 = generateCredentialKey('k2')

describe.each(kinds)('credentials at rest on %s', (kind) => {
  let t: RegistryTest
  let ctx: RegistryContext
  beforeAll(async () => {
    t = await openRegistryTest(kind, k1)
    ctx = t.ctx
    for (const clave of ['SEFIN', 'IEPC']) {
      await createEnte(ctx, operator, enteInput(clave))
      await createConnection(ctx, operator, clave, 's2', connectionInput(clave))
    }
  })
  afterAll(async () => { await t.close() })

  async function rawRow (clave: string): Promise<{ whole: string, credentials: Record<string, string> }> {
    const { rows } = await t.db.pool.query<{ whole: string, credentials: Record<string, string> }>(
      'SELECT c::text AS whole, credentials FROM connections c WHERE ente_clave = $1 AND system = $2', [clave, 's2'])
    return rows[0] as { whole: string, credentials: Record<string, string> }
  }

  it('keeps no clear secret in the database row', async () => {
    const row = await rawRow('SEFIN')
    expect(row.whole).not.toContain(SECRETS.clientSecret)
    expect(row.whole).not.toContain(SECRETS.password)
    expect(row.whole).not.toContain('see-SEFIN')
    expect(Object.keys(row.credentials).sort()).toEqual(['clientId', 'clientSecret', 'password', 'username'])
    for (const value of Object.values(row.credentials)) expect(value).toMatch(/^enc1:k1:/)
  })

  it('returns flags, never secrets, from the API reads and the audit log', async () => {
    const texts = [
      JSON.stringify(await getConnection(ctx, operator, 'SEFIN', 's2')),
      JSON.stringify(await listConnections(ctx, operator)),
      JSON.stringify(await listAudit(ctx, operator))
    ]
    for (const text of texts) {
      expect(text).not.toContain(SECRETS.clientSecret)
      expect(text).not.toContain(SECRETS.password)
      expect(text).not.toContain('enc1:')
    }
    expect((await getConnection(ctx, operator, 'SEFIN', 's2')).auth.hasCredentials).toBe(true)
  })

  it('opens the credentials for the internal caller only with the right place as associated data', async () => {
    expect(await readConnectionAuth(ctx, 'SEFIN', 's2')).toEqual({
      kind: 'oauth2-password', clientId: 'see-SEFIN', clientSecret: SECRETS.clientSecret, username: 'see', password: SECRETS.password, scope: 'read'
    })
    const sealed = (await rawRow('SEFIN')).credentials.clientSecret as string
    expect(openCredential(ctx.keys, sealed, credentialPlace('SEFIN', 's2', 'clientSecret'))).toBe(SECRETS.clientSecret)
    expect(() => openCredential(ctx.keys, sealed, credentialPlace('IEPC', 's2', 'clientSecret'))).toThrow(/No se pudo descifrar/)
    expect(() => openCredential(ctx.keys, sealed, credentialPlace('SEFIN', 's2', 'password'))).toThrow(/No se pudo descifrar/)
  })

  it('does not let a sealed value copied into another connection open there', async () => {
    await t.db.pool.query(
      "UPDATE connections SET credentials = (SELECT credentials FROM connections WHERE ente_clave = 'SEFIN' AND system = 's2') WHERE ente_clave = 'IEPC' AND system = 's2'")
    await expect(readConnectionAuth(ctx, 'IEPC', 's2')).rejects.toMatchObject({ code: 'REGISTRY_CREDENTIALS' })
    await updateConnection(ctx, operator, 'IEPC', 's2', { auth: { kind: 'static-bearer', token: 'token-IEPC' } })
    expect(await readConnectionAuth(ctx, 'IEPC', 's2')).toEqual({ kind: 'static-bearer', token: 'token-IEPC' })
  })

  it('re-seals every credential with the new key after a rotation', async () => {
    const rotated: RegistryContext = { ...ctx, keys: parseCredentialKeys(`${k2},${k1}`) }
    expect(await reencryptCredentials(rotated, operator)).toEqual({ connections: 2, fields: 5 })
    for (const clave of ['SEFIN', 'IEPC']) {
      for (const value of Object.values((await rawRow(clave)).credentials)) expect(sealedKeyId(value)).toBe('k2')
    }
    const onlyNewKey: RegistryContext = { ...ctx, keys: parseCredentialKeys(k2) }
    expect((await readConnectionAuth(onlyNewKey, 'SEFIN', 's2')).clientSecret).toBe(SECRETS.clientSecret)
    expect(await reencryptCredentials(onlyNewKey, operator)).toEqual({ connections: 0, fields: 0 })
    const audit = await listAudit(ctx, operator, { limit: 2 })
    expect(audit.map(a => a.action)).toEqual(['connection.credentials-reencrypt', 'connection.credentials-reencrypt'])
  })
})
