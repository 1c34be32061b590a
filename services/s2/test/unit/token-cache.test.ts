import { describe, expect, it } from 'vitest'
import { TokenCache, usableUntil } from '../../src/ente-client/token-cache.js'

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
    cache.invalidate('A', 't1')
    expect(await cache.get('A', issue)).toBe('t2')
    cache.invalidate('A', 't1')
    expect(await cache.get('A', issue)).toBe('t2')
  })
})
