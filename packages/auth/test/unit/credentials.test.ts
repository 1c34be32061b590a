import { describe, expect, it } from 'vitest'
import { VerifiedCredentialCache } from '../../src/credential-cache.js'
import { AuthAdminError, createClient, createUser, rotateClientSecret, setUserPassword } from '../../src/index.js'
import { memoryAuthStore } from '../../src/store/memory.js'
import { hashSecret, verifySecret } from '../../src/secrets.js'

function counting (): { cache: VerifiedCredentialCache, calls: () => number } {
  let calls = 0
  const cache = new VerifiedCredentialCache({}, async (stored, presented) => { calls++; return await verifySecret(stored, presented) })
  return { cache, calls: () => calls }
}

describe('verified credential cache', () => {
  it('knows a credential only once argon2 verified it, for the same stored hashes, and never remembers a failure', async () => {
    const { cache, calls } = counting()
    const secretHash = await hashSecret('secreto')
    const passwordHash = await hashSecret('contraseña')
    const pdn = { clientId: 'pdn', secret: 'secreto', username: 'pdn-sesna', password: 'contraseña' }
    expect(cache.knows(pdn, { secretHash, passwordHash })).toBe(false)
    expect(await cache.verify(passwordHash, 'equivocada')).toBe(false)
    expect(await cache.verify(passwordHash, 'contraseña')).toBe(true)
    expect(calls()).toBe(2)
    cache.remember(pdn, { secretHash, passwordHash })
    expect(cache.knows(pdn, { secretHash, passwordHash })).toBe(true)
    // Any other part changed, or a hash changed (rotation, new password): unknown.
    expect(cache.knows({ ...pdn, password: 'equivocada' }, { secretHash, passwordHash })).toBe(false)
    expect(cache.knows({ ...pdn, clientId: 'otro' }, { secretHash, passwordHash })).toBe(false)
    expect(cache.knows({ ...pdn, secret: 'otro' }, { secretHash, passwordHash })).toBe(false)
    expect(cache.knows(pdn, { secretHash, passwordHash: await hashSecret('contraseña') })).toBe(false)
    expect(cache.knows({ clientId: 'pdn', secret: 'secreto' }, { secretHash })).toBe(false)
    // A wrong password is verified with argon2 every time.
    expect(await cache.verify(passwordHash, 'equivocada')).toBe(false)
    expect(calls()).toBe(3)
  })

  it('holds an HMAC of the credentials, never a secret or a password', () => {
    const cache = new VerifiedCredentialCache()
    cache.remember({ clientId: 'pdn', secret: 'secreto-del-cliente', username: 'pdn-sesna', password: 'contraseña-del-usuario' }, { secretHash: 'h1', passwordHash: 'h2' })
    const held = JSON.stringify((cache as unknown as { entries: { dump: () => unknown } }).entries.dump())
    expect(held).toContain('pdn-sesna')
    expect(held).not.toContain('secreto-del-cliente')
    expect(held).not.toContain('contraseña-del-usuario')
  })

  it('forgets every entry of a client or of a user when told', () => {
    const cache = new VerifiedCredentialCache()
    const stored = { secretHash: 'h1', passwordHash: 'h2' }
    const a = { clientId: 'pdn', secret: 's', username: 'ana', password: 'p' }
    const b = { clientId: 'portal', secret: 's', username: 'ana', password: 'p' }
    const c = { clientId: 'pdn', secret: 's', username: 'beto', password: 'p' }
    for (const presented of [a, b, c]) cache.remember(presented, stored)
    cache.forgetUser('ana')
    expect([a, b, c].map(p => cache.knows(p, stored))).toEqual([false, false, true])
    cache.forgetClient('pdn')
    expect(cache.knows(c, stored)).toBe(false)
  })

  it('runs one argon2 for identical concurrent verifications', async () => {
    const { cache, calls } = counting()
    const stored = await hashSecret('correcto')
    const answers = await Promise.all(Array.from({ length: 10 }, async () => await cache.verify(stored, 'correcto')))
    expect(answers.every(Boolean)).toBe(true)
    expect(calls()).toBe(1)
  })

  it('fails unknown ids after doing the same argon2 work', async () => {
    const { cache, calls } = counting()
    expect(await cache.verify(undefined, 'x')).toBe(false)
    expect(calls()).toBe(1)
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
