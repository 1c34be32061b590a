import { describe, expect, it, vi } from 'vitest'
import { memoryCache } from '../../src/cache.js'
import { readThrough, type CacheState } from '../../src/read-through.js'
import { gate, manualClock } from '../../src/testing.js'

const policy = { freshMs: 1_000, staleMs: 5_000, staleIfErrorMs: 10_000 }

function httpError (statusCode: number): Error {
  return Object.assign(new Error(`HTTP ${statusCode}`), { statusCode })
}

function setup () {
  const clock = manualClock()
  const store = memoryCache()
  const cache = readThrough({ store, now: clock.now, pollMs: 1 })
  return { clock, store, cache }
}

function tally (states: CacheState[]): Partial<Record<CacheState, number>> {
  const out: Partial<Record<CacheState, number>> = {}
  for (const s of states) out[s] = (out[s] ?? 0) + 1
  return out
}

describe('readThrough', () => {
  it('computes on a miss, then answers from cache while fresh', async () => {
    const { cache } = setup()
    const compute = vi.fn(async () => ({ rows: [1, 2] }))
    expect(await cache.get('k', compute, policy)).toEqual({ value: { rows: [1, 2] }, state: 'miss' })
    expect(await cache.get('k', compute, policy)).toEqual({ value: { rows: [1, 2] }, state: 'hit' })
    expect(compute).toHaveBeenCalledTimes(1)
  })

  it('keeps what it read from a shared store near for nearMs: one store read per instance per interval', async () => {
    const clock = manualClock()
    const shared = memoryCache()
    let reads = 0
    const counted = { ...shared, get: async <T>(key: string) => { reads++; return await shared.get<T>(key) } }
    const a = readThrough({ store: counted, now: clock.now, nearMs: 1_000 })
    const b = readThrough({ store: counted, now: clock.now, nearMs: 1_000 })
    expect(await a.get('k', async () => 'v1', policy)).toEqual({ value: 'v1', state: 'miss' })
    expect(await a.get('k', async () => 'unused', policy)).toEqual({ value: 'v1', state: 'hit' })
    expect(reads).toBe(2) // the miss's own look and its look again under the lock; the value it computed is kept near
    expect(await b.get('k', async () => 'unused', policy)).toEqual({ value: 'v1', state: 'hit' })
    expect(await b.get('k', async () => 'unused', policy)).toEqual({ value: 'v1', state: 'hit' })
    expect(reads).toBe(3)
    // Ages still count from when the value was computed: a near copy turns stale like any other.
    clock.advance(2_000)
    expect(await b.get('k', async () => 'v2', policy)).toMatchObject({ value: 'v1', state: 'stale' })
    await b.idle()
    expect(await b.get('k', async () => 'unused', policy)).toEqual({ value: 'v2', state: 'hit' })
  })

  it('looks again under the lock: a value another instance stored meanwhile is taken, not computed twice', async () => {
    const shared = memoryCache()
    let firstLook = true
    // Between this caller's first look and its lock, another instance stores the value and frees the lock.
    const racing = {
      ...shared,
      get: async <T>(key: string) => {
        const seen = await shared.get<T>(key)
        if (firstLook && key === 'k') {
          firstLook = false
          await readThrough({ store: shared }).get('k', async () => 'theirs', policy)
        }
        return seen
      }
    }
    let computed = 0
    const answer = await readThrough({ store: racing }).get('k', async () => { computed++; return 'ours' }, policy)
    expect(answer).toEqual({ value: 'theirs', state: 'coalesced' })
    expect(computed).toBe(0)
  })

  it('stores framed values as a head and a body, and joins them back on a hit', async () => {
    const { cache, store, clock } = setup()
    const frame = {
      split: (value: { text: string, n: number }) => ({ head: { n: value.n }, body: value.text }),
      join: (head: object, body: string | Buffer) => ({ text: body.toString(), n: (head as { n: number }).n })
    }
    const framedPolicy = { ...policy, frame }
    expect(await cache.get('f', async () => ({ text: '{"a":1}', n: 3 }), framedPolicy)).toMatchObject({ state: 'miss' })
    expect(await store.getFramed('f')).toEqual({ head: { at: clock.now(), h: { n: 3 } }, body: '{"a":1}' })
    expect(await cache.get('f', async () => ({ text: 'unused', n: 0 }), framedPolicy)).toEqual({ value: { text: '{"a":1}', n: 3 }, state: 'hit' })
  })

  it('serves a stale value at once and refreshes it in the background, once for many readers', async () => {
    const { cache, clock } = setup()
    await cache.get('k', async () => 'v1', policy)
    clock.advance(2_000)
    const refresh = gate<string>()
    const compute = vi.fn(async () => await refresh.promise)
    const answers = await Promise.all(Array.from({ length: 10 }, async () => await cache.get('k', compute, policy)))
    expect(answers.every(a => a.value === 'v1' && a.state === 'stale')).toBe(true)
    await vi.waitFor(() => expect(compute).toHaveBeenCalledTimes(1))
    refresh.open('v2')
    await cache.idle()
    expect(await cache.get('k', compute, policy)).toEqual({ value: 'v2', state: 'hit' })
    expect(compute).toHaveBeenCalledTimes(1)
  })

  it('keeps the stale value when the background refresh fails', async () => {
    const { cache, clock } = setup()
    await cache.get('k', async () => 'v1', policy)
    clock.advance(2_000)
    expect(await cache.get('k', async () => { throw new Error('boom') }, policy)).toEqual({ value: 'v1', state: 'stale' })
    await cache.idle()
    expect(await cache.get('k', async () => 'unused', policy)).toEqual({ value: 'v1', state: 'stale' })
  })

  it('computes again once the value is older than staleMs', async () => {
    const { cache, clock } = setup()
    await cache.get('k', async () => 'v1', policy)
    clock.advance(6_000)
    expect(await cache.get('k', async () => 'v2', policy)).toEqual({ value: 'v2', state: 'miss' })
  })

  it('answers with the stale value when computing fails on the server side (stale-if-error)', async () => {
    const { cache, clock } = setup()
    await cache.get('k', async () => 'v1', policy)
    clock.advance(6_000)
    expect(await cache.get('k', async () => { throw new Error('socket hang up') }, policy)).toEqual({ value: 'v1', state: 'stale-if-error' })
    expect(await cache.get('k', async () => { throw httpError(504) }, policy)).toEqual({ value: 'v1', state: 'stale-if-error' })
  })

  it('lets client errors, values past staleIfErrorMs and missing values fail', async () => {
    const { cache, clock } = setup()
    await cache.get('k', async () => 'v1', policy)
    clock.advance(6_000)
    await expect(cache.get('k', async () => { throw httpError(422) }, policy)).rejects.toMatchObject({ statusCode: 422 })
    clock.advance(5_000)
    await expect(cache.get('k', async () => { throw httpError(502) }, policy)).rejects.toMatchObject({ statusCode: 502 })
    await expect(cache.get('other', async () => { throw httpError(502) }, policy)).rejects.toMatchObject({ statusCode: 502 })
  })

  it('runs one compute for 20 concurrent identical calls', async () => {
    const { cache } = setup()
    const upstream = gate<string>()
    const compute = vi.fn(async () => await upstream.promise)
    const calls = Array.from({ length: 20 }, async () => await cache.get('k', compute, policy))
    await vi.waitFor(() => expect(compute).toHaveBeenCalledTimes(1))
    upstream.open('page')
    const answers = await Promise.all(calls)
    expect(compute).toHaveBeenCalledTimes(1)
    expect(answers.every(a => a.value === 'page')).toBe(true)
    expect(tally(answers.map(a => a.state))).toEqual({ miss: 1, coalesced: 19 })
  })

  it('shares a failure among coalesced calls, and serves each its stale value', async () => {
    const { cache, clock } = setup()
    await cache.get('k', async () => 'v1', policy)
    clock.advance(6_000)
    const upstream = gate<string>()
    const compute = vi.fn(async () => await upstream.promise)
    const calls = Array.from({ length: 5 }, async () => await cache.get('k', compute, policy))
    await vi.waitFor(() => expect(compute).toHaveBeenCalledTimes(1))
    upstream.fail(httpError(503))
    const answers = await Promise.all(calls)
    expect(answers.every(a => a.value === 'v1' && a.state === 'stale-if-error')).toBe(true)
  })

  it('coalesces across instances sharing a store: the lock holder computes, the others wait for its value', async () => {
    const clock = manualClock()
    const store = memoryCache()
    const a = readThrough({ store, now: clock.now, pollMs: 1 })
    const b = readThrough({ store, now: clock.now, pollMs: 1 })
    const upstream = gate<string>()
    const compute = vi.fn(async () => await upstream.promise)
    const calls = Array.from({ length: 20 }, async (_, i) => await (i % 2 === 0 ? a : b).get('k', compute, policy))
    await vi.waitFor(() => expect(compute).toHaveBeenCalledTimes(1))
    upstream.open('page')
    const answers = await Promise.all(calls)
    expect(compute).toHaveBeenCalledTimes(1)
    expect(answers.every(a => a.value === 'page')).toBe(true)
    expect(tally(answers.map(a => a.state))).toEqual({ miss: 1, coalesced: 19 })
    expect(await store.get('lock:k')).toBeUndefined()
  })

  it('takes over when the lock holder fails, and computes itself when waiting runs out', async () => {
    const clock = manualClock()
    const store = memoryCache()
    const a = readThrough({ store, now: clock.now, pollMs: 1 })
    const b = readThrough({ store, now: clock.now, pollMs: 1 })
    const first = gate<string>()
    const holder = a.get('k', async () => await first.promise, policy)
    await vi.waitFor(async () => expect(await store.get('lock:k')).toBeDefined())
    const waiter = b.get('k', async () => 'from b', policy)
    first.fail(httpError(502))
    await expect(holder).rejects.toMatchObject({ statusCode: 502 })
    expect(await waiter).toEqual({ value: 'from b', state: 'miss' })

    const slow = gate<string>()
    const stuck = a.get('k2', async () => await slow.promise, policy)
    await vi.waitFor(async () => expect(await store.get('lock:k2')).toBeDefined())
    expect(await b.get('k2', async () => 'b computed', { ...policy, waitMs: 20 })).toEqual({ value: 'b computed', state: 'miss' })
    slow.open('a computed')
    expect(await stuck).toEqual({ value: 'a computed', state: 'miss' })
  })

  it('does not store values the policy marks as not cacheable', async () => {
    const { cache } = setup()
    const compute = vi.fn(async () => ({ complete: false }))
    const incomplete = { ...policy, cacheable: (v: { complete: boolean }) => v.complete }
    expect((await cache.get('k', compute, incomplete)).state).toBe('miss')
    expect((await cache.get('k', compute, incomplete)).state).toBe('miss')
    expect(compute).toHaveBeenCalledTimes(2)
  })

  it('computes when the store fails, instead of failing', async () => {
    const clock = manualClock()
    const broken = { ...memoryCache(), get: async () => { throw new Error('down') }, set: async () => { throw new Error('down') }, setIfAbsent: async () => { throw new Error('down') } }
    const cache = readThrough({ store: broken, now: clock.now })
    expect(await cache.get('k', async () => 'v', policy)).toEqual({ value: 'v', state: 'miss' })
  })
})
