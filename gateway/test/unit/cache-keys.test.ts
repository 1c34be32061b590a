import { describe, expect, it, vi } from 'vitest'
import { memoryCache } from '@see/cache'
import { federationCache } from '../../src/cache/federation-cache.js'
import { enteGenerations, invalidateEnte, systemGeneration } from '../../src/cache/generations.js'
import { canonicalJson } from '@see/openapi'
import { enteKey, pageKey, queryDigest, visibilityOf, type PageKeyParts } from '../../src/cache/keys.js'
import { CacheTtlError, defaultCacheTtls, ttlsFor } from '../../src/cache/ttls.js'
import { manualClock } from '@see/cache/testing'

const base: PageKeyParts = { system: 's2', query: { nombres: 'Ana', tipoProcedimiento: [1, 2] }, page: 1, pageSize: 10, sort: {}, generation: 0 }

describe('cache keys', () => {
  it('are equal for equal requests whatever the key order of the query', () => {
    expect(pageKey({ ...base, query: { tipoProcedimiento: [1, 2], nombres: 'Ana' } })).toBe(pageKey(base))
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}')
  })

  it('differ by query, page, page size, sort (fields, directions and their order), system and generation', () => {
    const variants: PageKeyParts[] = [
      base,
      { ...base, query: { nombres: 'Ana' } },
      { ...base, query: { nombres: 'Ana', tipoProcedimiento: [2, 1] } },
      { ...base, page: 2 },
      { ...base, pageSize: 20 },
      { ...base, sort: { nombres: 'asc' } },
      { ...base, sort: { nombres: 'desc' } },
      { ...base, sort: { nombres: 'asc', primerApellido: 'asc' } },
      { ...base, sort: { primerApellido: 'asc', nombres: 'asc' } },
      { ...base, system: 's1' },
      { ...base, generation: 1 }
    ]
    expect(new Set(variants.map(pageKey)).size).toBe(variants.length)
  })

  it('differ by visibility, without the RFC in clear', () => {
    const rfc = 'GOMA800101AB1'
    const asPublic = pageKey(base)
    const asCaller = pageKey({ ...base, query: { ...base.query, rfcSolicitante: rfc } })
    const asOther = pageKey({ ...base, query: { ...base.query, rfcSolicitante: 'PERJ750505XY2' } })
    expect(new Set([asPublic, asCaller, asOther]).size).toBe(3)
    expect(asPublic).toContain(':public:')
    expect(asCaller).toContain(`:${visibilityOf({ rfcSolicitante: rfc })}:`)
    expect(asCaller).not.toContain(rfc)
    expect(visibilityOf({})).toBe('public')
    expect(visibilityOf({ rfcSolicitante: '' })).toBe('public')
    expect(visibilityOf({ rfcSolicitante: rfc })).toMatch(/^rfc-[\w-]{16}$/)
    expect(pageKey(base).length).toBeLessThan(80)
  })

  it('of per-ente entries carry the ente, its generation and the query', () => {
    expect(enteKey({ system: 's2', ente: 'SECH', kind: 'dependencias', generation: 3 })).toBe('s2:dependencias:SECH:g3')
    const count = enteKey({ system: 's2', ente: 'a:b', kind: 'count', queryDigest: queryDigest({ nombres: 'Ana' }), generation: 0 })
    expect(count).toMatch(/^s2:count:a%3Ab:g0:public:/)
    expect(count).not.toBe(enteKey({ system: 's2', ente: 'a:b', kind: 'count', queryDigest: queryDigest({ nombres: 'Beto' }), generation: 0 }))
  })
})

describe('invalidation by generation', () => {
  it('bumps the ente and its system, and leaves other entes alone', async () => {
    const store = memoryCache()
    await invalidateEnte(store, 's2', 'SECH')
    await invalidateEnte(store, 's2', 'SECH')
    await invalidateEnte(store, 's2', 'ISSTECH')
    expect(await enteGenerations(store, 's2', ['SECH', 'ISSTECH', 'OTRO'])).toEqual([2, 1, 0])
    expect(await systemGeneration(store, 's2')).toBe(3)
    expect(await systemGeneration(store, 's1')).toBe(0)
  })

  it('retires cached pages and the ente\'s keys through the federation cache', async () => {
    const store = memoryCache()
    const cache = federationCache({ store })
    const request = { system: 's2', query: { nombres: 'Ana' }, page: 1, pageSize: 10, sort: undefined }
    const compute = vi.fn(async () => ({ results: [] }))
    const first = await cache.page(request, compute)
    expect((await cache.page(request, compute)).state).toBe('hit')
    const [sechBefore, otherBefore] = await cache.enteKeys('s2', 'count', ['SECH', 'OTRO'], request.query)

    await cache.invalidateEnte('s2', 'SECH')
    const again = await cache.page(request, compute)
    expect(again.state).toBe('miss')
    expect(again.key).not.toBe(first.key)
    expect(compute).toHaveBeenCalledTimes(2)
    const [sechAfter, otherAfter] = await cache.enteKeys('s2', 'count', ['SECH', 'OTRO'], request.query)
    expect(sechAfter).not.toBe(sechBefore)
    expect(otherAfter).toBe(otherBefore)
  })
})

describe('TTLs per system', () => {
  it('apply a system\'s overrides over the defaults', () => {
    const options = { s2: { pageFreshMs: 5_000, pageStaleMs: 60_000 } }
    expect(ttlsFor(options, 's2')).toEqual({ ...defaultCacheTtls, pageFreshMs: 5_000, pageStaleMs: 60_000 })
    expect(ttlsFor(options, 's1')).toEqual(defaultCacheTtls)
  })

  it('reject unordered or negative values when the cache is built', () => {
    expect(() => federationCache({ store: memoryCache(), ttls: { s2: { pageFreshMs: 10_000, pageStaleMs: 5_000 } } })).toThrow(CacheTtlError)
    expect(() => ttlsFor({ s2: { countTtlMs: -1 } }, 's2')).toThrow(/countTtlMs/)
  })

  it('decide freshness of each system\'s pages', async () => {
    const clock = manualClock()
    const cache = federationCache({ store: memoryCache(), now: clock.now, ttls: { s2: { pageFreshMs: 1_000, pageStaleMs: 10_000 } } })
    const s2 = { system: 's2', query: {}, page: 1, pageSize: 10, sort: undefined }
    const s1 = { ...s2, system: 's1' }
    await cache.page(s2, async () => 'two')
    await cache.page(s1, async () => 'one')
    clock.advance(2_000)
    expect((await cache.page(s2, async () => 'two again')).state).toBe('stale')
    expect((await cache.page(s1, async () => 'one again')).state).toBe('hit')
    await cache.idle()
  })
})
