import { describe, expect, it } from 'vitest'
import { memoryCache } from '../../src/cache.js'
import { resilientCache } from '../../src/resilient.js'
import { controllableStore, recordingLogger } from '../../src/testing.js'

function setup () {
  const primary = controllableStore()
  const fallback = memoryCache()
  const logger = recordingLogger()
  const cache = resilientCache(primary.store, fallback, { logger, timeoutMs: 20, retryAfterMs: 0 })
  return { primary, fallback, logger, cache }
}

describe('resilientCache', () => {
  it('uses the primary while it answers', async () => {
    const { primary, fallback, cache } = setup()
    await cache.set('k', 'v', 1_000)
    expect(await primary.inner.get('k')).toBe('v')
    expect(await fallback.get('k')).toBeUndefined()
    expect(cache.serving()).toBe('primary')
  })

  it('answers from the fallback when the primary fails, warning once per outage', async () => {
    const { primary, fallback, logger, cache } = setup()
    primary.setMode('failing')
    for (let i = 0; i < 30; i++) await cache.set(`k${i}`, i, 1_000)
    expect(await cache.get('k7')).toBe(7)
    expect(await fallback.get('k7')).toBe(7)
    expect(cache.serving()).toBe('fallback')
    expect(logger.warn).toHaveBeenCalledTimes(1)
  })

  it('gives up on a hanging primary after the timeout', async () => {
    const { primary, logger, cache } = setup()
    await cache.set('k', 'old', 1_000)
    primary.setMode('hanging')
    await expect(cache.setIfAbsent('lock', 't', 1_000)).resolves.toBe(true)
    expect(await cache.get('k')).toBeUndefined()
    expect(logger.warn).toHaveBeenCalledTimes(1)
  })

  it('does not call a primary that says it is disconnected', async () => {
    const { primary, cache } = setup()
    primary.setMode('disconnected')
    const before = primary.calls()
    await cache.set('k', 'v', 1_000)
    expect(await cache.get('k')).toBe('v')
    expect(primary.calls()).toBe(before)
  })

  it('goes back to the primary when it answers again, replaying generation bumps made meanwhile', async () => {
    const { primary, logger, cache } = setup()
    await cache.increment('gen:s2')
    primary.setMode('failing')
    await cache.increment('gen:s2')
    await cache.increment('gen:s2')
    primary.setMode('up')
    await cache.set('k', 'v', 1_000)
    expect(cache.serving()).toBe('primary')
    expect(await primary.inner.get('k')).toBe('v')
    expect(await primary.inner.counters(['gen:s2'])).toEqual([2])
    expect(logger.info).toHaveBeenCalledTimes(1)
  })

  it('starts each outage with an empty fallback, so entries from an earlier outage cannot outlive invalidations', async () => {
    const { primary, fallback, logger, cache } = setup()
    primary.setMode('failing')
    await cache.set('page', 'from the first outage', 60_000)
    primary.setMode('up')
    await cache.get('anything')
    primary.setMode('failing')
    expect(await cache.get('page')).toBeUndefined()
    expect(await fallback.get('page')).toBeUndefined()
    expect(logger.warn).toHaveBeenCalledTimes(2)
  })
})
