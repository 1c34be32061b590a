import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { directoryFromEntes } from '@see/registry'
import { profiles } from '@see/systems'
import { federationCache, memoryCache } from '../../src/cache/index.js'
import { defaultFederationSettings, type SystemFederation } from '../../src/federation/context.js'
import { READ_AHEAD_PAGES } from '../../src/federation/read-ahead.js'
import { federateSearch } from '../../src/federation/search.js'
import { SortedPrefixes } from '../../src/federation/sorted-prefixes.js'
import { pagesForWindow } from '../../src/federation/windows.js'
import type { SystemPort } from '../../src/upstream/service-client.js'
import { memoryService } from '../support/memory-service.js'
import { MergeAdmission } from '../../src/federation/admission.js'

// The crawl-shaped engine (held ente records, read-ahead, aligned ente pages, one count round per
// query in flight) never changes an answer: every page is the reference slice of the entes' lists
// laid end to end, whatever order and concurrency the pages are asked in.

const connection = { protocol: 'sesna-v1' as const, baseUrl: 'https://example.gob.mx', auth: { kind: 'none' as const } }

/** A service that answers after a timer, so concurrent rounds and read-aheads overlap as they do over HTTP. */
function slow (service: SystemPort, ms: number): SystemPort {
  return {
    batch: async (requests, call) => {
      await new Promise(resolve => setTimeout(resolve, ms))
      return await service.batch(requests, call)
    },
    batchLines: async (requests, call) => {
      await new Promise(resolve => setTimeout(resolve, ms))
      return await service.batchLines(requests, call)
    },
    dependencias: service.dependencias
  }
}

function fleet (sizes: number[], delayMs = 0) {
  const data: Record<string, Array<{ id: string, nombres: string }>> = {}
  sizes.forEach((size, e) => {
    data[`E${e}`] = Array.from({ length: size }, (_, i) => ({ id: String(i).padStart(4, '0'), nombres: `N${i}` }))
  })
  const s2 = memoryService(profiles.s2, data)
  const deps: SystemFederation = {
    system: profiles.s2,
    directory: directoryFromEntes(sizes.map((_, e) => ({ clave: `E${e}`, nombre: `Ente ${e}`, systems: { s2: connection } }))),
    service: delayMs > 0 ? slow(s2, delayMs) : s2,
    cache: federationCache({ store: memoryCache() }),
    prefixes: new SortedPrefixes(),
    admission: new MergeAdmission(defaultFederationSettings.sortedMergeBudget),
    settings: defaultFederationSettings
  }
  const all = Object.entries(data).flatMap(([ente, records]) => records.map(r => `${ente}:${r.id}`))
  /** Records the entes were asked for (pages of records, count probes aside). */
  const requested = (): number => s2.batches.flat().filter(r => r.countOnly !== true).reduce((sum, r) => sum + r.request.pageSize, 0)
  return { deps, s2, all, requested }
}

async function pageIds (deps: SystemFederation, page: number, pageSize: number): Promise<{ ids: string[], totalRows: number }> {
  const { body } = await federateSearch(deps, { page, pageSize }, `p${page}`)
  return { ids: body.results.map(r => String(r.id)), totalRows: body.pagination.totalRows }
}

const sizes = fc.array(fc.oneof(fc.nat(30), fc.integer({ min: 150, max: 650 })), { minLength: 1, maxLength: 5 })
/** A page size from 1 to 200, raised where it would take more than 120 pages (keeps each run short). */
const pageSizeFor = (requested: number, total: number): number => Math.max(requested, Math.min(200, Math.ceil(total / 120)))
const SLOW = 60_000

describe('crawl-shaped engine', () => {
  it('a crawl in order answers every record exactly once, in order (property)', async () => {
    await fc.assert(fc.asyncProperty(sizes, fc.integer({ min: 1, max: 200 }), async (entes, pageSize) => {
      const { deps, all } = fleet(entes)
      pageSize = pageSizeFor(pageSize, all.length)
      const ids: string[] = []
      for (let page = 1; page <= Math.ceil(all.length / pageSize) + 1; page++) {
        const answer = await pageIds(deps, page, pageSize)
        expect(answer.totalRows).toBe(all.length)
        ids.push(...answer.ids)
      }
      expect(ids).toEqual(all)
    }), { numRuns: 40 })
  }, SLOW)

  it('pages asked in any order, several at once, over a slow service, are the reference pages (property)', async () => {
    await fc.assert(fc.asyncProperty(sizes, fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 4 }), fc.nat(1000), async (entes, pageSize, concurrency, seed) => {
      const { deps, all } = fleet(entes, 2)
      pageSize = pageSizeFor(pageSize, all.length)
      const pages = Math.ceil(all.length / pageSize)
      // Walks in order, restarts and jumps: read-ahead and held records at work, and stale guesses left unused.
      const order = Array.from({ length: pages * 2 }, (_, i) => i < pages ? i + 1 : ((i * 7 + seed) % pages) + 1)
      for (let i = 0; i < order.length; i += concurrency) {
        const batch = order.slice(i, i + concurrency)
        const answers = await Promise.all(batch.map(async page => await pageIds(deps, page, pageSize)))
        answers.forEach((answer, k) => {
          const page = batch[k]!
          expect(answer.ids).toEqual(all.slice((page - 1) * pageSize, page * pageSize))
        })
      }
    }), { numRuns: 25 })
  }, SLOW)

  it('crawls of one query at different page sizes share held records and still answer exactly (property)', async () => {
    await fc.assert(fc.asyncProperty(sizes, fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 2, maxLength: 3 }), async (entes, pageSizes) => {
      const { deps, all } = fleet(entes)
      for (const requested of pageSizes) {
        const pageSize = pageSizeFor(requested, all.length)
        const ids: string[] = []
        for (let page = 1; page <= Math.ceil(all.length / pageSize); page++) ids.push(...(await pageIds(deps, page, pageSize)).ids)
        expect(ids).toEqual(all)
      }
    }), { numRuns: 20 })
  }, SLOW)

  it('reads each ente record about once in a crawl of misaligned windows (500-record entes, pages of 200)', async () => {
    const { deps, all, requested } = fleet([500, 500, 500, 500])
    for (let page = 1; page <= all.length / 200; page++) await pageIds(deps, page, 200)
    // Before: every window after the first ente was 100 records off, read as two pages of 200 (400 for 200).
    expect(requested()).toBeLessThanOrEqual(all.length + 200)
  })

  it('reads the next pages ahead while a crawl walks in order, and the next page then asks nothing', async () => {
    const { deps, s2 } = fleet([500, 500])
    await pageIds(deps, 1, 100)
    await pageIds(deps, 2, 100)
    // Page 2 after page 1: the records of pages 3 and 4 were asked for in the background.
    await new Promise(resolve => setTimeout(resolve, 10))
    const before = s2.batches.length
    // Page 2's own call first, then the read-ahead of pages 3 and 4 (READ_AHEAD_PAGES) in one batch.
    expect(READ_AHEAD_PAGES).toBe(2)
    expect(s2.batches.slice(-2).map(b => b.map(r => [r.ente, r.request.page, r.request.pageSize]))).toEqual([[['E0', 2, 100]], [['E0', 3, 100], ['E0', 4, 100]]])
    const third = await pageIds(deps, 3, 100)
    expect(third.ids[0]).toBe('E0:0200')
    // Page 3 was held and page 4 is under way: only page 5 is read ahead.
    await new Promise(resolve => setTimeout(resolve, 10))
    expect(s2.batches.slice(before).map(b => b.map(r => r.request.page))).toEqual([[5]])
    const fourth = await pageIds(deps, 4, 100)
    expect(fourth.ids[0]).toBe('E0:0300')
  })

  it('reads ahead for at most two crawls of one client at once, leaving room for another client\'s crawl', async () => {
    const { deps, s2 } = fleet([500, 500])
    const ahead: string[] = []
    const release: Array<() => void> = []
    // Read-aheads are held until the end, so each one counts as in flight while the next crawls walk.
    const service: SystemPort = {
      ...s2,
      batchLines: async (requests, call) => {
        if (call.requestId.endsWith('-ahead')) {
          ahead.push(call.requestId)
          await new Promise<void>(resolve => release.push(resolve))
        }
        return await s2.batchLines(requests, call)
      }
    }
    const held = { ...deps, service }
    const walk = async (client: string, query: string): Promise<void> => {
      for (const page of [1, 2]) await federateSearch(held, { page, pageSize: 100, query: { nombres: query } }, `${client}-${query}-${page}`, { client })
    }
    for (const query of ['uno', 'dos', 'tres']) await walk('A', query)
    await walk('B', 'cuatro')
    expect(ahead).toEqual(['A-uno-2-ahead', 'A-dos-2-ahead', 'B-cuatro-2-ahead'])
    for (const done of release) done()
  })

  it('holds records for the windows to come, not as a page cache: a page asked again asks its ente again', async () => {
    const { deps, s2 } = fleet([500])
    await pageIds(deps, 1, 100)
    await pageIds(deps, 2, 100)
    s2.failing.set('E0', 'ENTE_TIMEOUT')
    await expect(federateSearch(deps, { page: 2, pageSize: 100 }, 'again')).rejects.toMatchObject({ code: 'SEE_INCOMPLETE_PAGE', statusCode: 503 })
  })

  it('concurrent pages of a query whose counts are not cached share one count round', async () => {
    const { deps, s2 } = fleet([50, 50, 50], 20)
    await Promise.all([1, 2, 3].map(async () => await pageIds(deps, 1, 10)))
    const countRounds = s2.batches.filter(b => b.some(r => r.countOnly === true))
    expect(countRounds).toHaveLength(1)
  })
})

describe('pagesForWindow', () => {
  it('reads a misaligned window in pages that fit it', () => {
    expect(pagesForWindow(100, 200)).toEqual({ requests: [{ page: 2, pageSize: 100 }, { page: 3, pageSize: 100 }], skip: 0 })
    expect(pagesForWindow(400, 200)).toEqual({ requests: [{ page: 3, pageSize: 200 }], skip: 0 })
  })

  it('covers the window with consecutive pages of one size, costing at most what two pages of its length would (property)', () => {
    fc.assert(fc.property(fc.nat(100_000), fc.integer({ min: 1, max: 200 }), (offset, length) => {
      const plan = pagesForWindow(offset, length)
      const size = plan.requests[0]!.pageSize
      expect(plan.requests.length).toBeLessThanOrEqual(4)
      plan.requests.forEach((r, i) => {
        expect(r.pageSize).toBe(size)
        expect(r.page).toBe(plan.requests[0]!.page + i)
      })
      const from = (plan.requests[0]!.page - 1) * size
      expect(from + plan.skip).toBe(offset)
      expect(from + plan.requests.length * size).toBeGreaterThanOrEqual(offset + length)
      // Never worse than the old plan (two pages of the window's length), one call counted as 25 records.
      expect(plan.requests.length * (size + 25)).toBeLessThanOrEqual(2 * (length + 25))
    }))
  })
})
