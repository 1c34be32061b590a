import { createServer } from '@see/kit'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeyRing, requireServiceToken, serviceTokenSource, signAccessToken, signServiceToken } from '../../src/index.js'

let keys: KeyRing
let service: FastifyInstance

beforeAll(async () => {
  keys = await KeyRing.generate()
  service = await createServer({ name: 's2-test', logger: false, maxEventLoopDelay: 0 })
  // The service trusts only the public keys, as a real s2 would (JWKS from the gateway or SEE_JWT_KEYS).
  await service.register(requireServiceToken, { audience: 's2', jwksOrKeys: keys.jwks() })
  service.post('/internal/spic', async request => ({ caller: request.serviceToken?.sub }))
  await service.ready()
})
afterAll(async () => await service.close())

const call = async (authorization?: string) =>
  await service.inject({ method: 'POST', url: '/internal/spic', headers: authorization === undefined ? {} : { authorization }, payload: {} })

describe('service-to-service tokens', () => {
  it('lets the gateway in with a service token for this service', async () => {
    const res = await call(`Bearer ${await signServiceToken(keys, { audience: 's2', ttlSeconds: 60 })}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ caller: 'gateway' })
  })

  it('answers 401 to the high-S twin of a valid service token signature', async () => {
    const order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551n
    const token = await signServiceToken(keys, { audience: 's2', ttlSeconds: 60 })
    const [head, payload, signature] = token.split('.') as [string, string, string]
    const bytes = Buffer.from(signature, 'base64url')
    const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`)
    expect(s <= order >> 1n).toBe(true)
    const twin = Buffer.concat([bytes.subarray(0, 32), Buffer.from((order - s).toString(16).padStart(64, '0'), 'hex')]).toString('base64url')
    expect((await call(`Bearer ${head}.${payload}.${twin}`)).statusCode).toBe(401)
  })

  it('answers 401 to a direct call, a token for another service, a public access token or a foreign key', async () => {
    const other = await KeyRing.generate()
    const access = await signAccessToken(keys, { issuer: 'urn:see:gateway', audience: 's2', subject: 'x', clientId: 'x', scopes: ['read:spic'], ttlSeconds: 60 })
    for (const authorization of [
      undefined,
      'Basic eDp5',
      `Bearer ${await signServiceToken(keys, { audience: 's1' })}`,
      `Bearer ${access.token}`,
      `Bearer ${await signServiceToken(other, { audience: 's2' })}`
    ]) {
      const res = await call(authorization)
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('SEE_SERVICE_UNAUTHORIZED')
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /)
    }
  })

  it('keeps health probes open', async () => {
    expect((await service.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200)
    expect((await service.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200)
  })

  it('reuses a token per audience until half its life', async () => {
    let now = 1_000_000
    const source = serviceTokenSource(keys, { ttlSeconds: 60 }, () => now)
    const first = await source('s2')
    expect(await source('s2')).toBe(first)
    expect(await source('s3')).not.toBe(first)
    now += 31_000
    expect(await source('s2')).not.toBe(first)
  })
})
