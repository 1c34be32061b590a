import { Writable } from 'node:stream'
import { decodeJwt } from 'jose'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { memoryAuthStore } from '../../src/store/memory.js'
import { KeyRing } from '../../src/index.js'
import { basic, buildApp, form, FORM, PDN_USER, seed, type Seeded, type TestApp } from '../support/app.js'
import { redisServerAvailable } from '@see/redis/testing'
import { clientStatus, startOwnRedis, type OwnRedis } from '../support/redis-server.js'

// Two instances of the authorization server share a redis-server of this test's own, which the
// test kills and starts again: a Redis outage must cost neither token issue nor guarded routes.

const installed = redisServerAvailable('auth/redis-outage.test.ts')

const OUTAGE = 'Redis unavailable for the authorization server: revocations and throttling are answered in process until it is back'
const RECOVERY = 'Redis answering the authorization server again'
const PREFIX = 'outage-test:'
const roomy = { max: 10_000, timeWindowMs: 60_000 }

interface Instance extends TestApp {
  redis: Redis
  logs: Array<{ msg?: string }>
}

describe.skipIf(!installed)('a Redis outage under the authorization server', () => {
  let server: OwnRedis
  let observer: Redis
  let c: Seeded
  let a: Instance
  let b: Instance
  const store = memoryAuthStore()

  async function instance (keys: KeyRing): Promise<Instance> {
    const logs: Array<{ msg?: string }> = []
    const stream = new Writable({
      write (chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line !== '') logs.push(JSON.parse(line) as { msg?: string })
        done()
      }
    })
    const redis = server.client()
    await clientStatus(redis, 'ready')
    const t = await buildApp({
      store,
      keys,
      redis,
      redisPrefix: PREFIX,
      redisRetryAfterMs: 100,
      rateLimit: { perIp: roomy, perClient: roomy, perAllowListedClient: roomy, failuresPerIp: { max: 3, timeWindowMs: 60_000 }, delay: { freeFailures: 100, baseMs: 1, maxMs: 1, windowMs: 60_000 } }
    }, { level: 'info', stream })
    return { ...t, redis, logs }
  }

  beforeAll(async () => {
    server = await startOwnRedis()
    observer = server.client()
    await clientStatus(observer, 'ready')
    c = await seed(store)
    const keys = await KeyRing.generate()
    a = await instance(keys)
    b = await instance(keys)
  })

  afterAll(async () => {
    for (const t of [a, b]) {
      await t?.app.close()
      t?.redis.disconnect()
    }
    observer?.disconnect()
    await server?.stop()
  })

  const token = async (t: Instance, ip = '10.0.0.1'): Promise<{ status: number, accessToken: string }> => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      remoteAddress: ip,
      headers: { ...FORM, authorization: basic(c.pdn.id, c.pdn.secret) },
      payload: form({ grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password })
    })
    return { status: res.statusCode, accessToken: (res.json() as { access_token: string }).access_token }
  }
  const read = async (t: Instance, accessToken: string): Promise<number> =>
    (await t.app.inject({ method: 'POST', url: '/v1/spic', headers: { authorization: `Bearer ${accessToken}` }, payload: {} })).statusCode
  const revoke = async (t: Instance, accessToken: string): Promise<number> =>
    (await t.app.inject({ method: 'POST', url: '/oauth/revoke', headers: { ...FORM, authorization: basic(c.pdn.id, c.pdn.secret) }, payload: form({ token: accessToken }) })).statusCode
  const revokedInRedis = async (accessToken: string): Promise<boolean> => await observer.exists(`${PREFIX}revoked:jti:${decodeJwt(accessToken).jti}`) === 1
  const count = (t: Instance, msg: string): number => t.logs.filter(line => line.msg === msg).length

  it('issues tokens, guards routes and shares revocations through Redis while it is up', async () => {
    const issued = await token(a)
    expect(issued.status).toBe(200)
    expect(await read(b, issued.accessToken)).toBe(200)
    expect(await revoke(a, issued.accessToken)).toBe(200)
    expect(await revokedInRedis(issued.accessToken)).toBe(true)
    expect(await read(b, issued.accessToken)).toBe(401)
    expect(await observer.keys(`${PREFIX}rl:*`)).not.toEqual([])
    expect(count(a, OUTAGE) + count(b, OUTAGE)).toBe(0)
  })

  let revokedBefore: string
  let revokedDuring: string

  it('keeps issuing tokens and answering guarded routes with 200 when Redis dies', async () => {
    revokedBefore = (await token(a)).accessToken
    expect(await revoke(a, revokedBefore)).toBe(200)
    const survivor = (await token(a)).accessToken
    await server.stop()
    await clientStatus(a.redis, 'down')
    await clientStatus(b.redis, 'down')

    for (let i = 0; i < 5; i++) {
      const issued = await token(a)
      expect(issued.status).toBe(200)
      expect(await read(a, issued.accessToken)).toBe(200)
      expect(await read(b, issued.accessToken)).toBe(200)
    }
    expect(await read(a, survivor)).toBe(200)
    // A revocation made before the outage is still known in process to the instance that made it.
    expect(await read(a, revokedBefore)).toBe(401)
    // One warning per outage and instance, however many calls met it.
    expect(count(a, OUTAGE)).toBe(1)
    expect(count(b, OUTAGE)).toBe(1)
  })

  it('applies a revocation made during the outage in the instance that made it', async () => {
    revokedDuring = (await token(a)).accessToken
    expect(await read(a, revokedDuring)).toBe(200)
    expect(await revoke(a, revokedDuring)).toBe(200)
    expect(await read(a, revokedDuring)).toBe(401)
  })

  it('still throttles during the outage, in process', async () => {
    const failing = async (): Promise<number> => (await a.app.inject({
      method: 'POST',
      url: '/oauth/token',
      remoteAddress: '10.7.7.7',
      headers: { ...FORM, authorization: basic(c.pdn.id, c.pdn.secret) },
      payload: form({ grant_type: 'password', username: PDN_USER.username, password: 'no-es-la-contraseña' })
    })).statusCode
    for (let i = 0; i < 3; i++) expect(await failing()).toBe(400)
    expect(await failing()).toBe(429)
    // Credentials this instance already verified are never held back by an address's failures.
    expect((await token(a, '10.7.7.7')).status).toBe(200)
  })

  it('goes back to Redis when it returns, and copies the outage revocations to it', async () => {
    await server.restart()
    await clientStatus(a.redis, 'ready')
    await clientStatus(b.redis, 'ready')
    await clientStatus(observer, 'ready')
    const live = (await token(b)).accessToken
    await vi.waitFor(async () => {
      expect(await read(a, live)).toBe(200)
      expect(count(a, RECOVERY)).toBe(1)
    }, { timeout: 10_000, interval: 50 })
    // Redis restarted empty: instance a copied its live revocations back, so b refuses them now.
    await vi.waitFor(async () => expect(await revokedInRedis(revokedDuring)).toBe(true), { timeout: 5_000, interval: 50 })
    expect(await revokedInRedis(revokedBefore)).toBe(true)
    await vi.waitFor(async () => expect(await read(b, revokedDuring)).toBe(401), { timeout: 5_000, interval: 50 })

    // New revocations and throttling counters go to Redis again.
    const fresh = (await token(b)).accessToken
    expect(await revoke(b, fresh)).toBe(200)
    expect(await revokedInRedis(fresh)).toBe(true)
    expect(await read(a, fresh)).toBe(401)
    expect(await observer.keys(`${PREFIX}rl:*`)).not.toEqual([])
    expect(count(a, OUTAGE)).toBe(1)
    expect(count(b, RECOVERY)).toBe(1)
  })
})
