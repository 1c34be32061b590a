import { describe, expect, it } from 'vitest'
import { memoryCache } from '../../src/cache/cache.js'

describe('memoryCache', () => {
  it('stores nothing for a TTL of zero or less', async () => {
    const cache = memoryCache()
    await cache.set('k', 1, 1_000)
    await cache.set('k', 2, 0)
    expect(await cache.get('k')).toBeUndefined()
  })

  it('locks with set-if-absent and releases only with the owner\'s token', async () => {
    const cache = memoryCache()
    expect(await cache.setIfAbsent('lock', 'a', 1_000)).toBe(true)
    expect(await cache.setIfAbsent('lock', 'b', 1_000)).toBe(false)
    expect(await cache.deleteIfEquals('lock', 'b')).toBe(false)
    expect(await cache.deleteIfEquals('lock', 'a')).toBe(true)
    expect(await cache.setIfAbsent('lock', 'b', 1_000)).toBe(true)
  })

  it('keeps counters out of the LRU, so eviction never rolls a generation back', async () => {
    const cache = memoryCache(2)
    await cache.increment('gen:s2')
    for (let i = 0; i < 10; i++) await cache.set(`k${i}`, i, 1_000)
    expect(await cache.counters(['gen:s2', 'gen:s1'])).toEqual([1, 0])
    await cache.clear()
    expect(await cache.counters(['gen:s2'])).toEqual([0])
  })
})
