import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultFleet } from '@see/ente-simulator'
import { officialS2, schemaErrors } from '../support/official-specs.js'
import { postJson, getJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'
import { FAULT_CODES } from '../support/faults.js'
import { bearerWithScopes } from '../support/clients.js'
import { privilegedScope, profiles } from '@see/systems'

const s2 = officialS2()

describe('S2 federation through the real gateway, service and simulated entes', () => {
  let federation: TestFederation
  let url: string
  const sizes = [23, 0, 41, 17]

  beforeAll(async () => {
    const providers = defaultFleet(4, { size: 1 }).map((p, i) => ({ ...p, size: sizes[i]! }))
    providers[0]!.extraRecords = [
      { nombres: 'José', primerApellido: 'Núñez', segundoApellido: 'Peña' },
      { nombres: 'Josefina', primerApellido: 'Nunez', segundoApellido: 'Ruiz' }
    ]
    federation = await startTestFederation('spic-federation', { entes: providers })
    url = federation.gatewayUrl
  })
  afterAll(async () => await federation.close())

  const search = async (body: unknown) => await postJson(`${url}/v1/spic`, body, await federation.bearer())

  it('pages through every ente: each record exactly once, totalRows the sum, valid against the official schema', async () => {
    // The fixed federation order is by clave, then each ente's own order.
    const byClave = [...federation.simulator.providers].sort((a, b) => a.clave < b.clave ? -1 : 1)
    const expected = byClave.flatMap(p => p.records.map(r => `${p.clave}:${r.id}`))
    const seen: string[] = []
    for (let page = 1; page < 100; page++) {
      const answer = await search({ page, pageSize: 7 })
      expect(answer.status).toBe(200)
      expect(schemaErrors(s2('resSpic'), answer.body)).toEqual([])
      expect(answer.body.pagination.totalRows).toBe(expected.length)
      seen.push(...answer.body.results.map((r: { id: string }) => r.id))
      if (!answer.body.pagination.hasNextPage) break
    }
    expect(seen).toEqual(expected)
  })

  it('sorts across entes in Spanish order and keeps the order total across pages', async () => {
    const all: Array<{ id: string, primerApellido: string }> = []
    for (let page = 1; page <= 9; page++) {
      const answer = await search({ page, pageSize: 10, sort: { primerApellido: 'asc' } })
      expect(schemaErrors(s2('resSpic'), answer.body)).toEqual([])
      all.push(...answer.body.results)
    }
    const collator = new Intl.Collator('es')
    for (let i = 1; i < all.length; i++) expect(collator.compare(all[i - 1]!.primerApellido, all[i]!.primerApellido)).toBeLessThanOrEqual(0)
    expect(new Set(all.map(r => r.id)).size).toBe(all.length)
  })

  it('filters with the reference semantics: "JOSE" finds José, "nuñez" does not find Nunez', async () => {
    const jose = await search({ pageSize: 200, query: { nombres: 'JOSE' } })
    expect(jose.body.results.map((r: { nombres: string }) => r.nombres)).toContain('José')
    const nunez = await search({ pageSize: 200, query: { primerApellido: 'nuñez' } })
    const apellidos = nunez.body.results.map((r: { primerApellido: string }) => r.primerApellido)
    expect(apellidos).toContain('Núñez')
    expect(apellidos).not.toContain('Nunez')
  })

  it('finds one record by its federated id', async () => {
    const first = (await search({ pageSize: 1 })).body.results[0]
    const byId = await search({ query: { id: first.id } })
    expect(byId.body.results).toEqual([first])
  })

  it('rejects bad bodies with 400/422 {code, message}', async () => {
    for (const body of [{ pageSize: 0 }, { pageSize: 201 }, { page: 0 }, { page: '1' }, { query: { nombres: 5 } }, { unknown: true }, { query: { tipoProcedimiento: [9] } }]) {
      const answer = await search(body)
      expect(answer.status, JSON.stringify(body)).toBe(422)
      expect(Object.keys(answer.body).sort()).toEqual(['code', 'message'])
      expect(schemaErrors(s2('resError'), answer.body)).toEqual([])
    }
    const malformed = await postJson(`${url}/v1/spic`, '{"page":', await federation.bearer())
    expect(malformed.status).toBe(400)
    expect(malformed.body.code).toBe('SEE_MALFORMED_BODY')
  })

  it('names every problem of a bad body in one 422', async () => {
    const answer = await search({ page: 0, pageSize: 500, sort: { nombres: 'arriba' }, extra: 1 })
    expect(answer.status).toBe(422)
    expect(schemaErrors(s2('resError'), answer.body)).toEqual([])
    expect(answer.body.code).toBe('SEE_VALIDATION')
    for (const problem of ['body/page debe ser >= 1', 'body/pageSize debe ser <= 200', 'body/sort/nombres debe ser uno de: "asc", "desc"', '("extra")']) {
      expect(answer.body.message).toContain(problem)
    }
  })

  it('answers a method the path does not take with 405 {code, message} and Allow', async () => {
    const answer = await getJson(`${url}/v1/spic`, await federation.bearer())
    expect(answer.status).toBe(405)
    expect(answer.headers.allow).toBe('POST')
    expect(answer.body.code).toBe('SEE_METHOD_NOT_ALLOWED')
    expect(schemaErrors(s2('resError'), answer.body)).toEqual([])
  })

  it('merges dependencias of every ente without repeats', async () => {
    const answer = await getJson(`${url}/v1/spic/dependencias`, await federation.bearer())
    expect(answer.status).toBe(200)
    expect(schemaErrors(s2('dependencias'), answer.body)).toEqual([])
    const expected = new Set(federation.simulator.providers.flatMap(p => p.dependencias.map(d => d.clave)))
    expect(new Set(answer.body.map((d: { clave: string }) => d.clave))).toEqual(expected)
    expect(answer.body).toHaveLength(expected.size)
  })
})

describe('S2 federation with a failing ente', () => {
  let federation: TestFederation
  // One ente per fault, so that no ente's circuit breaker opens across cases.
  const expectations = FAULT_CODES

  beforeAll(async () => {
    // A 1 MiB cap on ente answers (a 200-record S2 page is about 250 KB): the huge-body ente is cut
    // after one megabyte instead of ten, so a busy machine cannot turn that case into a timeout.
    federation = await startTestFederation('spic-federation', { entes: Object.keys(expectations).length + 1, size: 20, settings: { deadlineMs: 1500 }, maxResponseBytes: 1024 * 1024 })
  })
  afterAll(async () => await federation.close())

  for (const [index, [fault, code]] of Object.entries(expectations).entries()) {
    it(`an ente with fault ${fault} leaves the others' answer intact and is named in x-see-incomplete as ${code}`, async () => {
      const broken = federation.simulator.providers[index + 1]!
      await broken.setFault(fault as keyof typeof expectations)
      try {
        // A distinct rfcSolicitante per case (no count cached before the fault) reaches the entes only from an authority's client.
        const authority = await bearerWithScopes(federation, [profiles.s2.scope, privilegedScope(profiles.s2)])
        const answer = await postJson(`${federation.gatewayUrl}/v1/spic`, { page: 1, pageSize: 200, query: { rfcSolicitante: `XAXX0101010${index}` } }, authority)
        expect(answer.status).toBe(200)
        expect(schemaErrors(s2('resSpic'), answer.body)).toEqual([])
        expect(answer.headers['x-see-incomplete']).toBe(`${broken.clave}=${code}`)
        expect(answer.body.pagination.totalRows).toBe(20 * Object.keys(expectations).length)
        expect(answer.body.results.some((r: { id: string }) => r.id.startsWith(`${broken.clave}:`))).toBe(false)
      } finally {
        await broken.setFault('none')
      }
    })
  }

  it('summarizes every ente live: status, totalRows, latency and error code', async () => {
    const broken = federation.simulator.providers[0]
    await broken!.setFault('error-500')
    try {
      const answer = await postJson(`${federation.gatewayUrl}/v1/spic/summary`, { query: {} }, await federation.bearer())
      expect(answer.status).toBe(200)
      const rows = answer.body.entes as Array<{ clave: string, status: string, totalRows?: number, latencyMs: number, error?: { code: string } }>
      expect(rows).toHaveLength(federation.simulator.providers.length)
      for (const row of rows) {
        expect(row.latencyMs).toBeGreaterThanOrEqual(0)
        if (row.clave === broken!.clave) expect(row).toMatchObject({ status: 'error', error: { code: 'ENTE_HTTP_ERROR' } })
        else expect(row).toMatchObject({ status: 'ok', totalRows: 20 })
      }
      expect(answer.body.totalRows).toBe(20 * (rows.length - 1))
    } finally {
      await broken!.setFault('none')
    }
  })
})
