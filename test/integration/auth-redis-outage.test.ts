import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { request } from 'undici'
import { redisServerAvailable, startPrivateRedis, uniquePrefix, type PrivateRedis } from '@see/redis/testing'
import { postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// The whole federation on a redis-server of this test's own, killed mid-test: the PDN keeps getting
// tokens and answers, and a token revoked during the outage stays refused, before and after Redis returns.

const available = redisServerAvailable('auth-redis-outage')

describe.skipIf(!available)('the gateway through a Redis outage (OAuth2)', () => {
  let redis: PrivateRedis
  let federation: TestFederation

  beforeAll(async () => {
    redis = await startPrivateRedis()
    federation = await startTestFederation('auth-redis-outage', { entes: 2, size: 5, redisUrl: redis.url, redisPrefix: uniquePrefix() })
  })
  afterAll(async () => {
    await federation?.close()
    await redis?.stop()
  })

  const spic = async (token: string): Promise<number> =>
    (await postJson(`${federation.gatewayUrl}/v1/spic`, { pageSize: 2 }, { authorization: `Bearer ${token}` })).status
  const revoke = async (token: string): Promise<number> => {
    const { clientId, clientSecret } = federation.credentials
    const response = await request(`${federation.gatewayUrl}/oauth/revoke`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString()
    })
    await response.body.dump()
    return response.statusCode
  }

  let revokedDuringOutage: string

  it('answers the PDN while Redis is up', async () => {
    expect(await spic(await federation.token())).toBe(200)
  })

  it('keeps issuing tokens and answering /v1/spic with Redis dead, and applies revocations made meanwhile', async () => {
    await redis.stop()
    for (let i = 0; i < 3; i++) expect(await spic(await federation.token())).toBe(200)
    revokedDuringOutage = await federation.token()
    expect(await spic(revokedDuringOutage)).toBe(200)
    expect(await revoke(revokedDuringOutage)).toBe(200)
    expect(await spic(revokedDuringOutage)).toBe(401)
  })

  it('goes back to Redis when it returns, still refusing the token revoked during the outage', async () => {
    await redis.restart()
    await vi.waitFor(async () => expect(await federation.platform.redis?.ping()).toBe('PONG'), { timeout: 10_000, interval: 100 })
    expect(await spic(await federation.token())).toBe(200)
    expect(await spic(revokedDuringOutage)).toBe(401)
  })
})
