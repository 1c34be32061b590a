import { createHmac, generateKeyPairSync } from 'node:crypto'
import { base64url, compactVerify, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAccessTokenVerifier, InsufficientScopeError, InvalidTokenError, KeyRing, memoryRevocationList, signAccessToken, signServiceToken, verifyAccessToken, type AccessTokenInput } from '../../src/index.js'

const ISSUER = 'https://see.example'
const AUDIENCE = 'see-api'
const input = (over: Partial<AccessTokenInput> = {}): AccessTokenInput => ({ issuer: ISSUER, audience: AUDIENCE, subject: 'pdn-sesna', clientId: 'pdn', scopes: ['read:spic'], ttlSeconds: 900, ...over })

let keys: KeyRing
beforeAll(async () => { keys = await KeyRing.generate() })

const verify = async (token: string, requiredScope?: string): Promise<unknown> =>
  await verifyAccessToken(token, { issuer: ISSUER, keys, audience: AUDIENCE, ...(requiredScope === undefined ? {} : { requiredScope }) })

function unsigned (header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const enc = (v: unknown): string => base64url.encode(JSON.stringify(v))
  return `${enc(header)}.${enc(payload)}.`
}

describe('access token verification', () => {
  it('accepts a token of the ring with the right issuer, audience and scope', async () => {
    const { token, claims } = await signAccessToken(keys, input())
    await expect(verify(token, 'read:spic')).resolves.toMatchObject({ sub: 'pdn-sesna', jti: claims.jti })
  })

  it('rejects alg none', async () => {
    const { claims } = await signAccessToken(keys, input())
    const forged = unsigned({ alg: 'none', typ: 'at+jwt', kid: keys.current.kid }, claims)
    await expect(verify(forged)).rejects.toBeInstanceOf(InvalidTokenError)
  })

  it('rejects HMAC signed with the public key (algorithm confusion)', async () => {
    const { claims } = await signAccessToken(keys, input())
    const publicPem = keys.publicKey(keys.current.kid)!.key.export({ type: 'spki', format: 'pem' })
    const header = base64url.encode(JSON.stringify({ alg: 'HS256', typ: 'at+jwt', kid: keys.current.kid }))
    const payload = base64url.encode(JSON.stringify(claims))
    const signature = base64url.encode(createHmac('sha256', publicPem).update(`${header}.${payload}`).digest())
    await expect(verify(`${header}.${payload}.${signature}`)).rejects.toBeInstanceOf(InvalidTokenError)
  })

  it('rejects a token signed by another key under a known kid, and an unknown or missing kid', async () => {
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    const { claims } = await signAccessToken(keys, input())
    const withKid = async (kid: string | undefined): Promise<string> =>
      await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', ...(kid === undefined ? {} : { kid }) }).sign(stranger)
    await expect(verify(await withKid(keys.current.kid))).rejects.toMatchObject({ reason: 'invalid' })
    await expect(verify(await withKid('desconocido'))).rejects.toMatchObject({ reason: 'invalid' })
    const single = await KeyRing.fromJwks(keys.jwks())
    const ownNoKid = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' }).sign(keys.current.privateKey)
    await expect(verifyAccessToken(ownNoKid, { issuer: ISSUER, keys: single, audience: AUDIENCE })).rejects.toBeInstanceOf(InvalidTokenError)
    await expect(verifyAccessToken(ownNoKid, { issuer: ISSUER, keys: keys.jwks(), audience: AUDIENCE })).rejects.toBeInstanceOf(InvalidTokenError)
  })

  it('rejects the wrong audience and the wrong issuer', async () => {
    await expect(verify((await signAccessToken(keys, input({ audience: 'otra-api' }))).token)).rejects.toMatchObject({ reason: 'invalid' })
    await expect(verify((await signAccessToken(keys, input({ issuer: 'https://otro.example' }))).token)).rejects.toMatchObject({ reason: 'invalid' })
  })

  it('rejects an expired token beyond 60 s of skew, and accepts one within it', async () => {
    const now = Date.now()
    const expired = await signAccessToken(keys, input({ now: now - 1000 * (900 + 61) }))
    await expect(verify(expired.token)).rejects.toMatchObject({ reason: 'expired' })
    const withinSkew = await signAccessToken(keys, input({ now: now - 1000 * (900 + 30) }))
    await expect(verify(withinSkew.token)).resolves.toBeDefined()
  })

  it('never takes a service token (other typ) for an access token', async () => {
    const service = await signServiceToken(keys, { audience: AUDIENCE, ttlSeconds: 60 })
    await expect(verify(service)).rejects.toBeInstanceOf(InvalidTokenError)
  })

  it('rejects a token without the required scope: a token for S2 cannot read S1', async () => {
    const { token } = await signAccessToken(keys, input({ scopes: ['read:spic'] }))
    await expect(verify(token, 'read:declaraciones')).rejects.toBeInstanceOf(InsufficientScopeError)
  })

  it('rejects revoked tokens by jti and by refresh family', async () => {
    const revocations = memoryRevocationList()
    const verifier = createAccessTokenVerifier({ issuer: ISSUER, keys, revocations })
    const a = await signAccessToken(keys, input())
    const b = await signAccessToken(keys, input({ sessionId: 'fam-1' }))
    await revocations.revoke('jti', a.claims.jti, 900)
    await revocations.revoke('sid', 'fam-1', 900)
    await expect(verifier(a.token, { audience: AUDIENCE })).rejects.toMatchObject({ reason: 'revoked' })
    await expect(verifier(b.token, { audience: AUDIENCE })).rejects.toMatchObject({ reason: 'revoked' })
    await expect(verifier((await signAccessToken(keys, input())).token, { audience: AUDIENCE })).resolves.toBeDefined()
  })

  it('verifies EdDSA rings too', async () => {
    const ed = await KeyRing.generate('EdDSA')
    const { token } = await signAccessToken(ed, input())
    await expect(verifyAccessToken(token, { issuer: ISSUER, keys: ed, audience: AUDIENCE })).resolves.toBeDefined()
    await expect(verify(token)).rejects.toBeInstanceOf(InvalidTokenError)
  })
})

/** The twin of an ES256 signature that verifies just as well: s replaced by n − s. */
function highSTwin (token: string): string {
  const order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551n
  const [head, payload, signature] = token.split('.') as [string, string, string]
  const bytes = Buffer.from(signature, 'base64url')
  const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`)
  const twin = Buffer.concat([bytes.subarray(0, 32), Buffer.from((order - s).toString(16).padStart(64, '0'), 'hex')])
  return `${head}.${payload}.${twin.toString('base64url')}`
}

describe('token forms and lifetimes an attacker could forge or replay', () => {
  it('signs ES256 in low-S form and refuses the high-S twin of a valid signature', async () => {
    for (let i = 0; i < 20; i++) {
      const { token } = await signAccessToken(keys, input())
      const twin = highSTwin(token)
      // The twin is a mathematically valid signature: a verifier that does not insist on low S takes it.
      await expect(compactVerify(twin, keys.publicKey(keys.current.kid)!.key)).resolves.toBeDefined()
      await expect(verify(token)).resolves.toBeDefined()
      await expect(verify(twin)).rejects.toMatchObject({ reason: 'invalid' })
    }
  })

  it('refuses a token issued in the future beyond 60 s of skew, and accepts one within it', async () => {
    const now = Date.now()
    await expect(verify((await signAccessToken(keys, input({ now: now + 120_000 }))).token)).rejects.toMatchObject({ reason: 'invalid' })
    await expect(verify((await signAccessToken(keys, input({ now: now + 30_000 }))).token)).resolves.toBeDefined()
  })

  it('refuses a token claiming a longer life than the server issues, even while fresh', async () => {
    const verifier = createAccessTokenVerifier({ issuer: ISSUER, keys, maxTokenAgeSeconds: 900 })
    const decade = await signAccessToken(keys, input({ ttlSeconds: 10 * 365 * 86_400 }))
    await expect(verifier(decade.token, { audience: AUDIENCE })).rejects.toMatchObject({ reason: 'invalid' })
    await expect(verify(decade.token)).rejects.toMatchObject({ reason: 'invalid' })
    const hour = await signAccessToken(keys, input({ ttlSeconds: 3600 }))
    await expect(verifier(hour.token, { audience: AUDIENCE })).rejects.toMatchObject({ reason: 'invalid' })
    await expect(verifier((await signAccessToken(keys, input())).token, { audience: AUDIENCE })).resolves.toBeDefined()
  })

  it('refuses a token older than the longest lifetime issued, whatever its exp says', async () => {
    const verifier = createAccessTokenVerifier({ issuer: ISSUER, keys, maxTokenAgeSeconds: 900 })
    const old = await signAccessToken(keys, input({ now: Date.now() - 1000 * (900 + 61), ttlSeconds: 900 }))
    await expect(verifier(old.token, { audience: AUDIENCE })).rejects.toBeInstanceOf(InvalidTokenError)
  })
})

describe('a verifier reused on a hot path', () => {
  it('checks a repeated token again for its key, revocation and scope after the first verification', async () => {
    const ring = await KeyRing.generate()
    const revocations = memoryRevocationList()
    const verifier = createAccessTokenVerifier({ issuer: ISSUER, keys: ring, revocations })
    const first = await signAccessToken(ring, input())
    const second = await signAccessToken(ring, input())
    await expect(verifier(first.token, { audience: AUDIENCE })).resolves.toMatchObject({ jti: first.claims.jti })
    await expect(verifier(first.token, { audience: AUDIENCE })).resolves.toMatchObject({ jti: first.claims.jti })
    await expect(verifier(first.token, { audience: AUDIENCE, requiredScope: 'read:declaraciones' })).rejects.toBeInstanceOf(InsufficientScopeError)
    await expect(verifier(first.token, { audience: 'other' })).rejects.toBeInstanceOf(InvalidTokenError)
    await revocations.revoke('jti', first.claims.jti, 900)
    await expect(verifier(first.token, { audience: AUDIENCE })).rejects.toBeInstanceOf(InvalidTokenError)
    await verifier(second.token, { audience: AUDIENCE })
    const compromised = ring.current.kid
    await ring.rotate()
    ring.retire(compromised)
    await expect(verifier(second.token, { audience: AUDIENCE })).rejects.toBeInstanceOf(InvalidTokenError)
  })
})
