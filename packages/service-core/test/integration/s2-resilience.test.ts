import { profiles } from '@see/systems'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, toRegistryFile, type Fault, type Simulator } from '@see/ente-simulator'
import type { SearchBatchResponse, SearchOutcome } from '@see/openapi/types'
import { directoryFromEntes, parseRegistry, type EnteDirectory } from '@see/registry'
import type { EntesStatusResponse } from '@see/openapi/types'
import { startSystemService, type EnteStatus, type ResilienceOptions, type RunningSystemService } from '../../src/index.js'
import { postJson } from '../support/http.js'
import { request } from 'undici'

// Retry, circuit breaker and bulkhead over real HTTP against simulated SESNA v1 entes. Timings are
// small and configurable; assertions are on the entes' request counters and the breaker states.

// Long enough that an open breaker stays open through a test's next few batches on a busy machine.
const RESET_MS = 1000

let simulator: Simulator
let directory: EnteDirectory
const running: RunningSystemService[] = []

async function s2With (resilience: ResilienceOptions, entes: EnteDirectory = directory): Promise<RunningSystemService> {
  const s2 = await startSystemService({ system: profiles.s2, directory: entes, logger: false, maxEventLoopDelay: 0, serviceKeys: false, resilience: { breakerResetMs: RESET_MS, ...resilience } })
  running.push(s2)
  return s2
}

async function spicBatch (s2: RunningSystemService, entes: string[], timeoutMs = 5000): Promise<SearchOutcome[]> {
  const answer = await postJson<SearchBatchResponse>(s2.url, '/internal/v1/s2/batch', { timeoutMs, requests: entes.map(ente => ({ ente, request: { page: 1, pageSize: 10 } })) })
  expect(answer.status).toBe(200)
  return answer.body.outcomes
}

async function statusOf (s2: RunningSystemService, ente: string): Promise<EnteStatus | undefined> {
  const response = await request(`${s2.url}/internal/v1/s2/entes/status`)
  expect(response.statusCode).toBe(200)
  return (await response.body.json() as EntesStatusResponse).entes.find(e => e.ente === ente)
}

function codes (outcomes: SearchOutcome[]): Array<string | undefined> {
  return outcomes.map(o => o.ok ? 'ok' : o.error?.code)
}

beforeAll(async () => {
  simulator = await startSimulator({
    providers: [
      { clave: 'SHCH', nombre: 'Secretaría de Hacienda', size: 30 },
      { clave: 'SSA', nombre: 'Secretaría de Salud', size: 20, hugeBodyBytes: 12 * 1024 * 1024 },
      { clave: 'TUXTLA', nombre: 'Ayuntamiento de Tuxtla Gutiérrez', size: 5 }
    ]
  })
  directory = directoryFromEntes(parseRegistry(JSON.parse(JSON.stringify(toRegistryFile(simulator)))).entes)
})

afterEach(async () => {
  await Promise.all(running.splice(0).map(async s2 => await s2.close()))
  await Promise.all(simulator.providers.map(async p => { await p.setFault('none'); p.setLatency(0); p.resetCounters() }))
})

afterAll(async () => { await simulator?.close() })

describe('circuit breaker against a simulated ente', () => {
  it('opens after repeated 500s, stops calling the ente, probes after the reset time and closes', async () => {
    const s2 = await s2With({ breakerConsecutiveFailures: 3 })
    const ssa = simulator.provider('SSA')
    await ssa.setFault('error-500')
    for (let i = 0; i < 3; i++) expect(codes(await spicBatch(s2, ['SHCH', 'SSA']))).toEqual(['ok', 'ENTE_HTTP_ERROR'])
    expect(ssa.counters.data).toBe(3)
    expect(await statusOf(s2, 'SSA')).toMatchObject({ state: 'open', failures: 3 })
    for (let i = 0; i < 3; i++) expect(codes(await spicBatch(s2, ['SHCH', 'SSA', 'TUXTLA']))).toEqual(['ok', 'ENTE_CIRCUIT_OPEN', 'ok'])
    expect(ssa.counters.data).toBe(3)
    await ssa.setFault('none')
    await sleep(RESET_MS + 50)
    expect(codes(await spicBatch(s2, ['SSA']))).toEqual(['ok'])
    expect(ssa.counters.data).toBe(4)
    expect(await statusOf(s2, 'SSA')).toMatchObject({ state: 'closed', consecutiveFailures: 0 })
    expect(await statusOf(s2, 'SHCH')).toMatchObject({ state: 'closed', failures: 0 })
  })

  it('counts timeouts: a hanging ente stops costing the deadline once its breaker opens', async () => {
    const s2 = await s2With({ breakerConsecutiveFailures: 2 })
    await simulator.provider('SSA').setFault('hang')
    for (let i = 0; i < 2; i++) expect(codes(await spicBatch(s2, ['SSA', 'SHCH'], 300))).toEqual(['ENTE_TIMEOUT', 'ok'])
    expect(codes(await spicBatch(s2, ['SSA', 'SHCH'], 300))).toEqual(['ENTE_CIRCUIT_OPEN', 'ok'])
    expect(simulator.provider('SSA').counters.data).toBe(2)
  })

  it('an ente that hangs after answering well costs at most 3 slow answers, then is flagged at once, and recovers through the half-open probe', async () => {
    // Defaults for the rules under test (3 consecutive failures; 4 × recent latency, at least
    // 300 ms here); the batch deadline (10 s) is far longer than the ente's own timeout.
    const s2 = await s2With({ enteTimeoutMinMs: 300 })
    const ssa = simulator.provider('SSA')
    for (let i = 0; i < 20; i++) expect(codes(await spicBatch(s2, ['SSA', 'SHCH'], 10_000))).toEqual(['ok', 'ok'])
    await ssa.setFault('hang')
    // A slow answer is one that called the hung ente and waited for its timeout; after those,
    // the breaker answers for it without a call. Counted, not timed.
    const seen: SearchOutcome[] = []
    for (let i = 0; i < 10; i++) seen.push(...(await spicBatch(s2, ['SSA', 'SHCH'], 10_000)).filter(o => o.ente === 'SSA'))
    const slow = seen.filter(o => o.error?.code === 'ENTE_TIMEOUT')
    expect(slow.length).toBeGreaterThan(0)
    expect(slow.length).toBeLessThanOrEqual(3)
    expect(seen.slice(slow.length).every(o => o.error?.code === 'ENTE_CIRCUIT_OPEN')).toBe(true)
    // Each slow answer was cut by the ente's own timeout, not by the 10 s deadline.
    for (const outcome of slow) expect(outcome.latencyMs).toBeLessThan(5_000)
    expect(ssa.counters.data).toBe(20 + slow.length)
    expect(await statusOf(s2, 'SSA')).toMatchObject({ state: 'open', lastFailureCode: 'ENTE_TIMEOUT' })
    // It comes back: after the reset time one probe goes through and closes the breaker.
    await ssa.setFault('none')
    await sleep(RESET_MS + 50)
    expect(codes(await spicBatch(s2, ['SSA', 'SHCH'], 10_000))).toEqual(['ok', 'ok'])
    expect(await statusOf(s2, 'SSA')).toMatchObject({ state: 'closed', consecutiveFailures: 0 })
  })

  it('a hung ente that never answered costs the deadline only until the consecutive-failures rule opens its breaker', async () => {
    const s2 = await s2With({})
    await simulator.provider('SSA').setFault('hang')
    const seen = []
    for (let i = 0; i < 6; i++) seen.push(...codes(await spicBatch(s2, ['SSA'], 300)))
    expect(seen).toEqual(['ENTE_TIMEOUT', 'ENTE_TIMEOUT', 'ENTE_TIMEOUT', 'ENTE_CIRCUIT_OPEN', 'ENTE_CIRCUIT_OPEN', 'ENTE_CIRCUIT_OPEN'])
  })

  const failing: Array<[Fault, string]> = [
    ['error-500', 'ENTE_HTTP_ERROR'],
    ['malformed-json', 'ENTE_MALFORMED_RESPONSE'],
    ['wrong-shape', 'ENTE_BAD_SHAPE'],
    ['huge-body', 'ENTE_RESPONSE_TOO_LARGE'],
    ['expired-token', 'ENTE_AUTH_FAILED']
  ]

  it.each(failing)('%s → %s: not retried, and counted against the ente', async (fault, code) => {
    const s2 = await s2With({ breakerConsecutiveFailures: 1 })
    await simulator.provider('SSA').setFault(fault)
    expect(codes(await spicBatch(s2, ['SSA', 'TUXTLA'], 10_000))).toEqual([code, 'ok'])
    // expired-token: the token layer's own retry with a fresh token, nothing more.
    expect(simulator.provider('SSA').counters.data).toBe(fault === 'expired-token' ? 2 : 1)
    expect(await statusOf(s2, 'SSA')).toMatchObject({ state: 'open', retries: 0, lastFailureCode: code })
  })

  it('retries a refused connection once and reports ENTE_UNREACHABLE', async () => {
    const s2 = await s2With({ breakerConsecutiveFailures: 5 })
    await simulator.provider('SSA').setFault('down')
    expect(codes(await spicBatch(s2, ['SSA', 'TUXTLA']))).toEqual(['ENTE_UNREACHABLE', 'ok'])
    expect(await statusOf(s2, 'SSA')).toMatchObject({ state: 'closed', failures: 1, retries: 1, lastFailureCode: 'ENTE_UNREACHABLE' })
  })
})

describe('bulkhead against a simulated ente', () => {
  it('a slow ente gets at most maxConnections + queue calls; the rest are ENTE_OVERLOADED, other entes unaffected', async () => {
    const oneSocket = directoryFromEntes(parseRegistry(JSON.parse(JSON.stringify(toRegistryFile(simulator, { maxConnections: 1 })))).entes)
    const s2 = await s2With({ enteMaxQueue: 1 }, oneSocket)
    simulator.provider('SSA').setLatency(100)
    const outcomes = await spicBatch(s2, ['SSA', 'SSA', 'SSA', 'SHCH', 'SSA', 'TUXTLA'])
    expect(codes(outcomes)).toEqual(['ok', 'ok', 'ENTE_OVERLOADED', 'ok', 'ENTE_OVERLOADED', 'ok'])
    expect(simulator.provider('SSA').counters.data).toBe(2)
    expect(await statusOf(s2, 'SSA')).toMatchObject({ state: 'closed', overloadRejections: 2, maxInFlight: 2 })
  })
})
