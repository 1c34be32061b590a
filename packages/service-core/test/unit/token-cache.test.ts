import { describe, expect, it } from 'vitest'
import { TokenCache, usableUntil, type CachedToken, type SharedTokens } from '../../src/ente-client/token-cache.js'

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
    const cache = new TokenCache(() => now)
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
    const cache = new TokenCache(() => 0)
    expect(await cache.get('A', async () => ({ accessToken: 'a', expiresInS: 100 }))).toBe('a')
    expect(await cache.get('B', async () => ({ accessToken: 'b', expiresInS: 100 }))).toBe('b')
    expect(await cache.get('A', async () => ({ accessToken: 'other', expiresInS: 100 }))).toBe('a')
  })

  it('lets concurrent callers share one token request', async () => {
    const cache = new TokenCache(() => 0)
    const pending = deferred<{ accessToken: string, expiresInS: number }>()
    let calls = 0
    const issue = async (): Promise<{ accessToken: string, expiresInS: number }> => { calls++; return await pending.promise }
    const waiting = Promise.all([cache.get('A', issue), cache.get('A', issue), cache.get('A', issue)])
    pending.resolve({ accessToken: 'shared', expiresInS: 100 })
    expect(await waiting).toEqual(['shared', 'shared', 'shared'])
    expect(calls).toBe(1)
  })

  it('does not cache a failed request: every waiter sees the failure and the next call tries again', async () => {
    const cache = new TokenCache(() => 0)
    const pending = deferred<{ accessToken: string, expiresInS: number }>()
    const first = Promise.allSettled([cache.get('A', async () => await pending.promise), cache.get('A', async () => await pending.promise)])
    pending.reject(new Error('refused'))
    expect((await first).map(r => r.status)).toEqual(['rejected', 'rejected'])
    expect(await cache.get('A', async () => ({ accessToken: 'ok', expiresInS: 100 }))).toBe('ok')
  })

  it('invalidates only the token that was refused, not a newer one', async () => {
    const cache = new TokenCache(() => 0)
    let issued = 0
    const issue = async (): Promise<{ accessToken: string, expiresInS: number }> => ({ accessToken: `t${++issued}`, expiresInS: 100 })
    await cache.get('A', issue)
    await cache.invalidate('A', 't1')
    expect(await cache.get('A', issue)).toBe('t2')
    await cache.invalidate('A', 't1')
    expect(await cache.get('A', issue)).toBe('t2')
  })
})

/** A shared tier in memory that records what the cache asked of it. */
function fakeShared (): SharedTokens & { stored: Map<string, CachedToken>, calls: string[] } {
  const stored = new Map<string, CachedToken>()
  const calls: string[] = []
  return {
    stored,
    calls,
    async read (key, refused) {
      calls.push(`read ${key} ${refused ?? '-'}`)
      const token = stored.get(key)
      return token?.accessToken === refused ? undefined : token
    },
    async issue (key, fetch, refused) {
      calls.push(`issue ${key} ${refused ?? '-'}`)
      const token = await fetch()
      stored.set(key, token)
      return token
    },
    async drop (key, accessToken) {
      calls.push(`drop ${key} ${accessToken}`)
      if (stored.get(key)?.accessToken === accessToken) stored.delete(key)
    }
  }
}

describe('TokenCache with a shared tier', () => {
  const issue = (tokens: string[]) => async (): Promise<{ accessToken: string, expiresInS: number }> => {
    const accessToken = tokens.shift()
    if (accessToken === undefined) throw new Error('no more tokens')
    return { accessToken, expiresInS: 100 }
  }

  it('takes a token the tier holds instead of asking the ente, and keeps it in process', async () => {
    const shared = fakeShared()
    shared.stored.set('A', { accessToken: 'from-other-instance', usableUntil: 50_000 })
    let now = 0
    const cache = new TokenCache(() => now, shared)
    expect(await cache.get('A', issue([]))).toBe('from-other-instance')
    expect(await cache.get('A', issue([]))).toBe('from-other-instance')
    expect(shared.calls).toEqual(['read A -'])
    now = 50_000
    expect(await cache.get('A', issue(['fresh']))).toBe('fresh')
    expect(shared.stored.get('A')).toEqual({ accessToken: 'fresh', usableUntil: 140_000 })
  })

  it('asks the ente through the tier when it holds nothing, once for concurrent callers', async () => {
    const shared = fakeShared()
    const cache = new TokenCache(() => 0, shared)
    let calls = 0
    const counted = async (): Promise<{ accessToken: string, expiresInS: number }> => { calls++; return { accessToken: 't', expiresInS: 100 } }
    expect(await Promise.all([cache.get('A', counted), cache.get('A', counted)])).toEqual(['t', 't'])
    expect(calls).toBe(1)
    expect(shared.calls).toEqual(['read A -', 'issue A -'])
  })

  it('drops a refused token from the tier too, and never takes it back from there', async () => {
    const shared = fakeShared()
    const cache = new TokenCache(() => 0, shared)
    const tokens = issue(['t1', 't2'])
    expect(await cache.get('A', tokens)).toBe('t1')
    await cache.invalidate('A', 't1')
    expect(shared.stored.has('A')).toBe(false)
    // The tier failed to forget it (e.g. Redis was away then): the cache still does not take it back.
    shared.stored.set('A', { accessToken: 't1', usableUntil: 90_000 })
    expect(await cache.get('A', tokens)).toBe('t2')
    expect(shared.calls).toEqual(['read A -', 'issue A -', 'drop A t1', 'read A t1', 'issue A t1'])
  })
})
