import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { KeyConfigError, KeyRing, signAccessToken, verifyAccessToken } from '../../src/index.js'

const claims = { issuer: 'iss', audience: 'aud', subject: 's', clientId: 'c', scopes: ['read:spic'], ttlSeconds: 900 }
const verify = async (token: string, keys: KeyRing): Promise<unknown> => await verifyAccessToken(token, { issuer: 'iss', audience: 'aud', keys })

describe('KeyRing', () => {
  it('keeps verifying a token signed with the old key after rotate(), and signs with the new one', async () => {
    const keys = await KeyRing.generate()
    const oldKid = keys.current.kid
    const before = await signAccessToken(keys, claims)
    const newKid = await keys.rotate()
    expect(newKid).not.toBe(oldKid)
    expect(keys.current.kid).toBe(newKid)
    await expect(verify(before.token, keys)).resolves.toBeDefined()
    expect(keys.jwks().keys.map(k => k.kid)).toEqual([newKid, oldKid])
  })

  it('drops a retired key once its retention has passed', async () => {
    let now = Date.now()
    const keys = await KeyRing.generate('ES256', { retainSeconds: 960, now: () => now })
    const before = await signAccessToken(keys, claims)
    await keys.rotate()
    now += 961_000
    expect(keys.jwks().keys).toHaveLength(1)
    await expect(verify(before.token, keys)).rejects.toMatchObject({ code: 'SEE_AUTH_INVALID_TOKEN' })
  })

  it('retire() removes a compromised key at once but never the current one', async () => {
    const keys = await KeyRing.generate()
    const old = keys.current.kid
    await keys.rotate()
    keys.retire(old)
    expect(keys.publicKey(old)).toBeUndefined()
    expect(() => keys.retire(keys.current.kid)).toThrow(KeyConfigError)
  })

  it('round-trips through SEE_JWT_KEYS as a JWK Set', async () => {
    const keys = await KeyRing.generate()
    await keys.rotate()
    const token = (await signAccessToken(keys, claims)).token
    const restored = await KeyRing.fromEnv({ SEE_JWT_KEYS: keys.exportConfig() })
    expect(restored.current.kid).toBe(keys.current.kid)
    expect(restored.jwks()).toEqual(keys.jwks())
    await expect(verify(token, restored)).resolves.toBeDefined()
  })

  it('reads PEM blocks: the first private key signs, public keys only verify', async () => {
    const a = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const b = generateKeyPairSync('ed25519')
    const pem = [a.privateKey.export({ type: 'pkcs8', format: 'pem' }), b.publicKey.export({ type: 'spki', format: 'pem' })].join('\n')
    const keys = await KeyRing.fromConfig(pem)
    expect(keys.current.alg).toBe('ES256')
    expect(keys.algorithms.sort()).toEqual(['ES256', 'EdDSA'])
    const publicOnly = await KeyRing.fromConfig(String(b.publicKey.export({ type: 'spki', format: 'pem' })))
    expect(publicOnly.canSign).toBe(false)
    expect(() => publicOnly.current).toThrow(KeyConfigError)
  })

  it('generates keys when SEE_JWT_KEYS is absent and refuses unusable material', async () => {
    expect((await KeyRing.fromEnv({})).canSign).toBe(true)
    await expect(KeyRing.fromConfig('{no json')).rejects.toBeInstanceOf(KeyConfigError)
    await expect(KeyRing.fromConfig('{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}')).rejects.toBeInstanceOf(KeyConfigError)
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' })
    await expect(KeyRing.fromConfig(String(rsa))).rejects.toBeInstanceOf(KeyConfigError)
    await expect(KeyRing.fromConfig('nada')).rejects.toBeInstanceOf(KeyConfigError)
  })

  it('publishes no private parameter', async () => {
    const keys = await KeyRing.generate()
    expect(JSON.stringify(keys.jwks())).not.toMatch(/"d"/)
  })
})
