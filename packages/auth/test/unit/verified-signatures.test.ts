import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose'
import { describe, expect, it } from 'vitest'
import { KeyRing, signServiceToken } from '../../src/index.js'
import { keyResolver } from '../../src/key-source.js'
import { verifiedSignatures, type Verified } from '../../src/verified-signatures.js'

async function setup (options: { maxTokenAgeSeconds?: number } = {}) {
  const keys = await KeyRing.generate()
  const resolver = keyResolver(keys)
  let now = Date.now()
  let verifications = 0
  const cache = verifiedSignatures<JWTPayload>(resolver, { clockToleranceSeconds: 0, now: () => now, ...options })
  const check = async (token: string): Promise<JWTPayload> => await cache(token, async (): Promise<Verified<JWTPayload>> => {
    verifications++
    const { payload, protectedHeader } = await jwtVerify(token, resolver.getKey, { currentDate: new Date(now) })
    return { claims: payload, header: protectedHeader }
  })
  return {
    keys,
    check,
    verifications: () => verifications,
    advance: (ms: number) => { now += ms }
  }
}

describe('verified signatures', () => {
  it('checks a token signature once and answers its claims from memory afterwards', async () => {
    const s = await setup()
    const token = await signServiceToken(s.keys, { audience: 's2', ttlSeconds: 60 })
    const first = await s.check(token)
    expect(await s.check(token)).toEqual(first)
    expect(first.aud).toBe('s2')
    expect(s.verifications()).toBe(1)
  })

  it('verifies again once the remembered token expired (and the verification then refuses it)', async () => {
    const s = await setup()
    const token = await signServiceToken(s.keys, { audience: 's2', ttlSeconds: 60 })
    await s.check(token)
    s.advance(61_000)
    await expect(s.check(token)).rejects.toThrow(/exp/)
    expect(s.verifications()).toBe(2)
  })

  it('verifies again once the token is older than the age limit, whatever its exp', async () => {
    const s = await setup({ maxTokenAgeSeconds: 10 })
    const token = await signServiceToken(s.keys, { audience: 's2', ttlSeconds: 60 })
    await s.check(token)
    s.advance(11_000)
    await s.check(token)
    expect(s.verifications()).toBe(2)
  })

  it('refuses a remembered token at once when its key left the ring', async () => {
    const s = await setup()
    const token = await signServiceToken(s.keys, { audience: 's2', ttlSeconds: 60 })
    await s.check(token)
    await s.keys.rotate()
    s.keys.retire(decodeProtectedHeader(token).kid!)
    await expect(s.check(token)).rejects.toThrow()
    expect(s.verifications()).toBe(1)
  })
})
