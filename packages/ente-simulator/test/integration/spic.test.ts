import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SpicResponse } from '@see/openapi/types'
import { officialS2, schemaErrors } from '../../../../test/support/official-specs.js'
import { startSimulator, defaultFleet, type SimulatedProvider, type Simulator } from '../../src/index.js'
import { getDependencias, postSpic, token } from './client.js'

const official = officialS2()
let simulator: Simulator
let shch: SimulatedProvider
let ssa: SimulatedProvider
let bearer: string

beforeAll(async () => {
  const [hacienda, salud] = defaultFleet(2, { size: 450 })
  simulator = await startSimulator({
    providers: [
      { ...hacienda!, extraRecords: [{ nombres: 'José', primerApellido: 'Núñez' }, { nombres: 'Jose', primerApellido: 'Nunez' }] },
      { ...salud!, size: 30 }
    ]
  })
  shch = simulator.provider('SHCH')
  ssa = simulator.provider('SSA')
  bearer = await token(shch)
})
afterAll(async () => { await simulator.close() })

async function search (body: unknown, provider = shch): Promise<SpicResponse> {
  const response = await postSpic(provider, body, provider === shch ? bearer : undefined)
  expect(response.status).toBe(200)
  const answer = await response.json()
  expect(schemaErrors(official('resSpic'), answer)).toEqual([])
  return answer as SpicResponse
}

describe('POST /v1/spic', () => {
  it('answers page 1 of 10 by default, valid against the official schema', async () => {
    const answer = await search({})
    expect(answer.pagination).toEqual({ page: 1, pageSize: 10, totalRows: 452, hasNextPage: true })
    expect(answer.results.map(r => r.id)).toEqual(shch.records.slice(0, 10).map(r => r.id))
  })

  it('lets a full crawl at pageSize 200 read every record exactly once', async () => {
    const pages = await Promise.all([1, 2, 3].map(page => search({ page, pageSize: 200 })))
    expect(pages.map(p => p.pagination.hasNextPage)).toEqual([true, true, false])
    const ids = pages.flatMap(p => p.results.map(r => r.id))
    expect(ids).toEqual(shch.records.map(r => r.id))
  })

  it('applies the reference text semantics to planted José/Núñez/Nunez records', async () => {
    const [nunezConTilde, nunezSinTilde] = ['000451', '000452']
    const jose = await search({ pageSize: 200, query: { nombres: 'JOSE', primerApellido: 'nu' } })
    expect(jose.results.map(r => r.id)).toEqual(expect.arrayContaining([nunezConTilde, nunezSinTilde]))
    const withTilde = await search({ pageSize: 200, query: { primerApellido: 'nuñez' } })
    expect(withTilde.results.map(r => r.id)).toContain(nunezConTilde)
    expect(withTilde.results.map(r => r.id)).not.toContain(nunezSinTilde)
    const plain = await search({ pageSize: 200, query: { primerApellido: 'Nunez' } })
    expect(plain.results.map(r => r.id)).toEqual([nunezSinTilde])
  })

  it('filters tipoProcedimiento by any of the values and id exactly', async () => {
    const answer = await search({ pageSize: 200, query: { tipoProcedimiento: [3, 4] } })
    const expected = shch.records.filter(r => r.tipoProcedimiento.some(t => t.clave === 3 || t.clave === 4))
    expect(answer.pagination.totalRows).toBe(expected.length)
    const one = shch.records[17]!
    // With rfcSolicitante the ente publishes the whole record, private fields included.
    const byId = await search({ query: { id: one.id, nombres: 'no coincide', rfcSolicitante: 'GOAP780710RH7' } })
    expect(byId.results).toEqual([one])
  })

  it('sorts in Spanish collation and keeps the order total', async () => {
    const asc = await search({ pageSize: 200, sort: { primerApellido: 'asc' } })
    const names = asc.results.map(r => r.primerApellido)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'es')))
    const again = await search({ pageSize: 200, sort: { primerApellido: 'asc' } })
    expect(again.results.map(r => r.id)).toEqual(asc.results.map(r => r.id))
    const last = shch.records.map(r => r.primerApellido).sort((a, b) => a.localeCompare(b, 'es')).at(-1)
    const desc = await search({ pageSize: 5, sort: { primerApellido: 'desc' } })
    expect(desc.results[0]?.primerApellido).toBe(last)
  })

  it('answers 422 {code, message} for out-of-range pages, wrong types and bad enums', async () => {
    const bad = [
      { page: 0 }, { pageSize: 0 }, { pageSize: 201 }, { page: '2' }, { pageSize: 10.5 },
      { sort: { nombres: 'up' } }, { sort: { rfc: 'asc' } }, { query: { tipoProcedimiento: [6] } }, { query: { nombres: 5 } }
    ]
    for (const body of bad) {
      const response = await postSpic(shch, body, bearer)
      expect(response.status, JSON.stringify(body)).toBe(422)
      const error = await response.json()
      expect(schemaErrors(official('resError'), error)).toEqual([])
      expect(error).toMatchObject({ code: 'SEE_VALIDATION' })
    }
  })
})

describe('GET /v1/spic/dependencias', () => {
  it('lists the institutions in the provider data as a bare array', async () => {
    const response = await getDependencias(ssa)
    expect(response.status).toBe(200)
    const dependencias = await response.json()
    expect(schemaErrors(official('dependencias'), dependencias)).toEqual([])
    expect(dependencias).toEqual(ssa.dependencias)
    const present = new Set(ssa.records.map(r => r.institucionDependencia.nombre))
    expect(new Set((dependencias as Array<{ nombre: string }>).map(d => d.nombre))).toEqual(present)
  })
})
