import { describe, expect, it } from 'vitest'
import { memoryCache } from '../../src/cache.js'
import { isLocked, lockKeyOf, tryLock, underLease } from '../../src/lock.js'
import { readThrough, type EntryFrame } from '../../src/read-through.js'
import { controllableStore, manualClock } from '../../src/testing.js'

describe('the lock protocol', () => {
  it('grants one lease at a time, and a release frees only the lease it holds', async () => {
    const store = memoryCache()
    const first = await tryLock(store, 'k', 5_000)
    expect(first).toBeDefined()
    expect(await tryLock(store, 'k', 5_000)).toBeUndefined()
    expect(await isLocked(store, 'k')).toBe(true)
    // The first lease expired and another caller took the lock: the late release leaves it alone.
    await store.delete(lockKeyOf('k'))
    const second = await tryLock(store, 'k', 5_000)
    await first!.release()
    expect(await isLocked(store, 'k')).toBe(true)
    await underLease(second!, async () => {})
    expect(await isLocked(store, 'k')).toBe(false)
  })

  it('grants the lease when the store cannot answer (each instance computes on its own)', async () => {
    const { store, setMode } = controllableStore()
    setMode('failing')
    const lease = await tryLock(store, 'k', 5_000)
    expect(lease).toBeDefined()
    await lease!.release()
    expect(await isLocked(store, 'k')).toBe(false)
  })
})

interface Token { accessToken: string, usableUntil: number }

describe('defined entries with their own expiry (as ente tokens use them)', () => {
  const policy = { freshMs: Infinity, staleMs: Infinity, expiresAt: (t: Token) => t.usableUntil }

  it('answers until the value expires, is stored no longer, and computes once for concurrent callers', async () => {
    const clock = manualClock(0)
    const store = memoryCache()
    const tokens = readThrough({ store, now: clock.now }).define<Token>('token', policy)
    let fetched = 0
    const fetch = async (): Promise<Token> => ({ accessToken: `t${++fetched}`, usableUntil: clock.now() + 1_000 })
    const [a, b] = await Promise.all([tokens.get('E', fetch), tokens.get('E', fetch)])
    expect([a.value.accessToken, b.value.accessToken, fetched]).toEqual(['t1', 't1', 1])
    expect(await tokens.peek('E')).toEqual({ accessToken: 't1', usableUntil: 1_000 })
    clock.advance(1_000)
    expect(await tokens.peek('E')).toBeUndefined()
    expect((await tokens.get('E', fetch)).value.accessToken).toBe('t2')
  })

  it('passes over a value the call does not accept, and forgets only a matching one', async () => {
    const clock = manualClock(0)
    const tokens = readThrough({ store: memoryCache(), now: clock.now }).define<Token>('token', policy)
    let fetched = 0
    const fetch = async (): Promise<Token> => ({ accessToken: `t${++fetched}`, usableUntil: 10_000 })
    await tokens.get('E', fetch)
    expect(await tokens.peek('E', { accepts: t => t.accessToken !== 't1' })).toBeUndefined()
    expect((await tokens.get('E', fetch, { accepts: t => t.accessToken !== 't1' })).value.accessToken).toBe('t2')
    await tokens.forget('E', t => t.accessToken === 't1')
    expect((await tokens.peek('E'))?.accessToken).toBe('t2')
    await tokens.forget('E', t => t.accessToken === 't2')
    expect(await tokens.peek('E')).toBeUndefined()
  })

  it('removes an entry its frame cannot decode, so it is met once, and stores the next value', async () => {
    const store = memoryCache()
    let undecodable = 0
    const frame: EntryFrame<Token> = {
      split: t => ({ head: {}, body: JSON.stringify(t) }),
      join: (_head, body) => {
        const text = body.toString()
        if (!text.startsWith('{')) { undecodable++; throw new Error('does not open') }
        return JSON.parse(text) as Token
      }
    }
    await store.setFramed('token:E', { head: { at: 0, h: {} }, body: 'sealed with another key' }, 60_000)
    const tokens = readThrough({ store, now: () => 0 }).define<Token>('token', { ...policy, frame })
    expect(await tokens.peek('E')).toBeUndefined()
    expect(await tokens.peek('E')).toBeUndefined()
    expect(undecodable).toBe(1)
    expect((await tokens.get('E', async () => ({ accessToken: 'new', usableUntil: 5_000 }))).value.accessToken).toBe('new')
    expect((await tokens.peek('E'))?.accessToken).toBe('new')
  })
})
