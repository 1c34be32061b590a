import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { directoryFromEntes } from '@see/registry'
import { federationCache, memoryCache } from '../../src/cache/index.js'
import { profiles } from '@see/systems'
import { defaultFederationSettings, type SystemFederation } from '../../src/federation/context.js'
import { federateSearch } from '../../src/federation/search.js'
import { MergeAdmission } from '../../src/federation/admission.js'
import { SortedPrefixes } from '../../src/federation/sorted-prefixes.js'
import { summarize } from '../../src/federation/summary.js'
import { memoryService } from '../support/memory-service.js'

const connection = { protocol: 'sesna-v1' as const, baseUrl: 'https://example.gob.mx', auth: { kind: 'none' as const } }

function fleet (sizes: number[], names = ['Ana', 'Óscar', 'Ñeco', 'Beto', 'Nora', 'Álvaro']) {
  const data: Record<string, Array<{ id: string, nombres: string }>> = {}
  sizes.forEach((size, e) => {
    data[`E${e}`] = Array.from({ length: size }, (_, i) => ({ id: String(i).padStart(4, '0'), nombres: names[(i * 7 + e) % names.length]! }))
  })
  const s2 = memoryService(profiles.s2, data)
  const deps: SystemFederation = {
    system: profiles.s2,
    directory: directoryFromEntes(sizes.map((_, e) => ({ clave: `E${e}`, nombre: `Ente ${e}`, systems: { s2: connection } }))),
    service: s2,
    cache: federationCache({ store: memoryCache() }),
    prefixes: new SortedPrefixes(),
    admission: new MergeAdmission(defaultFederationSettings.sortedMergeBudget),
    settings: defaultFederationSettings
  }
  return { deps, s2, data }
}

async function crawl (deps: SystemFederation, pageSize: number, sort?: Record<string, 'asc' | 'desc'>) {
  const ids: string[] = []
  let totalRows = -1
  for (let page = 1; ; page++) {
    const { body } = await federateSearch(deps, { page, pageSize, ...(sort ? { sort } : {}) }, 'test')
    totalRows = body.pagination.totalRows
    ids.push(...body.results.map(r => String(r.id)))
    if (!body.pagination.hasNextPage) break
  }
  return { ids, totalRows }
}

describe('federateSearch', () => {
  it('pages unsorted results across entes exactly once, with exact totals (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.nat(40), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 25 }), async (sizes, pageSize) => {
      const { deps, data } = fleet(sizes)
      const { ids, totalRows } = await crawl(deps, pageSize)
      const expected = Object.entries(data).flatMap(([ente, records]) => records.map(r => `${ente}:${r.id}`))
      expect(totalRows).toBe(expected.length)
      expect(ids).toEqual(expected)
    }), { numRuns: 40 })
  })

  it('pages sorted results in a total, repeatable Spanish order (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.nat(30), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 20 }), fc.constantFrom('asc', 'desc'), async (sizes, pageSize, direction) => {
      const { deps } = fleet(sizes)
      const first = await crawl(deps, pageSize, { nombres: direction })
      const second = await crawl(deps, pageSize, { nombres: direction })
      expect(new Set(first.ids).size).toBe(first.totalRows)
      expect(first.ids).toHaveLength(sizes.reduce((a, b) => a + b, 0))
      expect(second.ids).toEqual(first.ids)
    }), { numRuns: 30 })
  })

  it('answers page 1 in one round and later pages from cached counts in one round', async () => {
    const { deps, s2 } = fleet([30, 30, 30])
    await federateSearch(deps, { page: 1, pageSize: 10 }, 't')
    expect(s2.batches).toHaveLength(1)
    // The first two entes send their leading records with their count; the third only its count.
    expect(s2.batches[0]!.map(r => [r.ente, r.request.pageSize, r.countOnly ?? false])).toEqual([['E0', 10, false], ['E1', 10, false], ['E2', 1, true]])
    await federateSearch(deps, { page: 5, pageSize: 10 }, 't')
    expect(s2.batches).toHaveLength(2)
    expect(s2.batches[1]!.map(r => r.ente)).toEqual(['E1'])
  })

  it('leaves out an ente that fails before it is counted, and says so', async () => {
    const { deps, s2 } = fleet([5, 5, 5])
    s2.failing.set('E1', 'ENTE_TIMEOUT')
    const page = await federateSearch(deps, { page: 1, pageSize: 20 }, 't')
    expect(page.body.pagination.totalRows).toBe(10)
    expect(page.failed).toEqual([{ ente: 'E1', code: 'ENTE_TIMEOUT' }])
  })

  it('answers a retryable 503 when a counted ente fails inside the page', async () => {
    const { deps, s2 } = fleet([5, 5, 5])
    await federateSearch(deps, { page: 1, pageSize: 1 }, 't')
    s2.failing.set('E1', 'ENTE_HTTP_ERROR')
    await expect(federateSearch(deps, { page: 2, pageSize: 5 }, 't')).rejects.toMatchObject({ code: 'SEE_INCOMPLETE_PAGE', statusCode: 503 })
  })

  it('sorted: leaves out an ente not yet counted, and answers a retryable 503 when a counted one fails', async () => {
    const { deps, s2 } = fleet([5, 5, 5])
    s2.failing.set('E1', 'ENTE_HTTP_ERROR')
    const fresh = await federateSearch(deps, { page: 1, pageSize: 1, sort: { nombres: 'asc' } }, 't')
    expect(fresh.body.pagination.totalRows).toBe(10)
    expect(fresh.failed).toEqual([{ ente: 'E1', code: 'ENTE_HTTP_ERROR' }])
    s2.failing.delete('E1')
    await federateSearch(deps, { page: 1, pageSize: 1, sort: { nombres: 'desc' } }, 't')
    s2.failing.set('E1', 'ENTE_HTTP_ERROR')
    await expect(federateSearch(deps, { page: 2, pageSize: 5, sort: { nombres: 'desc' } }, 't')).rejects.toMatchObject({ code: 'SEE_INCOMPLETE_PAGE', statusCode: 503 })
  })

  it('answers 504 when every ente timed out and 502 when every ente failed otherwise', async () => {
    const { deps, s2 } = fleet([5, 5])
    s2.failing.set('E0', 'ENTE_TIMEOUT').set('E1', 'ENTE_TIMEOUT')
    await expect(federateSearch(deps, {}, 't')).rejects.toMatchObject({ statusCode: 504 })
    s2.failing.set('E1', 'ENTE_UNREACHABLE')
    await expect(federateSearch(deps, {}, 't')).rejects.toMatchObject({ statusCode: 502 })
  })

  it('asks the service to leave out the private fields this gateway has (its profile or PRIVATE_FIELDS) for a public answer, and nothing for a privileged one', async () => {
    const { deps, s2 } = fleet([30, 30])
    const calls: Array<readonly string[] | undefined> = []
    const service = { ...s2, batchLines: async (requests: Parameters<typeof s2.batchLines>[0], call: Parameters<typeof s2.batchLines>[1]) => { calls.push(call.privateFields); return await s2.batchLines(requests, call) } }
    const overridden = { ...deps, service, system: { ...profiles.s2, privateFields: ['puesto.nivel'] } }
    await federateSearch(overridden, { page: 1, pageSize: 10 }, 't', { publicOnly: true })
    await federateSearch(overridden, { page: 1, pageSize: 10, sort: { nombres: 'asc' } }, 't', { publicOnly: true })
    expect(calls.length).toBeGreaterThan(1)
    expect(calls.every(fields => JSON.stringify(fields) === '["puesto.nivel"]')).toBe(true)
    calls.length = 0
    await federateSearch(overridden, { page: 2, pageSize: 10 }, 't', { publicOnly: false })
    expect(calls.length).toBeGreaterThan(0)
    expect(calls.every(fields => fields === undefined)).toBe(true)
  })

  it('routes query.id to its ente with the ente\'s own id', async () => {
    const { deps, s2 } = fleet([5, 5, 5])
    const page = await federateSearch(deps, { query: { id: 'E2:0003' } }, 't')
    expect(page.body.results.map(r => r.id)).toEqual(['E2:0003'])
    expect(s2.batches.flat().map(r => [r.ente, (r.request.query as { id: string }).id])).toEqual([['E2', '0003']])
    const none = await federateSearch(deps, { query: { id: '0003' } }, 't')
    expect(none.body.pagination.totalRows).toBe(0)
  })

  it('answers a sorted page of any depth: past the old 2,000-record wall, and beyond the last record', async () => {
    const { deps, s2 } = fleet([1500, 1500])
    const page = await federateSearch(deps, { page: 14, pageSize: 200, sort: { nombres: 'asc' } }, 't')
    expect(page.body.pagination).toEqual({ page: 14, pageSize: 200, totalRows: 3000, hasNextPage: true })
    expect(page.body.results).toHaveLength(200)
    const past = await federateSearch(deps, { page: 100, pageSize: 200, sort: { nombres: 'asc' } }, 't')
    expect(past.body.results).toEqual([])
    // Far past the end with every ente counted: answered at once, no ente asked, nothing admitted.
    const before = s2.batches.length
    const far = await federateSearch({ ...deps, admission: new MergeAdmission(1) }, { page: 1_000_000, pageSize: 200, sort: { nombres: 'asc' } }, 't')
    expect(far.body).toMatchObject({ pagination: { totalRows: 3000, hasNextPage: false }, results: [] })
    expect(s2.batches.length).toBe(before)
  })

  it('sends an institucionDependencia filter only to entes known to hold a matching institution', async () => {
    const { deps, s2 } = fleet([5, 5, 5])
    const [e0, e1] = await deps.cache.enteKeys('s2', 'dependencias', ['E0', 'E1'])
    await deps.cache.store.set(e0!, [{ nombre: 'Secretaría de Salud' }], 60_000)
    await deps.cache.store.set(e1!, [{ nombre: 'Congreso del Estado' }], 60_000)
    await federateSearch(deps, { query: { institucionDependencia: 'SALUD' } }, 't')
    expect(s2.batches.flat().map(r => r.ente)).toEqual(['E0', 'E2'])
  })

  it('resumes a sorted crawl from its frontier: the next page asks each ente only for records past what it holds, in one round', async () => {
    const { deps, s2 } = fleet([450, 450, 450])
    const requested = () => s2.batches.flat().reduce((sum, r) => sum + r.request.pageSize, 0)
    await federateSearch(deps, { page: 1, pageSize: 100, sort: { nombres: 'asc' } }, 't')
    for (let page = 2; page <= 6; page++) {
      const before = { records: requested(), batches: s2.batches.length }
      await federateSearch(deps, { page, pageSize: 100, sort: { nombres: 'asc' } }, 't')
      // One batch; each ente tops up what the previous page left unmerged: about one page of records in all, never one per ente.
      expect(s2.batches.length - before.batches).toBeLessThanOrEqual(1)
      expect(requested() - before.records).toBeLessThan(3 * 100)
    }
    // The same page again (no page cache here) is served from what the instance holds: no ente asked.
    const batches = s2.batches.length
    await federateSearch(deps, { page: 6, pageSize: 100, sort: { nombres: 'asc' } }, 't')
    expect(s2.batches.length).toBe(batches)
  })

  it('streams a deep sorted page with no frontier in rounds of at most 200 records per ente, and leaves frontiers behind', async () => {
    const { deps, s2 } = fleet([900, 900])
    const sort = { nombres: 'desc' as const }
    const deep = await federateSearch(deps, { page: 8, pageSize: 200, sort }, 't')
    const full = await crawl({ ...fleet([900, 900]).deps }, 200, sort)
    expect(deep.body.results.map(r => r.id)).toEqual(full.ids.slice(1400, 1600))
    expect(s2.batches.flat().every(r => r.request.pageSize <= 200)).toBe(true)
    // The page is remembered as a frontier: asking it again, or the next one, is a single round.
    for (const page of [8, 9]) {
      const before = s2.batches.length
      const again = await federateSearch(deps, { page, pageSize: 200, sort }, 't')
      expect(again.body.results.map(r => r.id)).toEqual(full.ids.slice((page - 1) * 200, page * 200))
      expect(s2.batches.length - before).toBeLessThanOrEqual(1)
    }
  })

  it('refuses deep sorted work over the merge budget with a retryable 503, while cheap pages keep answering', async () => {
    const { deps } = fleet([3000, 3000])
    const admission = new MergeAdmission(5_000)
    const tight = { ...deps, admission }
    const hold = admission.enter(5_000, 'flood')
    try {
      await expect(federateSearch(tight, { page: 20, pageSize: 200, sort: { nombres: 'asc' } }, 't', { client: 'other' })).rejects.toMatchObject({ code: 'SEE_SORTED_BUSY', statusCode: 503 })
      expect((await federateSearch(tight, { page: 20, pageSize: 200 }, 't', { client: 'other' })).body.results).toHaveLength(200)
      expect((await federateSearch(tight, { page: 2, pageSize: 200, sort: { nombres: 'asc' } }, 't', { client: 'other' })).body.results).toHaveLength(200)
    } finally {
      hold()
    }
    expect((await federateSearch(tight, { page: 20, pageSize: 200, sort: { nombres: 'asc' } }, 't', { client: 'other' })).body.results).toHaveLength(200)
    expect(admission.inUse).toBe(0)
  })

  it('names an ente whose page held invalid records instead of answering silently short, without shifting later pages', async () => {
    const { deps, s2 } = fleet([10, 10])
    s2.invalid.add('0003')
    const page = await federateSearch(deps, { page: 1, pageSize: 5 }, 'test')
    // E0's record 0003 does not meet the standard: the page is one short, and says so.
    expect(page.body.results.map(r => r.id)).toEqual(['E0:0000', 'E0:0001', 'E0:0002', 'E0:0004'])
    expect(page.failed).toEqual([{ ente: 'E0', code: 'ENTE_INVALID_RECORDS' }])
    expect(page.body.pagination.totalRows).toBe(20)
    const next = await federateSearch(deps, { page: 2, pageSize: 5 }, 'test')
    expect(next.body.results.map(r => r.id)).toEqual(['E0:0005', 'E0:0006', 'E0:0007', 'E0:0008', 'E0:0009'])
    expect(next.failed).toEqual([])
  })

  it('names an ente whose sorted records were partly invalid, and never reuses its short prefix', async () => {
    const { deps, s2 } = fleet([6, 6])
    s2.invalid.add('0001')
    const first = await federateSearch(deps, { page: 1, pageSize: 6, sort: { nombres: 'asc' } }, 'test')
    expect(first.failed.map(f => f.code)).toEqual(['ENTE_INVALID_RECORDS', 'ENTE_INVALID_RECORDS'])
    expect(first.body.pagination.totalRows).toBe(12)
    expect(first.body.results).toHaveLength(6)
    const again = await federateSearch(deps, { page: 2, pageSize: 6, sort: { nombres: 'asc' } }, 'test')
    expect(again.failed.map(f => f.code)).toEqual(['ENTE_INVALID_RECORDS', 'ENTE_INVALID_RECORDS'])
  })

  it('does not turn an answer with invalid records into "every ente failed"', async () => {
    const { deps, s2 } = fleet([3])
    s2.invalid.add('0000')
    const page = await federateSearch(deps, { page: 1, pageSize: 3 }, 'test')
    expect(page.body.results).toHaveLength(2)
    expect(page.failed).toEqual([{ ente: 'E0', code: 'ENTE_INVALID_RECORDS' }])
  })

  it('summary: names failing entes, answers 504/502 {code, message} when every ente fails, never a total of 0', async () => {
    const { deps, s2 } = fleet([5, 7])
    s2.failing.set('E1', 'ENTE_HTTP_ERROR')
    const partial = await summarize(deps, {}, 't')
    expect(partial.body.totalRows).toBe(5)
    expect(partial.failed).toEqual([{ ente: 'E1', code: 'ENTE_HTTP_ERROR' }])
    s2.failing.set('E0', 'ENTE_TIMEOUT').set('E1', 'ENTE_TIMEOUT')
    await expect(summarize(deps, {}, 't')).rejects.toMatchObject({ code: 'SEE_DEADLINE_EXCEEDED', statusCode: 504 })
    s2.failing.set('E1', 'ENTE_UNREACHABLE')
    await expect(summarize(deps, {}, 't')).rejects.toMatchObject({ code: 'SEE_UPSTREAM_UNAVAILABLE', statusCode: 502 })
  })

  it('summary: counts an ente with invalid records by its own count, and names it once a search page has dropped them', async () => {
    const { deps, s2 } = fleet([4])
    s2.invalid.add('0001')
    // A count-only probe cannot see invalid records: before any page, nothing to name.
    const before = await summarize(deps, {}, 't')
    expect(before.body.totalRows).toBe(4)
    expect(before.failed).toEqual([])
    expect((await federateSearch(deps, { pageSize: 4 }, 't')).failed).toEqual([{ ente: 'E0', code: 'ENTE_INVALID_RECORDS' }])
    const after = await summarize(deps, {}, 't')
    expect(after.body.totalRows).toBe(4)
    expect(after.failed).toEqual([{ ente: 'E0', code: 'ENTE_INVALID_RECORDS' }])
  })
})
