import { describe, expect, it } from 'vitest'
import { memoryCache } from '../../src/cache.js'

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
    expect(await cache.expireIfEquals('lock', 'b', 5_000)).toBe(false)
    expect(await cache.expireIfEquals('lock', 'a', 5_000)).toBe(true)
    expect(await cache.deleteIfEquals('lock', 'b')).toBe(false)
    expect(await cache.deleteIfEquals('lock', 'a')).toBe(true)
    expect(await cache.expireIfEquals('lock', 'a', 5_000)).toBe(false)
    expect(await cache.setIfAbsent('lock', 'b', 1_000)).toBe(true)
  })

  it('keeps counters out of the LRU, so eviction never rolls a generation back', async () => {
    const cache = memoryCache({ maxEntries: 2 })
    await cache.increment('gen:s2')
    for (let i = 0; i < 10; i++) await cache.set(`k${i}`, i, 1_000)
    expect(await cache.counters(['gen:s2', 'gen:s1'])).toEqual([1, 0])
    await cache.clear()
    expect(await cache.counters(['gen:s2'])).toEqual([0])
  })

  it('is bounded by bytes too: large framed pages push out the least recently used', async () => {
    const cache = memoryCache({ maxBytes: 10_000 })
    const page = (n: number) => ({ head: { n }, body: 'x'.repeat(4_000) })
    await cache.setFramed('p1', page(1), 1_000)
    await cache.setFramed('p2', page(2), 1_000)
    await cache.set('count', 7, 1_000)
    await cache.setFramed('p3', page(3), 1_000)
    expect(await cache.getFramed('p1')).toBeUndefined()
    expect(await cache.getFramed('p2')).toEqual(page(2))
    expect(await cache.getFramed('p3')).toEqual(page(3))
    expect(await cache.get('count')).toBe(7)
  })
})
