import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { batch, dependencias, testApp, type TestApp } from '../support/app.js'
import { directoryOf, sendJson, startStubEnte, validRecord, type StubEnte } from '../support/stub-ente.js'

// The gateway↔service contract of internal.openapi.json, against two stub entes.

let a: StubEnte
let b: StubEnte
let test: TestApp

beforeAll(async () => {
  a = await startStubEnte()
  b = await startStubEnte()
  a.handle('data', (_c, res) => sendJson(res, 200, { pagination: { page: 1, pageSize: 10, totalRows: 11, hasNextPage: true }, results: [validRecord('a-1')] }))
  b.handle('data', (_c, res) => sendJson(res, 200, { pagination: { page: 1, pageSize: 10, totalRows: 1, hasNextPage: false }, results: [validRecord('b-1')] }))
  b.handle('dependencias', (_c, res) => sendJson(res, 200, [{ nombre: 'Fiscalía', clave: 'FGE', interno: true }, { siglas: 'X' }]))
  test = await testApp(directoryOf([['A', a.url], ['B', b.url]]))
})

afterAll(async () => {
  await test.app.close()
  await a.close()
  await b.close()
})

describe('POST /internal/v1/s2/batch', () => {
  it('answers one outcome per request in request order, with the entes\' own ids', async () => {
    const { outcomes } = await batch(test.app, [{ ente: 'B' }, { ente: 'A' }, { ente: 'ZZ' }, { ente: 'B' }])
    expect(outcomes.map(o => [o.ente, o.ok])).toEqual([['B', true], ['A', true], ['ZZ', false], ['B', true]])
    expect(outcomes[1]).toEqual({ ente: 'A', ok: true, latencyMs: expect.any(Number), totalRows: 11, hasNextPage: true, results: [validRecord('a-1')], dropped: 0 })
    expect(outcomes[2]).toEqual({ ente: 'ZZ', ok: false, latencyMs: 0, error: { code: 'ENTE_UNKNOWN', message: expect.any(String) } })
  })

  it('sends the request to the ente as it came (standard body, ente-local id)', async () => {
    const request = { page: 2, pageSize: 5, sort: { nombres: 'asc' as const }, query: { id: '77', nombres: 'José' } }
    await batch(test.app, [{ ente: 'A', request }])
    const call = a.calls.data.at(-1)
    expect(call?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(call?.body ?? '')).toEqual(request)
  })

  it('answers a countOnly request with the ente\'s count and no records, without judging them', async () => {
    const broken = await startStubEnte()
    broken.handle('data', (_c, res) => sendJson(res, 200, { pagination: { page: 1, pageSize: 1, totalRows: 42, hasNextPage: true }, results: [{ id: 7 }] }))
    const app = await testApp(directoryOf([['C', broken.url]]))
    try {
      const [counted, full] = (await batch(app.app, [{ ente: 'C', countOnly: true }, { ente: 'C' }])).outcomes
      expect(counted).toEqual({ ente: 'C', ok: true, latencyMs: expect.any(Number), totalRows: 42, hasNextPage: true, results: [], dropped: 0 })
      // The same answer read in full: its record is judged (and dropped) as usual.
      expect(full).toMatchObject({ ok: true, totalRows: 42, results: [], dropped: 1 })
      // The ente is still asked the query as it came: a count is its pagination.totalRows.
      expect(broken.calls.data).toHaveLength(2)
    } finally {
      await app.app.close()
      await broken.close()
    }
  })

  it('answers recordsAs lines as NDJSON: the outcomes first, then each record on one line with its federated id', async () => {
    const multiline = validRecord('a-2', { nombres: 'Ana\nLuisa', segundoApellido: 'Ríos\u2028Mora' })
    a.handle('data', (_c, res) => sendJson(res, 200, { pagination: { page: 1, pageSize: 10, totalRows: 11, hasNextPage: true }, results: [validRecord('a-1'), multiline] }))
    try {
      const response = await test.app.inject({
        method: 'POST',
        url: '/internal/v1/s2/batch',
        payload: { timeoutMs: 5000, recordsAs: 'lines', requests: [{ ente: 'B', request: { page: 1, pageSize: 10 } }, { ente: 'ZZ', request: { page: 1, pageSize: 10 } }, { ente: 'A', request: { page: 1, pageSize: 10 } }] }
      })
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/)
      const [head, ...lines] = response.body.split('\n')
      expect(JSON.parse(head!).outcomes).toEqual([
        { ente: 'B', ok: true, latencyMs: expect.any(Number), totalRows: 1, hasNextPage: false, dropped: 0, lines: 1 },
        { ente: 'ZZ', ok: false, latencyMs: 0, error: { code: 'ENTE_UNKNOWN', message: expect.any(String) }, lines: 0 },
        { ente: 'A', ok: true, latencyMs: expect.any(Number), totalRows: 11, hasNextPage: true, dropped: 0, lines: 2 }
      ])
      // A line break inside a value is escaped by JSON: each record stays on its own line.
      expect(lines.map(line => JSON.parse(line))).toEqual([
        { ...validRecord('b-1'), id: 'B:b-1' },
        { ...validRecord('a-1'), id: 'A:a-1' },
        { ...multiline, id: 'A:a-2' }
      ])
    } finally {
      a.handle('data', (_c, res) => sendJson(res, 200, { pagination: { page: 1, pageSize: 10, totalRows: 11, hasNextPage: true }, results: [validRecord('a-1')] }))
    }
  })

  it('sends each record\'s sort keys with the lines of a sorted request, in the sort\'s order', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/internal/v1/s2/batch',
      payload: { timeoutMs: 5000, recordsAs: 'lines', requests: [{ ente: 'B', request: { page: 1, pageSize: 10, sort: { primerApellido: 'desc', nombres: 'asc' } } }, { ente: 'B', request: { page: 1, pageSize: 10 } }] }
    })
    const [sorted, unsorted] = JSON.parse(response.body.split('\n')[0]!).outcomes
    const record = validRecord('b-1')
    expect(sorted.sortKeys).toEqual([[record.primerApellido, record.nombres]])
    expect(unsorted.sortKeys).toBeUndefined()
  })

  it('leaves out the private fields the gateway names (privateFields) and marks the lines of records that held some', async () => {
    const leaking = validRecord('a-3', { rfc: 'GOAP780710RH7', superiorInmediato: { nombres: 'Luis', rfc: 'LUPA800101AB1' } })
    a.handle('data', (_c, res) => sendJson(res, 200, { pagination: { page: 1, pageSize: 10, totalRows: 2, hasNextPage: false }, results: [validRecord('a-1'), leaking] }))
    const { rfc: _rfc, ...publicPart } = leaking
    const privateFields = ['rfc', 'curp', 'superiorInmediato.rfc']
    const inject = async (payload: Record<string, unknown>): Promise<string> => (await test.app.inject({ method: 'POST', url: '/internal/v1/s2/batch', payload: { timeoutMs: 5000, requests: [{ ente: 'A', request: { page: 1, pageSize: 10 } }], ...payload } })).body
    try {
      const [, clean, marked] = (await inject({ recordsAs: 'lines', privateFields })).split('\n')
      expect(clean!.startsWith(' ')).toBe(false)
      expect(JSON.parse(clean!)).toEqual({ ...validRecord('a-1'), id: 'A:a-1' })
      // The mark is JSON whitespace: the line still splices into an array as it is.
      expect(marked!.startsWith(' {')).toBe(true)
      expect(JSON.parse(`[${clean!},${marked!}]`)[1]).toEqual({ ...publicPart, superiorInmediato: { nombres: 'Luis' }, id: 'A:a-3' })
      const objects = JSON.parse(await inject({ privateFields })) as { outcomes: Array<{ results: unknown[] }> }
      expect(objects.outcomes[0]!.results).toEqual([validRecord('a-1'), { ...publicPart, superiorInmediato: { nombres: 'Luis' } }])
      // The gateway's list is the rule (its PRIVATE_FIELDS may differ from the profile): other fields stay, these go.
      const [, , other] = (await inject({ recordsAs: 'lines', privateFields: ['puesto.nivel'] })).split('\n')
      expect(JSON.parse(other!)).toEqual({ ...leaking, puesto: { nombre: 'Jefe de departamento' }, id: 'A:a-3' })
      // Without privateFields the record is whole and its line unmarked.
      const [, , whole] = (await inject({ recordsAs: 'lines' })).split('\n')
      expect(JSON.parse(whole!)).toEqual({ ...leaking, id: 'A:a-3' })
      expect(whole!.startsWith(' ')).toBe(false)
    } finally {
      a.handle('data', (_c, res) => sendJson(res, 200, { pagination: { page: 1, pageSize: 10, totalRows: 11, hasNextPage: true }, results: [validRecord('a-1')] }))
    }
  })

  it('answers an empty batch with no outcomes', async () => {
    expect(await batch(test.app, [])).toEqual({ outcomes: [] })
  })

  it.each([
    ['no timeoutMs', { requests: [] }],
    ['timeoutMs over a minute', { timeoutMs: 60_001, requests: [] }],
    ['pageSize over 200', { timeoutMs: 1000, requests: [{ ente: 'A', request: { page: 1, pageSize: 201 } }] }],
    ['a bad ente key', { timeoutMs: 1000, requests: [{ ente: 'A:B', request: { page: 1, pageSize: 1 } }] }],
    ['an unknown field', { timeoutMs: 1000, requests: [], extra: 1 }],
    ['a private field that is not a dotted path', { timeoutMs: 1000, requests: [], privateFields: ['rfc; drop'] }]
  ])('rejects a body with %s as 422 {code, message}', async (_what, payload) => {
    const response = await test.app.inject({ method: 'POST', url: '/internal/v1/s2/batch', payload })
    expect(response.statusCode).toBe(422)
    expect(response.json()).toEqual({ code: 'SEE_VALIDATION', message: expect.any(String) })
  })
})

describe('POST /internal/v1/s2/dependencias', () => {
  it('answers each ente\'s validated catalogue in order', async () => {
    const { outcomes } = await dependencias(test.app, ['B', 'NOPE', 'A'])
    expect(outcomes).toEqual([
      { ente: 'B', ok: true, latencyMs: expect.any(Number), dependencias: [{ nombre: 'Fiscalía', clave: 'FGE' }] },
      { ente: 'NOPE', ok: false, latencyMs: 0, error: { code: 'ENTE_UNKNOWN', message: expect.any(String) } },
      { ente: 'A', ok: true, latencyMs: expect.any(Number), dependencias: [{ nombre: 'Secretaría de Hacienda', siglas: 'SH', clave: 'SH' }] }
    ])
    expect(b.calls.dependencias.at(-1)?.headers.authorization).toMatch(/^Bearer /)
  })

  it('reports an ente that answers something else than an array as ENTE_BAD_SHAPE', async () => {
    a.handle('dependencias', (_c, res) => sendJson(res, 200, { results: [] }))
    const { outcomes } = await dependencias(test.app, ['A'])
    expect(outcomes[0]?.error?.code).toBe('ENTE_BAD_SHAPE')
  })
})

describe('shutdown', () => {
  it('closes the connections to the entes when the app closes', async () => {
    const c = await startStubEnte()
    const own = await testApp(directoryOf([['C', c.url]]))
    await batch(own.app, [{ ente: 'C' }])
    expect(c.openSockets()).toBeGreaterThan(0)
    await own.app.close()
    await c.socketsClosed()
    expect(c.openSockets()).toBe(0)
    await c.close()
  })
})
