import { describe, expect, it } from 'vitest'
import { VerifiedCredentialCache } from '../../src/credential-cache.js'
import { AuthAdminError, createClient, createUser, rotateClientSecret, setUserPassword } from '../../src/index.js'
import { memoryAuthStore } from '../../src/store/memory.js'
import { hashSecret, verifySecret } from '../../src/secrets.js'

describe('verified credential cache', () => {
  it('answers a repeated correct secret from the cache and never caches a wrong one', async () => {
    let argon2Calls = 0
    const cache = new VerifiedCredentialCache({}, async (stored, presented) => { argon2Calls++; return await verifySecret(stored, presented) })
    const stored = await hashSecret('correcto')
    expect(await cache.verify('client:a', stored, 'mal')).toBe(false)
    expect(await cache.verify('client:a', stored, 'correcto')).toBe(true)
    expect(argon2Calls).toBe(2)
    expect(await cache.verify('client:a', stored, 'correcto')).toBe(true)
    expect(argon2Calls).toBe(2)
    expect(await cache.verify('client:a', stored, 'mal')).toBe(false)
    expect(argon2Calls).toBe(3)
  })

  it('misses once the stored hash changes (rotation), so the old secret stops working at once', async () => {
    const cache = new VerifiedCredentialCache()
    const before = await hashSecret('viejo')
    expect(await cache.verify('client:a', before, 'viejo')).toBe(true)
    const after = await hashSecret('nuevo')
    expect(await cache.verify('client:a', after, 'viejo')).toBe(false)
    expect(await cache.verify('client:a', after, 'nuevo')).toBe(true)
  })

  it('fails unknown ids after doing the same argon2 work', async () => {
    const cache = new VerifiedCredentialCache()
    expect(await cache.verify('client:nadie', undefined, 'x')).toBe(false)
  })
})

describe('administration', () => {
  it('creates a client whose secret is shown once and stored as an argon2id hash', async () => {
    const store = memoryAuthStore()
    const { client, secret } = await createClient(store, { name: 'PDN', scopes: ['read:spic'], passwordGrant: true })
    expect(client.clientId).toMatch(/^see-/)
    expect(client.secretHash).toMatch(/^\$argon2id\$/)
    expect(client.secretHash).not.toContain(secret)
    expect(client).toMatchObject({ grants: ['password'], passwordGrantAllowed: true, defaultScopes: ['read:spic'] })
    const rotated = await rotateClientSecret(store, client.clientId)
    expect(rotated).not.toBe(secret)
    expect((await store.findClient(client.clientId))?.secretHash).not.toBe(client.secretHash)
  })

  it('refuses unknown scopes, registry:ente without an ente and short passwords', async () => {
    const store = memoryAuthStore()
    await expect(createClient(store, { name: 'X', scopes: ['read:todo'] })).rejects.toBeInstanceOf(AuthAdminError)
    await expect(createClient(store, { name: 'X', scopes: ['registry:ente'] })).rejects.toBeInstanceOf(AuthAdminError)
    await expect(createClient(store, { name: 'X', scopes: ['read:spic'], defaultScopes: ['read:declaraciones'] })).rejects.toBeInstanceOf(AuthAdminError)
    await expect(createUser(store, 'pdn', 'corta')).rejects.toBeInstanceOf(AuthAdminError)
    await createUser(store, 'pdn', 'una-contraseña-larga')
    await expect(createUser(store, 'pdn', 'una-contraseña-larga')).rejects.toMatchObject({ code: 'SEE_AUTH_DUPLICATE' })
    await expect(setUserPassword(store, 'nadie', 'una-contraseña-larga')).rejects.toMatchObject({ code: 'SEE_AUTH_NOT_FOUND' })
  })
})
