import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { directusMappingFor, SYSTEMS, matchesQuery } from '@see/systems'
import { postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// A mixed federation: some entes speak sesna-v1, others SESNA's Directus (v2) tools; the PDN sees
// one standard provider per system whatever each ente runs.

let federation: TestFederation

beforeAll(async () => {
  federation = await startTestFederation('mixed-federation', { entes: 4, size: 25, latencyMs: 0, directusEntes: 2, settings: { pageCache: false } })
})
afterAll(async () => await federation?.close())

/** The entes that serve a system: every one in sesna-v1; in directus-v2 only where SESNA's tools cover it (no S1). */
const serving = (system: string): typeof federation.simulator.providers => federation.simulator.providers.filter(p => p.systems.includes(system as never))

// The systems both generations serve (a v2 mapping exists); S1 has no Directus capture tool.
describe.each(SYSTEMS.filter(system => directusMappingFor(system) !== undefined).map(system => ({ system, name: system.pdnId })))('a mixed sesna-v1 / directus-v2 federation answering $name', ({ system }) => {
  it('onboards every ente of both generations into production through a passing connection test', () => {
    const mine = federation.registry.seeded.filter(outcome => outcome.system === system.id)
    expect(mine.map(o => [o.clave, o.stage, o.failedChecks ?? []])).toEqual(serving(system.id).map(p => [p.clave, 'produccion', []]).sort())
    expect(federation.simulator.providers.map(p => p.protocol)).toEqual(['sesna-v1', 'sesna-v1', 'directus-v2', 'directus-v2'])
  })

  it('pages every record of every ente exactly once, with the sum as totalRows', async () => {
    const auth = await federation.bearer()
    const expected = serving(system.id).flatMap(p => p.recordsOf(system.id).map(r => `${p.clave}:${String(r.id)}`))
    const seen: string[] = []
    let totalRows = -1
    for (let page = 1; page < 50; page++) {
      const answer = await postJson(`${federation.gatewayUrl}${system.paths.search}`, { page, pageSize: 7 }, auth)
      expect(answer.status, JSON.stringify(answer.body)).toBe(200)
      expect(answer.headers['x-see-incomplete']).toBeUndefined()
      const body = answer.body as { pagination: { totalRows: number, hasNextPage: boolean }, results: Array<{ id: string }> }
      totalRows = body.pagination.totalRows
      seen.push(...body.results.map(r => r.id))
      if (!body.pagination.hasNextPage) break
    }
    expect(totalRows).toBe(expected.length)
    expect([...seen].sort()).toEqual([...expected].sort())
  })

  it('applies a text filter with the reference semantics on both generations', async () => {
    const auth = await federation.bearer()
    const field = Object.entries(system.filters).find(([, spec]) => spec.kind === 'text' && spec.path.startsWith('institucionDependencia'))?.[0]
    expect(field).toBeDefined()
    const directusEnte = federation.simulator.providers[3]!
    const value = (directusEnte.recordsOf(system.id)[0] as { institucionDependencia: { nombre: string } }).institucionDependencia.nombre
    const query = { [field!]: value.slice(2, 8).toUpperCase() }
    const expected = serving(system.id).flatMap(p => p.recordsOf(system.id).filter(r => matchesQuery(system, r, query)).map(r => `${p.clave}:${String(r.id)}`))
    const answer = await postJson(`${federation.gatewayUrl}${system.paths.search}`, { pageSize: 200, query }, auth)
    expect(answer.status).toBe(200)
    const body = answer.body as { pagination: { totalRows: number }, results: Array<{ id: string }> }
    expect(body.pagination.totalRows).toBe(expected.length)
    expect(body.results.map(r => r.id).sort()).toEqual(expected.sort())
  })
})

describe('readiness of the gateway', () => {
  it('reports the database and every system service, and names the one that stops answering', async () => {
    const ready = await federation.gateway.inject({ method: 'GET', url: '/health/ready' })
    expect(ready.statusCode).toBe(200)
    const checks = Object.keys(ready.json<{ checks: Record<string, string> }>().checks)
    expect(checks).toEqual(expect.arrayContaining(['base de datos', ...SYSTEMS.map(s => `servicio ${s.id}`)]))
    const last = SYSTEMS.at(-1)!
    await federation.service(last.id).close()
    const down = await federation.gateway.inject({ method: 'GET', url: '/health/ready' })
    expect(down.statusCode).toBe(503)
    expect(down.json()).toMatchObject({ code: 'SEE_NOT_READY', status: 'down', checks: { [`servicio ${last.id}`]: 'down', 'base de datos': 'ok' } })
    expect(down.json<{ message: string }>().message).toContain(`servicio ${last.id}`)
  })
})
