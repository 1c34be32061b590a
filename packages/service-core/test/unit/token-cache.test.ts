import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { memoryCache } from '@see/cache'
import { parseKeyRing } from '@see/kit'
import { TokenCache, usableUntil, type SharedTokenTier } from '../../src/ente-client/token-cache.js'

function deferred<T> (): { promise: Promise<T>, resolve: (value: T) => void, reject: (err: Error) => void } {
  let resolve!: (value: T) => void
  let reject!: (err: Error) => void
  const promise = new Promise<T>((_resolve, _reject) => { resolve = _resolve; reject = _reject })
  return { promise, resolve, reject }
}

describe('usableUntil', () => {
  it('retires a token 10% of its lifetime early, at most 30 s', () => {
    expect(usableUntil(0, 100)).toBe(90_000)
    expect(usableUntil(0, 3600)).toBe(3_570_000)
  })

  it('assumes 60 s when the issuer gives no lifetime', () => {
    expect(usableUntil(1000, undefined)).toBe(1000 + 54_000)
  })
})

describe('TokenCache', () => {
  it('hands out the cached token until shortly before it expires', async () => {
    let now = 0
    const cache = new TokenCache({ now: () => now })
    let issued = 0
    const issue = async (): Promise<{ accessToken: string, expiresInS: number }> => ({ accessToken: `t${++issued}`, expiresInS: 100 })
    expect(await cache.get('A', issue)).toBe('t1')
    now = 89_999
    expect(await cache.get('A', issue)).toBe('t1')
    now = 90_000
    expect(await cache.get('A', issue)).toBe('t2')
    expect(issued).toBe(2)
  })

  it('keeps one token per key', async () => {
    const cache = new TokenCache({ now: () => 0 })
    expect(await cache.get('A', async () => ({ accessToken: 'a', expiresInS: 100 }))).toBe('a')
    expect(await cache.get('B', async () => ({ accessToken: 'b', expiresInS: 100 }))).toBe('b')
    expect(await cache.get('A', async () => ({ accessToken: 'other', expiresInS: 100 }))).toBe('a')
  })

  it('lets concurrent callers share one token request', async () => {
    const cache = new TokenCache({ now: () => 0 })
    const pending = deferred<{ accessToken: string, expiresInS: number }>()
    let calls = 0
    const issue = async (): Promise<{ accessToken: string, expiresInS: number }> => { calls++; return await pending.promise }
    const waiting = Promise.all([cache.get('A', issue), cache.get('A', issue), cache.get('A', issue)])
    pending.resolve({ accessToken: 'shared', expiresInS: 100 })
    expect(await waiting).toEqual(['shared', 'shared', 'shared'])
    expect(calls).toBe(1)
  })

  it('does not cache a failed request: every waiter sees the failure and the next call tries again', async () => {
    const cache = new TokenCache({ now: () => 0 })
    const pending = deferred<{ accessToken: string, expiresInS: number }>()
    const first = Promise.allSettled([cache.get('A', async () => await pending.promise), cache.get('A', async () => await pending.promise)])
    pending.reject(new Error('refused'))
    expect((await first).map(r => r.status)).toEqual(['rejected', 'rejected'])
    expect(await cache.get('A', async () => ({ accessToken: 'ok', expiresInS: 100 }))).toBe('ok')
  })

  it('invalidates only the token that was refused, not a newer one', async () => {
    const cache = new TokenCache({ now: () => 0 })
    let issued = 0
    const issue = async (): Promise<{ accessToken: string, expiresInS: number }> => ({ accessToken: `t${++issued}`, expiresInS: 100 })
    await cache.get('A', issue)
    await cache.invalidate('A', 't1')
    expect(await cache.get('A', issue)).toBe('t2')
    await cache.invalidate('A', 't1')
    expect(await cache.get('A', issue)).toBe('t2')
  })
})

/** A shared tier in memory (standing in for Redis) that two instances see, with the keys that seal tokens there. */
function sharedTier (): SharedTokenTier & { warnings: string[] } {
  const warnings: string[] = []
  return {
    store: memoryCache(),
    keys: parseKeyRing('SEE_CACHE_KEY', `t1:${randomBytes(32).toString('base64')}`),
    log: { warn: (_details, message) => { warnings.push(message) }, info: () => {} },
    warnings
  }
}

describe('TokenCache with a shared tier', () => {
  const issue = (tokens: string[]) => async (): Promise<{ accessToken: string, expiresInS: number }> => {
    const accessToken = tokens.shift()
    if (accessToken === undefined) throw new Error('no more tokens')
    return { accessToken, expiresInS: 100 }
  }

  it('takes a token another instance stored instead of asking the ente, and keeps it in process', async () => {
    const shared = sharedTier()
    let now = 0
    const other = new TokenCache({ now: () => now, shared })
    expect(await other.get('A', issue(['from-other-instance']))).toBe('from-other-instance')
    const cache = new TokenCache({ now: () => now, shared })
    expect(await cache.get('A', issue([]))).toBe('from-other-instance')
    await shared.store.clear() // kept in process: the shared tier is not asked again
    expect(await cache.get('A', issue([]))).toBe('from-other-instance')
    now = 90_000
    expect(await cache.get('A', issue(['fresh']))).toBe('fresh')
    expect(await other.get('A', issue([]))).toBe('fresh')
  })

  it('keeps tokens sealed in the shared tier, bound to their key', async () => {
    const shared = sharedTier()
    await new TokenCache({ now: () => 0, shared }).get('A', issue(['secret-token']))
    const framed = await shared.store.getFramed('token:A')
    const body = framed?.body.toString() ?? ''
    expect(body.startsWith('enc1:t1:')).toBe(true)
    expect(body).not.toContain('secret-token')
    expect(JSON.parse(shared.keys.open(body, 'token:A'))).toEqual({ accessToken: 'secret-token', usableUntil: 90_000 })
  })

  it('asks the ente once for concurrent callers', async () => {
    const cache = new TokenCache({ now: () => 0, shared: sharedTier() })
    let calls = 0
    const counted = async (): Promise<{ accessToken: string, expiresInS: number }> => { calls++; return { accessToken: 't', expiresInS: 100 } }
    expect(await Promise.all([cache.get('A', counted), cache.get('A', counted)])).toEqual(['t', 't'])
    expect(calls).toBe(1)
  })

  it('drops a refused token from the tier too, and never takes it back from there', async () => {
    const shared = sharedTier()
    const cache = new TokenCache({ now: () => 0, shared })
    const tokens = issue(['t1', 't2'])
    expect(await cache.get('A', tokens)).toBe('t1')
    const stored = await shared.store.getFramed('token:A')
    await cache.invalidate('A', 't1')
    expect(await shared.store.getFramed('token:A')).toBeUndefined()
    // The tier failed to forget it (e.g. Redis was away then): the cache still does not take it back.
    await shared.store.setFramed('token:A', stored!, 60_000)
    expect(await cache.get('A', tokens)).toBe('t2')
  })

  it('leaves a newer token another instance stored when dropping a refused one', async () => {
    const shared = sharedTier()
    const a = new TokenCache({ now: () => 0, shared })
    const b = new TokenCache({ now: () => 0, shared })
    expect(await a.get('A', issue(['t1']))).toBe('t1')
    expect(await b.get('A', issue([]))).toBe('t1')
    await a.invalidate('A', 't1')
    expect(await a.get('A', issue(['t2']))).toBe('t2')
    await b.invalidate('A', 't1') // b meets the 401 with its copy: the tier already holds t2
    expect(await b.get('A', issue([]))).toBe('t2')
  })

  it('drops a value that does not open with one warning, and fetches a token', async () => {
    const shared = sharedTier()
    const planted = parseKeyRing('SEE_CACHE_KEY', `t1:${randomBytes(32).toString('base64')}`).seal(JSON.stringify({ accessToken: 'planted', usableUntil: 60_000 }), 'token:A')
    await shared.store.setFramed('token:A', { head: { at: 0, h: {} }, body: planted }, 60_000)
    expect(await new TokenCache({ now: () => 0, shared }).get('A', issue(['fresh']))).toBe('fresh')
    expect(shared.warnings).toEqual(['shared ente token dropped from Redis: it does not decrypt with SEE_CACHE_KEY'])
  })
})
