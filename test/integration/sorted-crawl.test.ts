import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultFleet, type SimulatedProvider } from '@see/ente-simulator'
import { federatedId } from '@see/sesna'
import { compareRecords, profiles, type AnyRecord, type Sort } from '@see/systems'
import { postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'
import { registryApi } from '../support/registry-api.js'

// The PDN's sorted crawl through the production entry point: 7,000 records in `nombres desc` over
// 6 simulated S2 entes, far past the old 2,000-record wall; then deep sorted pages flooding the
// merge budget while cheap requests keep answering; then /summary when entes fail.

const system = profiles.s2
const SIZES = [1400, 1300, 1200, 1100, 1000, 1000]
const PAGE_SIZE = 200

describe('sorted crawls of any depth through the gateway', () => {
  let federation: TestFederation
  let auth: Record<string, string>
  let entes: SimulatedProvider[]

  beforeAll(async () => {
    const providers = defaultFleet(SIZES.length, { systems: [system.id], seed: 5 }).map((p, i) => ({ ...p, size: SIZES[i]! }))
    federation = await startTestFederation('sorted-crawl', { entes: providers, systems: [system], settings: { pageCache: false, sortedMergeBudget: 4000 } })
    // On a loaded machine the seeding's connection tests (all entes at once, sorting thousands of
    // records each) can run out of time: such an ente is tested again alone, then put in production.
    const pending = federation.registry.seeded.filter(s => s.stage !== 'produccion')
    if (pending.length > 0) {
      const operator = await registryApi(federation, { operator: true })
      for (const { clave } of pending) {
        let passed = false
        for (let attempt = 0; attempt < 3 && !passed; attempt++) passed = (await operator.post(`/entes/${clave}/conexiones/s2/pruebas`)).body.passed === true
        expect(passed, `connection test of ${clave}`).toBe(true)
        expect((await operator.post(`/entes/${clave}/conexiones/s2/etapa`, { stage: 'aprobada' })).status).toBe(200)
        expect((await operator.post(`/entes/${clave}/conexiones/s2/etapa`, { stage: 'produccion' })).status).toBe(200)
      }
    }
    auth = await federation.bearer()
    entes = [...federation.simulator.providers].sort((a, b) => a.clave < b.clave ? -1 : a.clave > b.clave ? 1 : 0)
  }, 300_000)
  afterAll(async () => await federation?.close())

  /**
   * Load shedding (503 SEE_OVERLOADED when the event loop lags on a busy machine) answers the
   * machine's state, not the request: such a request is sent again, as a client would, a few times.
   */
  async function unlessShed (send: () => Promise<{ status: number, headers: Record<string, unknown>, body: any }>): Promise<{ status: number, headers: Record<string, unknown>, body: any }> {
    for (let attempt = 1; ; attempt++) {
      const answer = await send()
      if (answer.status !== 503 || attempt === 5 || answer.body?.code !== 'SEE_OVERLOADED') return answer
      await new Promise(resolve => setTimeout(resolve, 500))
    }
  }

  const search = async (body: object): Promise<{ status: number, headers: Record<string, unknown>, body: any }> =>
    await unlessShed(async () => await postJson(`${federation.gatewayUrl}${system.paths.search}`, body, auth))

  function expectedOrder (sort: Sort): string[] {
    const all = entes.flatMap((ente, rank) => ente.recordsOf(system.id).map((record: AnyRecord, index: number) => ({ id: federatedId(ente.clave, String(record.id)), rank, index, record })))
    return all.sort((a, b) => compareRecords(system, sort, a.record, b.record) || a.rank - b.rank || a.index - b.index).map(r => r.id)
  }

  it('completes a crawl of 7,000 records in nombres desc, every record once and in order', async () => {
    const sort: Sort = { nombres: 'desc' }
    const expected = expectedOrder(sort)
    expect(expected).toHaveLength(7000)
    const ids: string[] = []
    for (let page = 1; ; page++) {
      const answer = await search({ page, pageSize: PAGE_SIZE, sort })
      expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200)
      expect(answer.headers['x-see-incomplete']).toBeUndefined()
      expect(answer.body.pagination).toEqual({ page, pageSize: PAGE_SIZE, totalRows: 7000, hasNextPage: page * PAGE_SIZE < 7000 })
      ids.push(...answer.body.results.map((r: AnyRecord) => String(r.id)))
      if (!answer.body.pagination.hasNextPage) break
    }
    expect(new Set(ids).size).toBe(7000)
    expect(ids).toEqual(expected)
  }, 180_000)

  it('answers a deep sorted page with no frontier (streamed) as the full order has it; a retry resumes what a timed-out one streamed', async () => {
    const sort: Sort = { primerApellido: 'asc', nombres: 'desc' }
    let answer = await search({ page: 30, pageSize: PAGE_SIZE, sort })
    // On a loaded machine the first answer may run out of time (504, or 503 when counted entes did): it keeps its progress, so asking again goes on from there.
    for (let attempt = 0; attempt < 8 && (answer.status === 504 || answer.body?.code === 'SEE_INCOMPLETE_PAGE'); attempt++) answer = await search({ page: 30, pageSize: PAGE_SIZE, sort })
    expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200)
    expect(answer.body.results.map((r: AnyRecord) => String(r.id))).toEqual(expectedOrder(sort).slice(29 * PAGE_SIZE, 30 * PAGE_SIZE))
  }, 60_000)

  it('refuses deep sorted pages over the merge budget with 503 {code, message} and Retry-After, while cheap requests all answer', async () => {
    const fields = Object.keys(system.sorts)
    // Distinct deep pages (no frontier for any): each would stream thousands of records.
    const flood = fields.flatMap(field => (['asc', 'desc'] as const).map(direction => search({ page: 25 + fields.indexOf(field), pageSize: PAGE_SIZE, sort: { [field]: direction } })))
    const cheap = Array.from({ length: 10 }, async (_, i) => await search({ page: 1 + i, pageSize: 10 }))
    const [deep, light] = await Promise.all([Promise.all(flood), Promise.all(cheap)])
    for (const answer of light) expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200)
    // An admitted deep page answers, or on a loaded machine runs out of time keeping its progress (504); the others are refused at once.
    for (const answer of deep) expect([200, 503, 504], JSON.stringify(answer.body).slice(0, 300)).toContain(answer.status)
    const refused = deep.filter(a => a.body?.code === 'SEE_SORTED_BUSY')
    expect(refused.length).toBeGreaterThan(0)
    for (const answer of refused) {
      expect(answer.status).toBe(503)
      expect(answer.body).toEqual({ code: 'SEE_SORTED_BUSY', message: expect.any(String) })
      expect(answer.headers['retry-after']).toBeDefined()
    }
  }, 120_000)

  it('/summary names failing entes in x-see-incomplete, and answers {code, message} when every ente fails', async () => {
    const path = `${federation.gatewayUrl}${system.paths.search}/summary`
    await entes[0]!.setFault('error-500')
    try {
      const partial = await unlessShed(async () => await postJson(path, {}, auth))
      expect(partial.status).toBe(200)
      expect(partial.headers['x-see-incomplete']).toBe(`${entes[0]!.clave}=ENTE_HTTP_ERROR`)
      expect(partial.body.totalRows).toBe(7000 - entes[0]!.recordsOf(system.id).length)
      for (const ente of entes) await ente.setFault('error-500')
      const none = await unlessShed(async () => await postJson(path, {}, auth))
      expect(none.status).toBe(502)
      expect(none.body).toEqual({ code: 'SEE_UPSTREAM_UNAVAILABLE', message: expect.stringContaining(entes[1]!.clave) })
    } finally {
      for (const ente of entes) await ente.setFault('none')
    }
  }, 60_000)
})
