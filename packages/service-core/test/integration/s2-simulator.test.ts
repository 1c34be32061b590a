import { profiles } from '@see/systems'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, toRegistryFile, type ExtraRecord, type Fault, type Simulator } from '@see/ente-simulator'
import type { DependenciasBatchResponse, SearchBatchResponse, SearchOutcome } from '@see/openapi/types'
import { directoryFromEntes, parseRegistry, type EnteDirectory } from '@see/registry'
import { startSystemService, type RunningSystemService } from '../../src/index.js'
import { officialS2, schemaErrors } from '../../../../test/support/official-specs.js'
import { postJson } from '../support/http.js'

// The S2 service over real HTTP against simulated SESNA v1 entes (password grant, faults).

const PLANTED: ExtraRecord[] = [
  { id: 'x-campos', campoInterno: 'no público' } as unknown as ExtraRecord,
  { id: 'x-fecha', fechaCaptura: 'ayer' },
  { id: 'x-genero', genero: { clave: 'X', valor: 'Otro' } } as unknown as ExtraRecord
]

let simulator: Simulator
let directory: EnteDirectory
const running: RunningSystemService[] = []

async function freshS2 (): Promise<RunningSystemService> {
  const s2 = await startSystemService({ system: profiles.s2, directory, logger: false, maxEventLoopDelay: 0, serviceKeys: false })
  running.push(s2)
  return s2
}

async function spicBatch (s2: RunningSystemService, entes: string[], options: { timeoutMs?: number, request?: Record<string, unknown> } = {}): Promise<SearchOutcome[]> {
  const request = options.request ?? { page: 1, pageSize: 10 }
  const answer = await postJson<SearchBatchResponse>(s2.url, '/internal/v1/s2/batch', { timeoutMs: options.timeoutMs ?? 5000, requests: entes.map(ente => ({ ente, request })) })
  expect(answer.status).toBe(200)
  return answer.body.outcomes
}

beforeAll(async () => {
  simulator = await startSimulator({
    providers: [
      { clave: 'SHCH', nombre: 'Secretaría de Hacienda', size: 30 },
      { clave: 'SSA', nombre: 'Secretaría de Salud', size: 20, hugeBodyBytes: 12 * 1024 * 1024 },
      { clave: 'FGE', nombre: 'Fiscalía General del Estado', size: 10, extraRecords: PLANTED },
      { clave: 'TUXTLA', nombre: 'Ayuntamiento de Tuxtla Gutiérrez', size: 5 }
    ]
  })
  directory = directoryFromEntes(parseRegistry(JSON.parse(JSON.stringify(toRegistryFile(simulator)))).entes)
})

afterEach(async () => {
  await Promise.all(running.splice(0).map(async s2 => await s2.close()))
  await Promise.all(simulator.providers.map(async p => { await p.setFault('none'); p.resetCounters() }))
})

afterAll(async () => { await simulator?.close() })

describe('a healthy federation', () => {
  it('answers every ente in request order with standard records and the entes\' own ids', async () => {
    const s2 = await freshS2()
    const outcomes = await spicBatch(s2, ['TUXTLA', 'SHCH', 'NOEXISTE', 'SSA'])
    expect(outcomes.map(o => [o.ente, o.ok])).toEqual([['TUXTLA', true], ['SHCH', true], ['NOEXISTE', false], ['SSA', true]])
    expect(outcomes[2]?.error?.code).toBe('ENTE_UNKNOWN')
    const shch = outcomes[1]
    expect(shch).toMatchObject({ totalRows: 30, hasNextPage: true, dropped: 0 })
    expect(shch?.results?.map(r => r.id)).toEqual(simulator.provider('SHCH').records.slice(0, 10).map(r => r.id))
    const validate = officialS2()('resSpic')
    expect(schemaErrors(validate, { pagination: { page: 1, pageSize: 10, totalRows: shch?.totalRows, hasNextPage: shch?.hasNextPage }, results: shch?.results })).toEqual([])
  })

  it('passes the query on as the ente-local id', async () => {
    const s2 = await freshS2()
    const target = simulator.provider('SHCH').records[7]
    const outcomes = await spicBatch(s2, ['SHCH'], { request: { page: 1, pageSize: 10, query: { id: target?.id } } })
    expect(outcomes[0]).toMatchObject({ ok: true, totalRows: 1 })
    expect(outcomes[0]?.results?.[0]?.id).toBe(target?.id)
  })

  it('drops records that break the standard, counts them and strips unknown fields', async () => {
    const s2 = await freshS2()
    const [fge] = await spicBatch(s2, ['FGE'], { request: { page: 1, pageSize: 200 } })
    expect(fge).toMatchObject({ ok: true, totalRows: 13, dropped: 2 })
    const ids = fge?.results?.map(r => r.id)
    expect(ids).toHaveLength(11)
    expect(ids).toContain('x-campos')
    expect(ids).not.toContain('x-fecha')
    expect(ids).not.toContain('x-genero')
    expect(fge?.results?.find(r => r.id === 'x-campos')).not.toHaveProperty('campoInterno')
  })

  it('serves each ente\'s dependencias in order, valid under the official spec', async () => {
    const s2 = await freshS2()
    const answer = await postJson<DependenciasBatchResponse>(s2.url, '/internal/v1/s2/dependencias', { timeoutMs: 5000, entes: ['SSA', 'SHCH'] })
    expect(answer.status).toBe(200)
    expect(answer.body.outcomes.map(o => [o.ente, o.ok])).toEqual([['SSA', true], ['SHCH', true]])
    expect(answer.body.outcomes[1]?.dependencias).toEqual(simulator.provider('SHCH').dependencias)
    expect(schemaErrors(officialS2()('dependencias'), answer.body.outcomes[0]?.dependencias)).toEqual([])
  })

  it('rejects an invalid batch with 422 {code, message}', async () => {
    const s2 = await freshS2()
    const answer = await postJson<{ code: string, message: string }>(s2.url, '/internal/v1/s2/batch', { timeoutMs: 0, requests: [] })
    expect(answer.status).toBe(422)
    expect(answer.body).toEqual({ code: 'SEE_VALIDATION', message: expect.stringContaining('timeoutMs') })
  })
})

describe('tokens towards the entes', () => {
  it('asks each ente for one token over many batches', async () => {
    const s2 = await freshS2()
    for (let i = 0; i < 6; i++) await spicBatch(s2, ['SHCH', 'TUXTLA', 'SHCH'])
    expect(simulator.provider('SHCH').counters).toMatchObject({ token: 1, data: 12 })
    expect(simulator.provider('TUXTLA').counters).toMatchObject({ token: 1, data: 6 })
  })

  it('asks for one token when batches arrive at once', async () => {
    const s2 = await freshS2()
    simulator.provider('SHCH').setLatency(100)
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, async () => await spicBatch(s2, ['SHCH'])))
      expect(answers.flat().every(o => o.ok)).toBe(true)
    } finally {
      simulator.provider('SHCH').setLatency(0)
    }
    expect(simulator.provider('SHCH').counters).toMatchObject({ token: 1, data: 8 })
  })

  it('renews a token the ente expired, retrying the call once', async () => {
    const s2 = await freshS2()
    await spicBatch(s2, ['SHCH'])
    simulator.provider('SHCH').expireTokens()
    const [outcome] = await spicBatch(s2, ['SHCH'])
    expect(outcome?.ok).toBe(true)
    expect(simulator.provider('SHCH').counters).toMatchObject({ token: 2, data: 3 })
  })

  it('gives up with ENTE_AUTH_FAILED when the renewed token is refused too', async () => {
    const s2 = await freshS2()
    await simulator.provider('SHCH').setFault('expired-token')
    const outcomes = await spicBatch(s2, ['SHCH', 'TUXTLA'])
    expect(outcomes[0]).toMatchObject({ ente: 'SHCH', ok: false, error: { code: 'ENTE_AUTH_FAILED' } })
    expect(outcomes[1]).toMatchObject({ ente: 'TUXTLA', ok: true })
    expect(simulator.provider('SHCH').counters).toMatchObject({ token: 2, data: 2 })
  })
})

describe('faults stay within their ente', () => {
  const cases: Array<[Fault, string, number]> = [
    ['down', 'ENTE_UNREACHABLE', 5000],
    ['error-500', 'ENTE_HTTP_ERROR', 5000],
    ['malformed-json', 'ENTE_MALFORMED_RESPONSE', 5000],
    ['wrong-shape', 'ENTE_BAD_SHAPE', 5000],
    ['huge-body', 'ENTE_RESPONSE_TOO_LARGE', 10_000],
    ['hang', 'ENTE_TIMEOUT', 500],
    ['slow-body', 'ENTE_TIMEOUT', 1000]
  ]

  it.each(cases)('%s → %s while the other entes answer', async (fault, code, timeoutMs) => {
    const s2 = await freshS2()
    await simulator.provider('SSA').setFault(fault)
    const outcomes = await spicBatch(s2, ['SHCH', 'SSA', 'TUXTLA'], { timeoutMs })
    expect(outcomes.map(o => o.ente)).toEqual(['SHCH', 'SSA', 'TUXTLA'])
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code } })
    expect(outcomes[0]).toMatchObject({ ok: true, totalRows: 30 })
    expect(outcomes[2]).toMatchObject({ ok: true, totalRows: 5 })
  })

  it('answers a hanging ente within the batch deadline', async () => {
    const s2 = await freshS2()
    await simulator.provider('SSA').setFault('hang')
    const started = performance.now()
    const outcomes = await spicBatch(s2, ['SSA', 'SHCH'], { timeoutMs: 300 })
    const elapsed = performance.now() - started
    expect(outcomes[0]).toMatchObject({ ok: false, error: { code: 'ENTE_TIMEOUT' } })
    expect(outcomes[1]?.ok).toBe(true)
    // The service aims 30 ms before the 300 ms deadline; the bounds below leave room for a busy
    // machine's timer lag and still sit far below the ente's own 3 s header timeout, so only the
    // batch deadline can have ended the call.
    expect(outcomes[0]?.latencyMs).toBeGreaterThanOrEqual(250)
    expect(outcomes[0]?.latencyMs).toBeLessThan(1000)
    expect(elapsed).toBeLessThan(2500)
  })
})
