import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { batch, statusOf, testApp, type TestApp } from '../support/app.js'
import { directoryOf, pageOf, sendJson, startStubEnte, validRecord, type Handler, type StubEnte } from '../support/stub-ente.js'
import type { ResilienceOptions } from '../../src/index.js'

// The retry policy end to end: a stub ente misbehaves on the first data call (or always) and the
// stub's own record of calls shows whether a second one came.

let ente: StubEnte
let test: TestApp | undefined

async function appWith (resilience: ResilienceOptions = {}): Promise<TestApp> {
  test = await testApp(directoryOf([['E1', ente.url]], { connectMs: 1000, headersMs: 10_000, bodyMs: 10_000 }), { resilience, maxResponseBytes: 4096 })
  return test
}

const answerOk: Handler = (_c, res) => sendJson(res, 200, pageOf([validRecord('1')]))

/** Misbehaves on the first data call only, then answers normally. */
function firstCall (misbehave: Handler): Handler {
  return async (call, res, count) => { await (count === 1 ? misbehave(call, res, count) : answerOk(call, res, count)) }
}

function status (code: number, headers: Record<string, string> = {}): Handler {
  return (_c, res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify({ code: 'X', message: 'falla' }))
  }
}

beforeEach(async () => { ente = await startStubEnte() })
afterEach(async () => {
  await test?.app.close()
  test = undefined
  await ente.close()
})

describe('one retry on transient failures', () => {
  it.each([502, 503, 504, 429])('retries once after HTTP %i and answers with the second call', async code => {
    ente.handle('data', firstCall(status(code)))
    const { app } = await appWith()
    const { outcomes } = await batch(app, [{ ente: 'E1' }])
    expect(outcomes[0]).toMatchObject({ ok: true, totalRows: 1 })
    expect(ente.calls.data).toHaveLength(2)
    expect(ente.calls.token).toHaveLength(1)
    expect((await statusOf(app, 'E1')).retries).toBe(1)
  })

  it('retries once after a connection reset', async () => {
    ente.handle('data', firstCall((_c, res) => { res.socket?.resetAndDestroy() }))
    const { app } = await appWith()
    const { outcomes } = await batch(app, [{ ente: 'E1' }])
    expect(outcomes[0]).toMatchObject({ ok: true, totalRows: 1 })
    expect(ente.calls.data).toHaveLength(2)
  })

  it('retries once after the socket closed before any answer', async () => {
    ente.handle('data', firstCall((_c, res) => { res.socket?.destroy() }))
    const { app } = await appWith()
    const { outcomes } = await batch(app, [{ ente: 'E1' }])
    expect(outcomes[0]).toMatchObject({ ok: true, totalRows: 1 })
    expect(ente.calls.data).toHaveLength(2)
  })

  it('gives up after the one retry and reports the failure', async () => {
    ente.handle('data', status(503))
    const { app, logs } = await appWith()
    const { outcomes } = await batch(app, [{ ente: 'E1' }])
    expect(outcomes[0]).toMatchObject({ ok: false, error: { code: 'ENTE_HTTP_ERROR', message: expect.stringContaining('503') } })
    expect(ente.calls.data).toHaveLength(2)
    expect(logs.filter(l => l.ente === 'E1' && l.code === 'ENTE_HTTP_ERROR')).toHaveLength(1)
  })

  it('waits as long as Retry-After asks', async () => {
    const arrivals: number[] = []
    ente.handle('data', async (call, res, count) => {
      arrivals.push(performance.now())
      await firstCall(status(503, { 'retry-after': '1' }))(call, res, count)
    })
    const { app } = await appWith()
    const { outcomes } = await batch(app, [{ ente: 'E1' }], { timeoutMs: 5000 })
    expect(outcomes[0]?.ok).toBe(true)
    expect(arrivals).toHaveLength(2)
    // A lower bound only: the retry may come later on a busy machine, never sooner.
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(950)
  })

  it('does not retry when Retry-After does not fit in the deadline, and reports the original error', async () => {
    ente.handle('data', firstCall(status(503, { 'retry-after': '5' })))
    const { app } = await appWith()
    const { outcomes } = await batch(app, [{ ente: 'E1' }], { timeoutMs: 2000 })
    expect(outcomes[0]).toMatchObject({ ok: false, error: { code: 'ENTE_HTTP_ERROR', message: expect.stringContaining('503') } })
    expect(ente.calls.data).toHaveLength(1)
  })

  it('does not retry when the deadline leaves no room for another call', async () => {
    ente.handle('data', firstCall(status(503)))
    const { app } = await appWith({ retryMinCallMs: 10_000 })
    const { outcomes } = await batch(app, [{ ente: 'E1' }], { timeoutMs: 5000 })
    expect(outcomes[0]?.error?.code).toBe('ENTE_HTTP_ERROR')
    expect(ente.calls.data).toHaveLength(1)
  })

  it('does not retry when retries are disabled', async () => {
    ente.handle('data', firstCall(status(503)))
    const { app } = await appWith({ retryEnabled: false })
    expect((await batch(app, [{ ente: 'E1' }])).outcomes[0]?.error?.code).toBe('ENTE_HTTP_ERROR')
    expect(ente.calls.data).toHaveLength(1)
  })

  it('retries dependencias too (a read-only GET)', async () => {
    ente.handle('dependencias', async (call, res, count) => {
      if (count === 1) return status(503)(call, res, count)
      sendJson(res, 200, [{ nombre: 'Secretaría de Hacienda' }])
    })
    const { app } = await appWith()
    const response = await app.inject({ method: 'POST', url: '/internal/v1/s2/dependencias', payload: { timeoutMs: 5000, entes: ['E1'] } })
    expect(response.json()).toMatchObject({ outcomes: [{ ente: 'E1', ok: true }] })
    expect(ente.calls.dependencias).toHaveLength(2)
  })
})

describe('no retry on anything else', () => {
  it.each([
    [500, 'ENTE_HTTP_ERROR'],
    [404, 'ENTE_HTTP_ERROR'],
    [400, 'ENTE_REJECTED_QUERY'],
    [422, 'ENTE_REJECTED_QUERY']
  ])('HTTP %i → %s after a single call', async (code, outcome) => {
    ente.handle('data', status(code))
    const { app } = await appWith()
    expect((await batch(app, [{ ente: 'E1' }])).outcomes[0]?.error?.code).toBe(outcome)
    expect(ente.calls.data).toHaveLength(1)
  })

  it('401: only the token layer\'s own retry with a fresh token', async () => {
    ente.handle('data', status(401))
    const { app } = await appWith()
    expect((await batch(app, [{ ente: 'E1' }])).outcomes[0]?.error?.code).toBe('ENTE_AUTH_FAILED')
    expect(ente.calls.data).toHaveLength(2)
    expect(ente.calls.token).toHaveLength(2)
  })

  it('a timeout that consumed the deadline', async () => {
    ente.handle('data', () => {})
    const { app } = await appWith()
    expect((await batch(app, [{ ente: 'E1' }], { timeoutMs: 300 })).outcomes[0]?.error?.code).toBe('ENTE_TIMEOUT')
    expect(ente.calls.data).toHaveLength(1)
  })

  it('an answer over the size cap', async () => {
    ente.handle('data', (_c, res) => sendJson(res, 200, pageOf(Array.from({ length: 50 }, (_v, i) => validRecord(String(i))))))
    const { app } = await appWith()
    expect((await batch(app, [{ ente: 'E1' }])).outcomes[0]?.error?.code).toBe('ENTE_RESPONSE_TOO_LARGE')
    expect(ente.calls.data).toHaveLength(1)
  })

  it.each([
    ['malformed JSON', 'ENTE_MALFORMED_RESPONSE', '<html>'],
    ['the wrong shape', 'ENTE_BAD_SHAPE', '{"data":[]}']
  ])('an answer with %s', async (_what, code, body) => {
    ente.handle('data', (_c, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body) })
    const { app } = await appWith()
    expect((await batch(app, [{ ente: 'E1' }])).outcomes[0]?.error?.code).toBe(code)
    expect(ente.calls.data).toHaveLength(1)
  })
})
