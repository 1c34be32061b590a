import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { directoryFromEntes } from '@see/registry'
import { profiles, type Sort } from '@see/systems'
import { federationCache, memoryCache } from '../../src/cache/index.js'
import { MergeAdmission } from '../../src/federation/admission.js'
import { defaultFederationSettings, type SystemFederation } from '../../src/federation/context.js'
import { pagesCovering, MAX_ENTE_PAGE } from '../../src/federation/ente-range.js'
import { federateSearch } from '../../src/federation/search.js'
import { estimateRunBytes, SortedPrefixes } from '../../src/federation/sorted-prefixes.js'
import { fullMerge } from '../support/full-merge.js'
import { memoryService } from '../support/memory-service.js'

// The sorted path against its definition: whatever the frontier, the held runs and the streaming
// do, every page equals the same slice of one full k-way merge of the entes' sorted records.

const system = profiles.s2
const connection = { protocol: 'sesna-v1' as const, baseUrl: 'https://example.gob.mx', auth: { kind: 'none' as const } }
const NAMES = ['Ana', 'Óscar', 'Ñeco', 'Beto', 'Nora', 'Álvaro', 'ana', 'Zoe', '']
const FIELDS = Object.keys(system.sorts)

type Rec = Record<string, unknown> & { id: string }

function fleet (sizes: number[], seed: number) {
  const data: Record<string, Rec[]> = {}
  sizes.forEach((size, e) => {
    data[`E${e}`] = Array.from({ length: size }, (_, i) => {
      const pick = (k: number): string => NAMES[(i * 7 + e * 3 + seed * k) % NAMES.length]!
      return { id: String(i).padStart(4, '0'), nombres: pick(1), primerApellido: pick(5), segundoApellido: pick(11), institucionDependencia: { nombre: pick(13) }, puesto: { nombre: pick(17) } }
    })
  })
  const service = memoryService(system, data)
  const cache = federationCache({ store: memoryCache() })
  const directory = directoryFromEntes(sizes.map((_, e) => ({ clave: `E${e}`, nombre: `Ente ${e}`, systems: { s2: connection } })))
  // Two gateway instances sharing one cache (frontiers), each with its own held runs.
  const instance = (): SystemFederation => ({ system, directory, service, cache, prefixes: new SortedPrefixes(), admission: new MergeAdmission(1_000_000), settings: defaultFederationSettings })
  return { data, service, instances: [instance(), instance()] }
}

const sortArb = fc.uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 2 }).chain(fields =>
  fc.tuple(...fields.map(() => fc.constantFrom('asc' as const, 'desc' as const))).map(dirs => Object.fromEntries(fields.map((f, i) => [f, dirs[i]!])) as Sort))

describe('sorted frontier', () => {
  it('gives the same pages as a full merge: a crawl, random jumps and a second instance, every record once in order (property)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.nat(450), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 1, max: 200 }),
      sortArb,
      fc.nat(20),
      fc.array(fc.nat(1000), { maxLength: 4 }),
      async (sizes, pageSize, sort, seed, jumps) => {
        const { data, service, instances } = fleet(sizes, seed)
        const expected = fullMerge(system, data, sort)
        // At most 40 pages a crawl, so each case stays short.
        pageSize = Math.max(pageSize, Math.ceil(expected.length / 40))
        const pages = Math.max(1, Math.ceil(expected.length / pageSize))
        const slice = (page: number): string[] => expected.slice((page - 1) * pageSize, page * pageSize)
        // A random page first (no frontier: streamed), then the crawl alternating instances, then jumps.
        const order = [1 + (jumps[0] ?? 0) % (pages + 1), ...Array.from({ length: pages }, (_, i) => i + 1), ...jumps.map(j => 1 + j % (pages + 1))]
        const crawled: string[] = []
        for (const [step, page] of order.entries()) {
          const deps = instances[step % 2]!
          const answer = await federateSearch(deps, { page, pageSize, sort }, 't')
          const ids = answer.body.results.map(r => String(r.id))
          expect(ids, `page ${page} of ${pageSize}`).toEqual(slice(page))
          expect(answer.body.pagination.totalRows).toBe(expected.length)
          if (step >= 1 && step <= pages) crawled.push(...ids)
        }
        expect(crawled).toEqual(expected)
        expect(new Set(crawled).size).toBe(expected.length)
        expect(service.batches.flat().every(r => r.request.pageSize >= 1 && r.request.pageSize <= MAX_ENTE_PAGE)).toBe(true)
      }), { numRuns: 40 })
  }, 120_000)

  it('covers any range of up to 200 positions with at most two ente pages (property)', () => {
    fc.assert(fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 200 }), (from, length) => {
      const range = pagesCovering(from, from + length)
      expect(range.pages.length).toBeLessThanOrEqual(2)
      expect(range.start).toBeLessThanOrEqual(from)
      expect(range.end).toBeGreaterThanOrEqual(from + length)
      for (const [i, page] of range.pages.entries()) {
        expect(page.pageSize).toBeLessThanOrEqual(MAX_ENTE_PAGE)
        expect((page.page - 1) * page.pageSize).toBe(range.start + i * page.pageSize)
      }
    }))
  })

  it('bounds the held runs by bytes, not by records', () => {
    const record = { line: Buffer.from(JSON.stringify({ id: 'E0:1', nombres: 'x'.repeat(1000) })), keys: ['x'.repeat(1000)] }
    const runs = new SortedPrefixes(64 * 1024)
    for (let i = 0; i < 20; i++) runs.set(`k${i}`, { records: Array.from({ length: 20 }, () => record), end: 20, total: 100 }, 60_000)
    expect(runs.bytes).toBeLessThanOrEqual(64 * 1024)
    // Each record: its line's bytes, and its key as UTF-16.
    expect(estimateRunBytes(Array.from({ length: 20 }, () => record))).toBeGreaterThan(20 * (1000 + 2 * 1000))
  })
})
