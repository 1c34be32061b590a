import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Redis } from 'ioredis'
import { federationCache, type FederationCache, type PageRequestParts } from '../../src/cache/federation-cache.js'
import { closeRedis, createRedisClient } from '@see/redis'
import { GENERATION_RETENTION_MS, memoryCache, openCacheStore, redisCache, resilientCache, type CacheState, type CacheStore, type OpenedCache } from '@see/cache'
import { gate, manualClock, recordingLogger } from '@see/cache/testing'
import { redisForTests, redisServerAvailable, startPrivateRedis, uniquePrefix, type PrivateRedis } from '@see/redis/testing'

const FILE = 'gateway/cache-redis.test.ts'
const sharedUrl = await redisForTests(FILE)
const sharedUp = sharedUrl !== undefined
const TEST_REDIS_URL = sharedUrl ?? ''
const canStartRedis = redisServerAvailable(FILE)

const request: PageRequestParts = { system: 's2', query: { nombres: 'Ana' }, page: 1, pageSize: 10, sort: { primerApellido: 'asc' } }
const ttls = { s2: { pageFreshMs: 1_000, pageStaleMs: 5_000, pageStaleIfErrorMs: 60_000 } }
const GENERATION_REFRESH_MS = 100

function httpError (statusCode: number): Error {
  return Object.assign(new Error(`HTTP ${statusCode}`), { statusCode })
}

describe.skipIf(!sharedUp)('cache on a Redis shared by two gateway instances', () => {
  const prefix = uniquePrefix()
  const clock = manualClock()
  const clients: Redis[] = []
  let admin: Redis
  let a: FederationCache
  let b: FederationCache
  let lockAttempts = 0

  /** One "gateway instance": its own connection and its own in-process fallback and in-flight map. */
  function instance (): FederationCache {
    // Generous bounds: these cases are about Redis semantics, not about a slow machine tripping the fallback.
    const redis = createRedisClient(TEST_REDIS_URL, { commandTimeoutMs: 2_000 })
    clients.push(redis)
    const store = resilientCache(redisCache(redis, { prefix }), memoryCache(), { timeoutMs: 2_000 })
    const counted: CacheStore = {
      ...store,
      setIfAbsent: async (key, value, ttlMs) => {
        lockAttempts++
        return await store.setIfAbsent(key, value, ttlMs)
      }
    }
    return federationCache({ store: counted, ttls, now: clock.now, pollMs: 2, generationRefreshMs: GENERATION_REFRESH_MS })
  }

  beforeAll(async () => {
    admin = createRedisClient(TEST_REDIS_URL)
    clients.push(admin)
    a = instance()
    b = instance()
    await vi.waitFor(() => expect(clients.every(c => c.status === 'ready')).toBe(true))
  })

  afterAll(async () => {
    await a?.store.clear()
    expect(await admin.keys(`${prefix}*`)).toEqual([])
    await Promise.all(clients.map(closeRedis))
  })

  it('serves on one instance the page the other computed', async () => {
    const computeA = vi.fn(async () => ({ results: [{ id: 'E1-1' }] }))
    const computeB = vi.fn(async () => ({ results: [] }))
    const first = await a.page(request, computeA)
    const second = await b.page(request, computeB)
    expect(first.state).toBe('miss')
    expect(second).toEqual({ ...first, state: 'hit' })
    expect(computeB).not.toHaveBeenCalled()
    expect(JSON.parse(await admin.get(prefix + first.key) ?? 'null')).toMatchObject({ v: { results: [{ id: 'E1-1' }] } })
    expect(await admin.pttl(prefix + first.key)).toBeGreaterThan(5_000)
  })

  it('answers stale and refreshes in the background, for every instance', async () => {
    const query = { ...request, page: 2 }
    await a.page(query, async () => 'v1')
    clock.advance(2_000)
    const refresh = vi.fn(async () => 'v2')
    expect(await b.page(query, refresh)).toMatchObject({ value: 'v1', state: 'stale' })
    await b.idle()
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(await a.page(query, async () => 'unused')).toMatchObject({ value: 'v2', state: 'hit' })
  })

  it('serves the stale page when computing fails upstream (stale-if-error), not when the request is wrong', async () => {
    const query = { ...request, page: 3 }
    await a.page(query, async () => 'v1')
    clock.advance(10_000)
    expect(await b.page(query, async () => { throw httpError(504) })).toMatchObject({ value: 'v1', state: 'stale-if-error' })
    await expect(b.page(query, async () => { throw httpError(422) })).rejects.toMatchObject({ statusCode: 422 })
  })

  it('computes once for concurrent identical queries on both instances', async () => {
    const query = { ...request, page: 4 }
    const upstream = gate<string>()
    const compute = vi.fn(async () => await upstream.promise)
    lockAttempts = 0
    const calls = Array.from({ length: 20 }, async (_, i) => await (i % 2 === 0 ? a : b).page(query, compute))
    // Open the upstream only once each instance has asked for the lock: one holds it, the other waits.
    await vi.waitFor(() => {
      expect(compute).toHaveBeenCalledTimes(1)
      expect(lockAttempts).toBeGreaterThanOrEqual(2)
    })
    upstream.open('page 4')
    const answers = await Promise.all(calls)
    expect(compute).toHaveBeenCalledTimes(1)
    expect(answers.every(x => x.value === 'page 4')).toBe(true)
    const states = answers.map(x => x.state)
    expect(states.filter(s => s === 'miss')).toHaveLength(1)
    expect(states.filter(s => s === 'coalesced')).toHaveLength(19)
    expect(await admin.keys(`${prefix}lock:*`)).toEqual([])
  })

  it('keeps framed entries byte for byte: the body comes back undecoded beside its head', async () => {
    const store = redisCache(admin, { prefix })
    const body = '{"nombres":"Peña Ñandú"}\n{"second line":"after a raw newline"}'
    await store.setFramed('framed:1', { head: { at: 7, h: { failed: [] } }, body }, 5_000)
    const framed = await store.getFramed('framed:1')
    expect(framed?.head).toEqual({ at: 7, h: { failed: [] } })
    expect(Buffer.isBuffer(framed?.body)).toBe(true)
    expect(framed?.body.toString()).toBe(body)
    // A plain JSON entry is not mistaken for a framed one, and an expired or absent key reads as nothing.
    await store.set('plain:1', { v: 1, at: 2 }, 5_000)
    expect(await store.getFramed('plain:1')).toBeUndefined()
    await store.setFramed('framed:2', { head: {}, body: 'x' }, 0)
    expect(await store.getFramed('framed:2')).toBeUndefined()
  })

  it('keeps generation counters rising across expiry and forgets them after a day without changes', async () => {
    const store = redisCache(admin, { prefix })
    const before = Date.now()
    const first = await store.increment('gen:prueba')
    expect(first).toBeGreaterThanOrEqual(before)
    const second = await store.increment('gen:prueba')
    expect(second).toBeGreaterThan(first)
    const ttl = await admin.pttl(`${prefix}gen:prueba`)
    expect(ttl).toBeGreaterThan(GENERATION_RETENTION_MS - 60_000)
    expect(ttl).toBeLessThanOrEqual(GENERATION_RETENTION_MS)
    // An expired counter reads 0 and restarts at the current time: above every value it had a day before.
    await admin.del(`${prefix}gen:prueba`)
    expect(await store.counters(['gen:prueba'])).toEqual([0])
    const restart = Date.now()
    expect(await store.increment('gen:prueba')).toBeGreaterThanOrEqual(restart)
  })

  it('retires pages on every instance when an ente is invalidated: at once where it was invalidated, within the generation interval elsewhere', async () => {
    const query = { ...request, page: 5 }
    await a.page(query, async () => 'before')
    expect(await b.page(query, async () => 'unused')).toMatchObject({ value: 'before', state: 'hit' })
    await a.invalidateEnte('s2', 'SECH')
    expect(await a.page(query, async () => 'after')).toMatchObject({ value: 'after', state: 'miss' })
    // b reuses the generation it read for up to GENERATION_REFRESH_MS (one Redis round trip per hit, not two).
    clock.advance(GENERATION_REFRESH_MS)
    expect(await b.page(query, async () => 'unused')).toMatchObject({ value: 'after', state: 'hit' })
  })
})

describe.skipIf(!canStartRedis)('cache with a Redis that goes away and comes back', () => {
  let own: PrivateRedis
  let opened: OpenedCache
  let admin: Redis
  const logger = recordingLogger()
  const prefix = uniquePrefix()

  beforeAll(async () => {
    own = await startPrivateRedis()
    opened = await openCacheStore({ redisUrl: own.url, prefix, logger, timeoutMs: 1_000, retryAfterMs: 50 })
    admin = createRedisClient(own.url)
  })

  afterAll(async () => {
    await opened?.close()
    if (admin) await closeRedis(admin)
    await own?.stop()
  })

  it('keeps answering from the in-process cache while Redis is down, and goes back to it', async () => {
    const cache = federationCache({ store: opened.store, ttls })
    // Framed, as the gateway stores pages: the body apart from a small head.
    const frame = { split: (value: string) => ({ head: {}, body: value }), join: (_head: object, body: string | Buffer) => body.toString() }
    const page = (n: number, compute: () => Promise<string>) => cache.page({ ...request, page: n }, compute, { frame })
    expect(opened.serving()).toBe('redis')
    const stored = await page(1, async () => 'one')
    expect(await admin.exists(prefix + stored.key)).toBe(1)

    await own.stop()
    const states: CacheState[] = []
    for (let n = 1; n <= 20; n++) states.push((await page(n, async () => `page ${n}`)).state)
    expect(states.every(s => s === 'miss')).toBe(true)
    expect(await page(7, async () => 'unused')).toMatchObject({ value: 'page 7', state: 'hit' })
    await cache.invalidateEnte('s2', 'SECH')
    expect(opened.serving()).toBe('memory')
    expect(logger.warn).toHaveBeenCalledTimes(1)

    await own.restart()
    await vi.waitFor(async () => {
      await page(99, async () => 'probe')
      expect(opened.serving()).toBe('redis')
    }, { timeout: 15_000, interval: 100 })
    expect(logger.info).toHaveBeenCalledTimes(1)
    expect(logger.warn).toHaveBeenCalledTimes(1)
    // The bump made while Redis was away reached the restarted Redis before it served again.
    expect(Number(await admin.get(`${prefix}gen:s2`))).toBeGreaterThan(0)
    const back = await page(1, async () => 'one again')
    expect(back).toMatchObject({ value: 'one again', state: 'miss' })
    expect(back.key).toContain(':g1:')
    expect(await admin.exists(prefix + back.key)).toBe(1)
  })
})
