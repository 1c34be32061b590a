import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Redis } from 'ioredis'
import { startSimulator, toRegistryFile, type SimulatedProvider, type Simulator } from '@see/ente-simulator'
import { directoryFromEntes, parseRegistry, type EnteDirectory } from '@see/registry'
import { sharedTokenStore } from '../../src/ente-client/shared-token-store.js'
import { TokenCache, usableUntil } from '../../src/ente-client/token-cache.js'
import { parseTokenKeys } from '../../src/token-redis.js'
import { closeTokenRedis, createTokenRedis } from '../../src/token-redis.js'
import { batch, testApp, type LogLine, type TestApp } from '../support/app.js'
import { redisForTests, redisServerAvailable, startPrivateRedis, uniquePrefix, type PrivateRedis } from '@see/redis/testing'

// Entes' OAuth2 tokens shared by S2 instances through a real Redis, sealed with SEE_CACHE_KEY;
// and a Redis of the test's own that dies or stalls while the instances keep answering.

const FILE = 'services/s2/s2-shared-tokens.test.ts'
const sharedUrl = await redisForTests(FILE)
const sharedUp = sharedUrl !== undefined
const TEST_REDIS_URL = sharedUrl ?? ''
const canStartRedis = redisServerAvailable(FILE)

const CACHE_KEY = `t1:${randomBytes(32).toString('base64')}`
const keys = parseTokenKeys(CACHE_KEY)
const OUTAGE = 'Redis unavailable for the shared ente token cache: tokens are kept in process only until it is back'
const TOKEN_TTL_S = 120
const UNDECRYPTABLE = 'shared ente token dropped from Redis: it does not decrypt with SEE_CACHE_KEY'

let simulator: Simulator
let directory: EnteDirectory
const apps: TestApp[] = []
const clients: Redis[] = []

function provider (clave: string): SimulatedProvider {
  return simulator.provider(clave)
}

/** `<clave>:<origin of its token server>`: where S2 keeps the ente's token. */
function tokenKey (clave: string): string {
  return `${clave}:${new URL(provider(clave).tokenUrl).origin}`
}

/** A Redis client as server.ts makes them; generous timeouts where a slow machine must not trip the fallback. */
function client (url: string, commandTimeoutMs?: number): Redis {
  const redis = createTokenRedis(url, commandTimeoutMs === undefined ? {} : { commandTimeoutMs })
  clients.push(redis)
  return redis
}

async function ready (redis: Redis): Promise<void> {
  await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 5_000 })
}

/** One S2 instance: its own app, in-process cache and Redis connection. */
async function instance (redis: Redis, redisPrefix: string): Promise<TestApp> {
  await ready(redis)
  const app = await testApp(directory, { redis, tokenKeys: keys, redisPrefix })
  apps.push(app)
  return app
}

async function okBatch (app: TestApp, ente: string): Promise<void> {
  const answer = await batch(app.app, [{ ente }])
  expect(answer.outcomes.map(o => [o.ente, o.ok, o.error?.code])).toEqual([[ente, true, undefined]])
}

/**
 * The sealed token of a read-through cache entry as Redis holds it: `<head JSON>\n<sealed value>`
 * (a framed entry of @see/cache, the head saying only when it was stored).
 */
function sealedOf (raw: string | null): string {
  const newline = raw?.indexOf('\n') ?? -1
  return newline < 0 ? '' : (raw ?? '').slice(newline + 1)
}

/** A framed entry holding `sealed`, as the cache writes it. */
function framed (sealed: string): string {
  return `${JSON.stringify({ at: Date.now(), h: {} })}\n${sealed}`
}

function warnings (app: TestApp, message: string): LogLine[] {
  return app.logs.filter(line => line.msg === message)
}

beforeAll(async () => {
  simulator = await startSimulator({
    providers: ['SHCH', 'SSA', 'FGE', 'TUXTLA', 'CEDH', 'IEPC'].map(clave => ({ clave, nombre: `Ente ${clave}`, size: 5, tokenTtlSeconds: TOKEN_TTL_S }))
  })
  directory = directoryFromEntes(parseRegistry(JSON.parse(JSON.stringify(toRegistryFile(simulator)))).entes)
})

afterEach(async () => {
  await Promise.all(apps.splice(0).map(async t => await t.app.close()))
  for (const p of simulator.providers) p.resetCounters()
})

afterAll(async () => {
  await Promise.all(clients.map(closeTokenRedis))
  await simulator?.close()
})

describe.skipIf(!sharedUp)('tokens shared through Redis by two S2 instances', () => {
  const prefix = uniquePrefix()
  let admin: Redis

  beforeAll(async () => {
    admin = client(TEST_REDIS_URL)
    await ready(admin)
  })

  afterAll(async () => {
    const left = await admin.keys(`${prefix}*`)
    if (left.length > 0) await admin.del(...left)
  })

  it('a token one instance fetched serves the other: the ente issues a single token', async () => {
    const a = await instance(client(TEST_REDIS_URL, 2_000), prefix)
    const b = await instance(client(TEST_REDIS_URL, 2_000), prefix)
    await okBatch(a, 'SHCH')
    await okBatch(b, 'SHCH')
    await okBatch(a, 'SHCH')
    await okBatch(b, 'SHCH')
    expect(provider('SHCH').counters).toMatchObject({ token: 1, data: 4 })
  })

  it('keeps the token sealed in Redis until shortly before it expires, and out of every log line', async () => {
    const a = await instance(client(TEST_REDIS_URL, 2_000), prefix)
    await okBatch(a, 'SSA')
    const redisKey = `${prefix}s2:token:${tokenKey('SSA')}`
    const raw = await admin.get(redisKey)
    expect(raw).not.toBeNull()
    const { accessToken } = JSON.parse(keys.open(sealedOf(raw), `token:${tokenKey('SSA')}`)) as { accessToken: string }
    expect(accessToken.length).toBeGreaterThan(0)
    expect(raw).not.toContain(accessToken)
    expect(raw).not.toContain(Buffer.from(accessToken).toString('base64'))
    expect(sealedOf(raw).startsWith('enc1:t1:')).toBe(true)
    // Gone from Redis with the same margin as in process: 10 % (at most 30 s) before `expires_in`.
    const ttlMs = await admin.pttl(redisKey)
    expect(ttlMs).toBeGreaterThan(0)
    expect(ttlMs).toBeLessThanOrEqual(usableUntil(0, TOKEN_TTL_S))
    for (const secret of [accessToken, CACHE_KEY.slice(3), provider('SSA').credentials.password]) expect(a.rawLogs()).not.toContain(secret)
  })

  it('a token the ente refuses is dropped everywhere by the instance that meets the 401; the other takes the new one', async () => {
    const a = await instance(client(TEST_REDIS_URL, 2_000), prefix)
    const b = await instance(client(TEST_REDIS_URL, 2_000), prefix)
    await okBatch(a, 'FGE')
    await okBatch(b, 'FGE')
    expect(provider('FGE').counters.token).toBe(1)
    const before = await admin.get(`${prefix}s2:token:${tokenKey('FGE')}`)
    provider('FGE').expireTokens()
    await okBatch(a, 'FGE') // 401, drops the token here and in Redis, fetches and shares a new one
    expect(provider('FGE').counters.token).toBe(2)
    expect(await admin.get(`${prefix}s2:token:${tokenKey('FGE')}`)).not.toBe(before)
    await okBatch(b, 'FGE') // 401 with its in-process copy; Redis already holds the new token
    expect(provider('FGE').counters.token).toBe(2)
  })

  it('lets one instance fetch while the other waits for its token', async () => {
    const log = { warn: vi.fn(), info: vi.fn() }
    const redisOfFirst = client(TEST_REDIS_URL, 2_000)
    const redisOfSecond = client(TEST_REDIS_URL, 2_000)
    await Promise.all([ready(redisOfFirst), ready(redisOfSecond)])
    const first = new TokenCache({ shared: { store: sharedTokenStore({ redis: redisOfFirst, log, prefix }), keys, log }, waitMs: 10_000, pollMs: 5 })
    const second = new TokenCache({ shared: { store: sharedTokenStore({ redis: redisOfSecond, log, prefix }), keys, log }, waitMs: 10_000, pollMs: 5 })
    let release!: () => void
    const fetched = new Promise<void>(resolve => { release = resolve })
    let fetches = 0
    const issue = async (): Promise<{ accessToken: string, expiresInS: number }> => {
      fetches++
      await fetched
      return { accessToken: 'the-one-token', expiresInS: 60 }
    }
    const one = first.get('LOCKED:https://auth.example', issue)
    await vi.waitFor(async () => expect(await admin.exists(`${prefix}lock:token:LOCKED:https://auth.example`)).toBe(1), { timeout: 5_000 })
    const other = second.get('LOCKED:https://auth.example', issue)
    release()
    expect(await Promise.all([one, other])).toEqual(['the-one-token', 'the-one-token'])
    expect(fetches).toBe(1)
    expect(await admin.exists(`${prefix}lock:token:LOCKED:https://auth.example`)).toBe(0)
    expect(log.warn).not.toHaveBeenCalled()
  })

  it('drops a value that does not open (another key, or moved from another ente) with one warning, and fetches a token', async () => {
    const a = await instance(client(TEST_REDIS_URL, 2_000), prefix)
    const usable = JSON.stringify({ accessToken: 'planted', usableUntil: Date.now() + 60_000 })
    const otherKey = parseTokenKeys(`t1:${randomBytes(32).toString('base64')}`)
    await admin.set(`${prefix}s2:token:${tokenKey('TUXTLA')}`, framed(otherKey.seal(usable, `token:${tokenKey('TUXTLA')}`)), 'PX', 60_000)
    await admin.set(`${prefix}s2:token:${tokenKey('CEDH')}`, framed(keys.seal(usable, `token:${tokenKey('SHCH')}`)), 'PX', 60_000)
    await okBatch(a, 'TUXTLA')
    await okBatch(a, 'CEDH')
    expect([provider('TUXTLA').counters.token, provider('CEDH').counters.token]).toEqual([1, 1])
    expect(warnings(a, UNDECRYPTABLE).map(line => line.ente)).toEqual(['TUXTLA', 'CEDH'])
    // The planted values are gone; each key now holds the token the ente issued, sealed with our key.
    for (const clave of ['TUXTLA', 'CEDH']) {
      const raw = await admin.get(`${prefix}s2:token:${tokenKey(clave)}`)
      expect(JSON.parse(keys.open(sealedOf(raw), `token:${tokenKey(clave)}`)).accessToken).not.toBe('planted')
    }
    expect(a.rawLogs()).not.toContain('planted')
  })
})

describe.skipIf(!canStartRedis)('a Redis of its own that dies or stalls', () => {
  let own: PrivateRedis
  let admin: Redis

  beforeAll(async () => {
    own = await startPrivateRedis()
    admin = client(own.url, 2_000)
    await ready(admin)
  })

  afterAll(async () => { await own?.stop() })

  it('killed mid-test: batches still answer, each instance on its own tokens, one warning per outage', async () => {
    const prefix = uniquePrefix()
    // The production timeout (100 ms): this case is about the fallback.
    const a = await instance(client(own.url), prefix)
    const b = await instance(client(own.url), prefix)
    await okBatch(a, 'IEPC')
    await okBatch(b, 'IEPC')
    expect(provider('IEPC').counters.token).toBe(1)
    await own.stop()
    for (const ente of ['SHCH', 'SSA', 'SHCH', 'SSA']) {
      await okBatch(a, ente)
      await okBatch(b, ente)
    }
    await okBatch(a, 'IEPC')
    await okBatch(b, 'IEPC')
    // Nothing shared while Redis is away: each instance asked each ente once; IEPC's token was already in process.
    expect([provider('SHCH').counters.token, provider('SSA').counters.token, provider('IEPC').counters.token]).toEqual([2, 2, 1])
    expect(warnings(a, OUTAGE)).toHaveLength(1)
    expect(warnings(b, OUTAGE)).toHaveLength(1)

    // Back (empty): the next token one instance fetches is shared again.
    await own.restart()
    const c = await instance(client(own.url), prefix)
    const d = await instance(client(own.url), prefix)
    await okBatch(c, 'FGE')
    await okBatch(d, 'FGE')
    expect(provider('FGE').counters.token).toBe(1)
  })

  it('stalled (every client paused): batches still answer after the short timeout', async () => {
    const prefix = uniquePrefix()
    const a = await instance(client(own.url), prefix)
    // The pause ends by itself (CLIENT UNPAUSE would wait behind it as well).
    await admin.call('CLIENT', 'PAUSE', '1500', 'ALL')
    await okBatch(a, 'TUXTLA')
    await okBatch(a, 'TUXTLA')
    expect(provider('TUXTLA').counters.token).toBe(1)
    expect(warnings(a, OUTAGE)).toHaveLength(1)
  })
})
