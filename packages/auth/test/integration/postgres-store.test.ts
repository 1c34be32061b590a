import { migrate } from '@see/db'
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@see/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, createUser, postgresAuthStore, type AuthStore } from '../../src/index.js'

const kinds = await testDatabaseKinds('auth/postgres-store.test.ts')

describe.each(kinds)('PostgreSQL AuthStore on %s', (kind) => {
  let db: TestDatabase
  let store: AuthStore
  const later = (seconds: number): Date => new Date(Date.now() + seconds * 1000)

  beforeAll(async () => {
    db = await openTestDatabase(kind)
    await migrate(db.pool)
    store = postgresAuthStore(db.pool)
  })
  afterAll(async () => { await db.close() })

  it('creates, finds, lists, rotates and disables clients', async () => {
    const { client } = await createClient(store, { clientId: 'pdn', name: 'PDN', scopes: ['read:spic'], passwordGrant: true })
    expect(await store.findClient('pdn')).toEqual(client)
    expect(client).toMatchObject({ grants: ['password'], scopes: ['read:spic'], defaultScopes: ['read:spic'], passwordGrantAllowed: true, enteClave: null, disabled: false })
    await expect(createClient(store, { clientId: 'pdn', name: 'Otra', scopes: ['read:spic'] })).rejects.toMatchObject({ code: 'SEE_AUTH_DUPLICATE' })
    expect(await store.setClientSecret('pdn', 'otro-hash')).toBe(true)
    expect(await store.setClientDisabled('pdn', true)).toBe(true)
    expect(await store.setClientDisabled('nadie', true)).toBe(false)
    const [listed] = await store.listClients()
    expect(listed).toMatchObject({ clientId: 'pdn', secretHash: 'otro-hash', disabled: true })
    expect(listed!.secretRotatedAt.getTime()).toBeGreaterThanOrEqual(client.secretRotatedAt.getTime())
    expect(await store.findClient('nadie')).toBeUndefined()
  })

  it('binds registry:ente clients to an existing ente only', async () => {
    await expect(store.createClient({ clientId: 'ente-x', name: 'X', secretHash: 'h', grants: ['client_credentials'], scopes: ['registry:ente'], defaultScopes: ['registry:ente'], passwordGrantAllowed: false, enteClave: null }))
      .rejects.toThrow(/auth_clients_ente_scope_bound/)
    await expect(createClient(store, { clientId: 'ente-y', name: 'Y', scopes: ['registry:ente'], enteClave: 'NOEXISTE' })).rejects.toMatchObject({ code: 'SEE_AUTH_NOT_FOUND' })
    await db.pool.query("INSERT INTO entes (clave, nombre, orden, poder) VALUES ('SECH', 'Secretaría', 'estatal', 'ejecutivo')")
    const { client } = await createClient(store, { clientId: 'ente-sech', name: 'SECH', scopes: ['registry:ente'], enteClave: 'SECH' })
    expect(client.enteClave).toBe('SECH')
  })

  it('creates, finds and disables users', async () => {
    const user = await createUser(store, 'pdn-sesna', 'contraseña-larga-de-prueba')
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
    expect(await store.findUser('pdn-sesna')).toEqual(user)
    await expect(createUser(store, 'pdn-sesna', 'contraseña-larga-de-prueba')).rejects.toMatchObject({ code: 'SEE_AUTH_DUPLICATE' })
    expect(await store.setUserPassword('pdn-sesna', 'h2')).toBe(true)
    expect(await store.setUserDisabled('pdn-sesna', true)).toBe(true)
    expect((await store.listUsers()).map(u => [u.username, u.disabled])).toEqual([['pdn-sesna', true]])
  })

  it('spends a refresh token once, reports reuse, expiry and revocation', async () => {
    await createClient(store, { clientId: 'portal', name: 'Portal', scopes: ['read:spic'], grants: ['password', 'refresh_token'], passwordGrant: true })
    await store.createRefreshFamily({ familyId: 'f1', clientId: 'portal', subject: 'pdn-sesna', scopes: ['read:spic'], username: 'pdn-sesna', enteClave: null, expiresAt: later(3600) })
    await store.addRefreshToken({ tokenHash: 'h1', familyId: 'f1', expiresAt: later(600) })
    await store.addRefreshToken({ tokenHash: 'h-old', familyId: 'f1', expiresAt: later(-1) })
    const now = new Date()
    expect(await store.spendRefreshToken('h1', now)).toMatchObject({ status: 'spent', family: { familyId: 'f1', scopes: ['read:spic'], username: 'pdn-sesna' } })
    expect((await store.spendRefreshToken('h1', now)).status).toBe('reused')
    expect((await store.spendRefreshToken('h-old', now)).status).toBe('expired')
    expect((await store.spendRefreshToken('nada', now)).status).toBe('unknown')
    expect((await store.findRefreshToken('h1'))?.usedAt).toBeInstanceOf(Date)
    expect(await store.revokeRefreshFamily('f1', now)).toBe(true)
    expect(await store.revokeRefreshFamily('f1', now)).toBe(false)
    await store.addRefreshToken({ tokenHash: 'h2', familyId: 'f1', expiresAt: later(600) })
    expect((await store.spendRefreshToken('h2', now)).status).toBe('revoked')
  })

  it('records audit events and purges expired families and old events', async () => {
    await store.recordAudit({ type: 'token.issued', at: new Date(Date.now() - 100 * 86_400_000), clientId: 'pdn', grantType: 'password', jti: 'j1' })
    await store.recordAudit({ type: 'token.failed', at: new Date(), clientId: 'pdn', error: 'invalid_grant', delayMs: 250, ip: '127.0.0.1', requestId: 'r1' })
    await store.createRefreshFamily({ familyId: 'gone', clientId: 'portal', subject: 's', scopes: ['read:spic'], username: null, enteClave: null, expiresAt: later(-10) })
    await store.addRefreshToken({ tokenHash: 'gone-1', familyId: 'gone', expiresAt: later(-10) })
    const removed = await store.purge(new Date(), new Date(Date.now() - 90 * 86_400_000))
    expect(removed).toBeGreaterThanOrEqual(2)
    expect(await store.findRefreshToken('gone-1')).toBeUndefined()
    const { rows } = await db.pool.query('SELECT type, client_id, error, delay_ms, ip, request_id FROM auth_events ORDER BY id')
    expect(rows).toEqual([{ type: 'token.failed', client_id: 'pdn', error: 'invalid_grant', delay_ms: 250, ip: '127.0.0.1', request_id: 'r1' }])
  })
})

// Concurrency needs several connections: PGlite serves one, so this runs on PostgreSQL only.
for (const kind of kinds.filter(k => k === 'postgresql')) {
  describe(`refresh token races on ${kind}`, () => {
    let db: TestDatabase
    beforeAll(async () => {
      db = await openTestDatabase(kind)
      await migrate(db.pool)
    })
    afterAll(async () => { await db.close() })

    it('lets exactly one of many concurrent presentations spend a token', async () => {
      const store = postgresAuthStore(db.pool)
      const other = postgresAuthStore(db.openSecondPool())
      await createClient(store, { clientId: 'portal', name: 'Portal', scopes: ['read:spic'], grants: ['password', 'refresh_token'], passwordGrant: true })
      await store.createRefreshFamily({ familyId: 'race', clientId: 'portal', subject: 's', scopes: ['read:spic'], username: null, enteClave: null, expiresAt: new Date(Date.now() + 3_600_000) })
      await store.addRefreshToken({ tokenHash: 'race-1', familyId: 'race', expiresAt: new Date(Date.now() + 600_000) })
      const results = await Promise.all(Array.from({ length: 8 }, async (_, i) => await (i % 2 === 0 ? store : other).spendRefreshToken('race-1', new Date())))
      expect(results.filter(r => r.status === 'spent')).toHaveLength(1)
      expect(results.filter(r => r.status === 'reused')).toHaveLength(7)
    })
  })
}
