import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Redis } from 'ioredis'
import { closeRedis, createRedisClient, waitForRedis } from '@see/redis'
import { redisForTests, uniquePrefix } from '@see/redis/testing'
import { readThrough } from '../../src/read-through.js'
import { redisCache } from '../../src/redis.js'
import { isLocked, lockKeyOf, tryLock } from '../../src/lock.js'
import { gate } from '../../src/testing.js'

// The one lock protocol on a real Redis, as two instances (two clients) see it.
const FILE = 'packages/cache/test/integration/lock-redis.test.ts'
const url = await redisForTests(FILE)

describe.skipIf(url === undefined)('the lock protocol on Redis', () => {
  const prefix = uniquePrefix()
  const clients: Redis[] = []
  let admin: Redis

  // Ready before use: the client has no offline queue, and a store that cannot answer grants every lease.
  async function client (): Promise<Redis> {
    const redis = createRedisClient(url ?? '', { commandTimeoutMs: 2_000 })
    clients.push(redis)
    await waitForRedis(redis)
    return redis
  }

  beforeAll(async () => { admin = await client() })
  afterAll(async () => {
    const left = await admin.keys(`${prefix}*`)
    if (left.length > 0) await admin.del(...left)
    await Promise.all(clients.map(closeRedis))
  })

  it('lets one instance hold a key, expires the lease by itself, and frees only the lease it holds', async () => {
    const one = redisCache(await client(), { prefix })
    const other = redisCache(await client(), { prefix })
    const lease = await tryLock(one, 'page', 60_000)
    expect(lease).toBeDefined()
    expect(await tryLock(other, 'page', 60_000)).toBeUndefined()
    expect(await isLocked(other, 'page')).toBe(true)
    expect(await admin.pttl(`${prefix}${lockKeyOf('page')}`)).toBeGreaterThan(50_000)
    // The lease ran out and the other instance took the lock: the late release leaves it alone.
    await admin.del(`${prefix}${lockKeyOf('page')}`)
    const taken = await tryLock(other, 'page', 60_000)
    await lease!.release()
    expect(await isLocked(one, 'page')).toBe(true)
    await taken!.release()
    expect(await admin.exists(`${prefix}${lockKeyOf('page')}`)).toBe(0)
  })

  it('renews only the lease it holds: a lease lost to another instance is never extended', async () => {
    const one = redisCache(await client(), { prefix })
    const other = redisCache(await client(), { prefix })
    const key = `${prefix}${lockKeyOf('leader')}`
    const lease = await tryLock(one, 'leader', 10_000)
    expect(await lease!.renew(60_000)).toBe(true)
    expect(await admin.pttl(key)).toBeGreaterThan(50_000)
    // It expired (a paused holder) and the other instance took it: renewing says it was lost.
    await admin.del(key)
    const taken = await tryLock(other, 'leader', 10_000)
    expect(await lease!.renew(60_000)).toBe(false)
    expect(await admin.pttl(key)).toBeLessThanOrEqual(10_000)
    await taken!.release()
  })

  it('computes a defined entry once across two instances; the waiter takes the value stored under the lock', async () => {
    const policy = { freshMs: Infinity, staleMs: Infinity, expiresAt: (t: { usableUntil: number }) => t.usableUntil }
    const first = readThrough({ store: redisCache(await client(), { prefix }), pollMs: 2, waitMs: 10_000 }).define<{ token: string, usableUntil: number }>('token', policy)
    const second = readThrough({ store: redisCache(await client(), { prefix }), pollMs: 2, waitMs: 10_000 }).define<{ token: string, usableUntil: number }>('token', policy)
    const release = gate<undefined>()
    let computed = 0
    const compute = async (): Promise<{ token: string, usableUntil: number }> => {
      computed++
      await release.promise
      return { token: 'uno', usableUntil: Date.now() + 60_000 }
    }
    const one = first.get('E', compute)
    while (!await isLocked(redisCache(admin, { prefix }), 'token:E')) await new Promise(resolve => setTimeout(resolve, 2))
    const other = second.get('E', compute)
    release.open(undefined)
    const answers = await Promise.all([one, other])
    expect(answers.map(a => [a.value.token, a.state])).toEqual([['uno', 'miss'], ['uno', 'coalesced']])
    expect(computed).toBe(1)
    const ttl = await admin.pttl(`${prefix}token:E`)
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(60_000)
  })
})
