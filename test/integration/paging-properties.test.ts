import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { defaultFleet, matchesQuery } from '@see/ente-simulator'
import type { SpicQuery, SpicRecord } from '@see/openapi/types'
import { compareRecords, profiles, type Sort } from '@see/systems'
import { officialS2, schemaErrors } from '../support/official-specs.js'
import { postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

const s2 = officialS2()

// Random datasets come from random filters over entes of very different sizes (one empty): each
// filter selects a different subset of every ente, so the per-ente counts vary from run to run.
const SIZES = [0, 9, 47, 23, 5]
const filters: Array<fc.Arbitrary<SpicQuery>> = [
  fc.constant({}),
  fc.constantFrom('a', 'e', 'jos', 'MAR', 'án', 'z').map(nombres => ({ nombres })),
  fc.constantFrom('ez', 'GO', 'ñ', 'ro').map(primerApellido => ({ primerApellido })),
  fc.subarray([1, 2, 3, 4, 5], { minLength: 1 }).map(tipoProcedimiento => ({ tipoProcedimiento }))
]
const sorts: Array<fc.Arbitrary<Sort | undefined>> = [
  fc.constant(undefined),
  fc.record({ primerApellido: fc.constantFrom('asc' as const, 'desc' as const) }),
  fc.record({ institucionDependencia: fc.constantFrom('asc' as const, 'desc' as const), nombres: fc.constantFrom('asc' as const, 'desc' as const) })
]

describe('paging invariants through the real gateway (property-based)', () => {
  let federation: TestFederation
  let auth: Record<string, string>

  beforeAll(async () => {
    const providers = defaultFleet(SIZES.length, { seed: 7 }).map((p, i) => ({ ...p, size: SIZES[i]! }))
    federation = await startTestFederation('paging-properties', { entes: providers, settings: { pageCache: false } })
    auth = await federation.bearer()
  })
  afterAll(async () => await federation.close())

  async function crawl (query: SpicQuery, pageSize: number, sort: Sort | undefined): Promise<{ ids: string[], records: SpicRecord[], totals: number[] }> {
    const records: SpicRecord[] = []
    const totals: number[] = []
    for (let page = 1; page <= 200; page++) {
      const answer = await postJson(`${federation.gatewayUrl}/v1/spic`, { page, pageSize, query, ...(sort && { sort }) }, auth)
      expect(answer.status).toBe(200)
      expect(schemaErrors(s2('resSpic'), answer.body)).toEqual([])
      expect(answer.body.results.length).toBeLessThanOrEqual(pageSize)
      totals.push(answer.body.pagination.totalRows)
      records.push(...answer.body.results)
      if (!answer.body.pagination.hasNextPage) break
      expect(answer.body.results).toHaveLength(pageSize)
    }
    return { ids: records.map(r => r.id), records, totals }
  }

  it('returns each matching record exactly once, with exact totals and a total, stable order', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(...filters), fc.integer({ min: 1, max: 40 }), fc.oneof(...sorts), async (query, pageSize, sort) => {
      const byClave = [...federation.simulator.providers].sort((a, b) => a.clave < b.clave ? -1 : 1)
      const expected = byClave.flatMap(p => p.records.filter(r => matchesQuery(r, query)).map(r => `${p.clave}:${r.id}`))

      const first = await crawl(query, pageSize, sort)
      expect(new Set(first.totals)).toEqual(new Set([expected.length]))
      expect(first.ids).toHaveLength(expected.length)
      expect(new Set(first.ids)).toEqual(new Set(expected))
      if (sort === undefined) {
        expect(first.ids).toEqual(expected)
      } else {
        for (let i = 1; i < first.records.length; i++) expect(compareRecords(profiles.s2, sort, first.records[i - 1]!, first.records[i]!)).toBeLessThanOrEqual(0)
        const second = await crawl(query, pageSize, sort)
        expect(second.ids).toEqual(first.ids)
      }
    }), { numRuns: 25 })
  })
})
