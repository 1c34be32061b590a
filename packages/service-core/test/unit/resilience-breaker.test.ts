import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { batch, statusOf, testApp, type TestApp } from '../support/app.js'
import { directoryOf, pageOf, sendJson, startStubEnte, validRecord, type Handler, type StubEnte } from '../support/stub-ente.js'
import type { ResilienceOptions } from '../../src/index.js'

// The circuit breaker per ente, against stub entes: when it opens, that it stops calling, how it
// probes and closes. Timings are small and configurable; assertions are on calls and states.

// Tests that assert an open breaker stays open use a reset time no busy machine reaches; the
// probe tests use a short one and only look at states between calls (a state changes on calls).
const LONG_RESET_MS = 60_000
const RESET_MS = 200

let failing: StubEnte
let healthy: StubEnte
let test: TestApp | undefined

async function appWith (resilience: ResilienceOptions): Promise<TestApp> {
  test = await testApp(directoryOf([['BAD', failing.url], ['OK', healthy.url]]), { resilience: { breakerResetMs: LONG_RESET_MS, ...resilience } }, 'info')
  return test
}

const answer500: Handler = (_c, res) => sendJson(res, 500, { code: 'X', message: 'falla' })
const answerOk: Handler = (_c, res) => sendJson(res, 200, pageOf([validRecord('1')]))

async function codesOf (app: TestApp['app'], times: number): Promise<Array<string | undefined>> {
  const codes: Array<string | undefined> = []
  for (let i = 0; i < times; i++) {
    const { outcomes } = await batch(app, [{ ente: 'BAD' }, { ente: 'OK' }])
    expect(outcomes[1]?.ok).toBe(true)
    codes.push(outcomes[0]?.error?.code)
  }
  return codes
}

beforeEach(async () => {
  failing = await startStubEnte()
  healthy = await startStubEnte()
  failing.handle('data', answer500)
})
afterEach(async () => {
  await test?.app.close()
  test = undefined
  await Promise.all([failing.close(), healthy.close()])
})

describe('opening', () => {
  it('opens after N consecutive failures, then answers ENTE_CIRCUIT_OPEN without calling the ente', async () => {
    const { app, logs } = await appWith({ breakerConsecutiveFailures: 3 })
    expect(await codesOf(app, 3)).toEqual(['ENTE_HTTP_ERROR', 'ENTE_HTTP_ERROR', 'ENTE_HTTP_ERROR'])
    expect(await statusOf(app, 'BAD')).toMatchObject({ state: 'open', consecutiveFailures: 3, failures: 3, lastFailureCode: 'ENTE_HTTP_ERROR', openedAt: expect.any(String) })
    expect(await codesOf(app, 4)).toEqual(Array(4).fill('ENTE_CIRCUIT_OPEN'))
    expect(failing.calls.data).toHaveLength(3)
    expect(await statusOf(app, 'BAD')).toMatchObject({ state: 'open', circuitOpenRejections: 4 })
    expect(await statusOf(app, 'OK')).toMatchObject({ state: 'closed', failures: 0, successes: 7 })
    expect(logs.filter(l => l.ente === 'BAD' && l.breaker === 'open')).toHaveLength(1)
    expect(logs.filter(l => l.ente === 'BAD' && l.code === 'ENTE_CIRCUIT_OPEN')).toHaveLength(4)
  })

  it('opens when more than the threshold % of the window failed, once the window holds the minimum volume', async () => {
    failing.handle('data', (call, res, count) => { (count <= 2 ? answerOk : answer500)(call, res, count) })
    const { app } = await appWith({ breakerErrorThresholdPercent: 50, breakerVolumeThreshold: 4, breakerWindowMs: 60_000 })
    // 2 ok + 2 failed: 50 % is not more than 50 %; the fifth (3 of 5 failed) opens it.
    expect(await codesOf(app, 4)).toEqual([undefined, undefined, 'ENTE_HTTP_ERROR', 'ENTE_HTTP_ERROR'])
    expect((await statusOf(app, 'BAD')).state).toBe('closed')
    expect(await codesOf(app, 2)).toEqual(['ENTE_HTTP_ERROR', 'ENTE_CIRCUIT_OPEN'])
    expect(failing.calls.data).toHaveLength(5)
  })

  it('does not open below the minimum volume, however many of the calls failed', async () => {
    const { app } = await appWith({ breakerErrorThresholdPercent: 50, breakerVolumeThreshold: 5, breakerWindowMs: 60_000 })
    expect(await codesOf(app, 4)).toEqual(Array(4).fill('ENTE_HTTP_ERROR'))
    expect((await statusOf(app, 'BAD')).state).toBe('closed')
    expect(await codesOf(app, 1)).toEqual(['ENTE_HTTP_ERROR'])
    expect((await statusOf(app, 'BAD')).state).toBe('open')
  })

  it('opens on consecutive failures although the window is full of earlier successes (the rules at once)', async () => {
    failing.handle('data', (call, res, count) => { (count <= 20 ? answerOk : answer500)(call, res, count) })
    const { app } = await appWith({ breakerErrorThresholdPercent: 50, breakerVolumeThreshold: 5, breakerWindowMs: 60_000, breakerConsecutiveFailures: 3 })
    expect(await codesOf(app, 20)).toEqual(Array(20).fill(undefined))
    // 3 failures in 23 calls is far below 50 %: only the consecutive rule can open it.
    expect(await codesOf(app, 4)).toEqual(['ENTE_HTTP_ERROR', 'ENTE_HTTP_ERROR', 'ENTE_HTTP_ERROR', 'ENTE_CIRCUIT_OPEN'])
    expect(failing.calls.data).toHaveLength(23)
  })

  it('opens on consecutive timeouts (the default rule) but not on as many consecutive fast failures', async () => {
    let hanging = false
    failing.handle('data', (call, res, count) => { if (!hanging) (count <= 10 ? answerOk : answer500)(call, res, count) })
    const { app } = await appWith({ breakerErrorThresholdPercent: 50, breakerVolumeThreshold: 50, breakerWindowMs: 60_000, enteTimeoutMinMs: 100 })
    expect(await codesOf(app, 10)).toEqual(Array(10).fill(undefined))
    // Three 500s in a row are for the sampling rule to judge (far below its volume here).
    expect(await codesOf(app, 3)).toEqual(Array(3).fill('ENTE_HTTP_ERROR'))
    expect((await statusOf(app, 'BAD')).state).toBe('closed')
    hanging = true
    expect(await codesOf(app, 4)).toEqual(['ENTE_TIMEOUT', 'ENTE_TIMEOUT', 'ENTE_TIMEOUT', 'ENTE_CIRCUIT_OPEN'])
    expect(failing.calls.data).toHaveLength(16)
  })

  it('does not count the ente refusing our query (ENTE_REJECTED_QUERY)', async () => {
    failing.handle('data', (_c, res) => sendJson(res, 422, { code: 'VAL', message: 'consulta' }))
    const { app } = await appWith({ breakerConsecutiveFailures: 2 })
    expect(await codesOf(app, 4)).toEqual(Array(4).fill('ENTE_REJECTED_QUERY'))
    expect(failing.calls.data).toHaveLength(4)
    expect(await statusOf(app, 'BAD')).toMatchObject({ state: 'closed', failures: 0 })
  })

  it('counts a retried call once, by its final result', async () => {
    failing.handle('data', (_c, res) => sendJson(res, 503, { code: 'X', message: 'ocupado' }))
    const { app } = await appWith({ breakerConsecutiveFailures: 2 })
    await codesOf(app, 1)
    expect(failing.calls.data).toHaveLength(2)
    expect(await statusOf(app, 'BAD')).toMatchObject({ state: 'closed', failures: 1, retries: 1 })
  })
})

describe('probing and closing', () => {
  it('lets one probe through after the reset time and closes when it succeeds', async () => {
    const { app, logs } = await appWith({ breakerConsecutiveFailures: 2, breakerResetMs: RESET_MS })
    await codesOf(app, 2)
    expect((await statusOf(app, 'BAD')).state).toBe('open')
    failing.handle('data', answerOk)
    await sleep(RESET_MS + 50)
    expect(await codesOf(app, 3)).toEqual([undefined, undefined, undefined])
    expect(failing.calls.data).toHaveLength(5)
    expect(await statusOf(app, 'BAD')).toMatchObject({ state: 'closed', consecutiveFailures: 0 })
    expect(await statusOf(app, 'BAD')).not.toHaveProperty('openedAt')
    expect(logs.filter(l => l.ente === 'BAD' && l.breaker !== undefined).map(l => l.breaker)).toEqual(['open', 'half-open', 'closed'])
  })

  it('opens again when the probe fails, and callers waiting on the probe are not sent to the ente', async () => {
    const { app } = await appWith({ breakerConsecutiveFailures: 2, breakerResetMs: RESET_MS })
    await codesOf(app, 2)
    failing.handle('data', (call, res, count) => { setTimeout(() => answer500(call, res, count), 100) })
    await sleep(RESET_MS + 50)
    const concurrent = await Promise.all(Array.from({ length: 3 }, async () => await batch(app, [{ ente: 'BAD' }])))
    expect(concurrent.map(b => b.outcomes[0]?.error?.code).sort()).toEqual(['ENTE_CIRCUIT_OPEN', 'ENTE_CIRCUIT_OPEN', 'ENTE_HTTP_ERROR'])
    expect(failing.calls.data).toHaveLength(3)
    expect((await statusOf(app, 'BAD')).state).toBe('open')
  })
})

describe('GET /internal/v1/s2/entes/status', () => {
  it('lists every registered ente in federation order, closed and idle before any call', async () => {
    const { app } = await appWith({})
    const response = await app.inject({ method: 'GET', url: '/internal/v1/s2/entes/status' })
    expect(response.statusCode).toBe(200)
    const base = { state: 'closed', consecutiveFailures: 0, failures: 0, successes: 0, retries: 0, circuitOpenRejections: 0, overloadRejections: 0, inFlight: 0, maxInFlight: 20 }
    expect(response.json()).toEqual({
      system: 's2',
      entes: [
        { ente: 'BAD', origin: new URL(failing.url).origin, ...base },
        { ente: 'OK', origin: new URL(healthy.url).origin, ...base }
      ]
    })
  })
})
