import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { batch, testApp, type TestApp } from '../support/app.js'
import { directoryOf, pageOf, sendJson, startStubEnte, validRecord, type StubEnte } from '../support/stub-ente.js'

// Each way an ente can fail maps to its outcome code, while the healthy ente in the same batch
// still answers. One stub per failure, each with its fixed behaviour.

const MAX_BYTES = 4096
const stubs = new Map<string, StubEnte>()
let healthy: StubEnte
let test: TestApp
let refusedUrl: string

async function stub (clave: string, configure: (s: StubEnte) => void): Promise<void> {
  const started = await startStubEnte()
  configure(started)
  stubs.set(clave, started)
}

beforeAll(async () => {
  healthy = await startStubEnte()
  await stub('HANG', s => s.handle('data', () => {}))
  await stub('SLOWBODY', s => s.handle('data', (_c, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write('{"pagination":')
  }))
  await stub('E500', s => s.handle('data', (_c, res) => sendJson(res, 500, { code: 'ERR', message: 'falla' })))
  await stub('E422', s => s.handle('data', (_c, res) => sendJson(res, 422, { code: 'VAL', message: 'pageSize' })))
  await stub('E400', s => s.handle('data', (_c, res) => sendJson(res, 400, { code: 'VAL', message: 'query' })))
  await stub('NOTJSON', s => s.handle('data', (_c, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('<html>oops</html>') }))
  await stub('SHAPE', s => s.handle('data', (_c, res) => sendJson(res, 200, { data: [], meta: { total_count: 0 } })))
  await stub('HUGE', s => s.handle('data', (_c, res) => sendJson(res, 200, pageOf(Array.from({ length: 50 }, (_v, i) => validRecord(String(i)))))))
  await stub('HUGECHUNKED', s => s.handle('data', (_c, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(pageOf(Array.from({ length: 50 }, (_v, i) => validRecord(String(i))))))
  }))
  await stub('REDIRECT', s => s.handle('data', (_c, res) => { res.writeHead(302, { location: `${healthy.url}/v1/spic` }); res.end() }))
  await stub('DIRTY', s => s.handle('data', (_c, res) => sendJson(res, 200, pageOf([validRecord('a', { extra: 1 }), { id: 'b' }, validRecord('c'), validRecord('d', { fechaCaptura: 7 })], 40))))
  const gone = await startStubEnte()
  refusedUrl = gone.url
  await gone.close()
  const directory = directoryOf([
    ['OK', healthy.url],
    ['REFUSED', refusedUrl],
    ...[...stubs].map(([clave, s]) => [clave, s.url] as [string, string])
  ], { connectMs: 1000, headersMs: 10_000, bodyMs: 10_000 })
  test = await testApp(directory, { maxResponseBytes: MAX_BYTES })
})

afterAll(async () => {
  await test.app.close()
  await Promise.all([healthy, ...stubs.values()].map(async s => await s.close()))
})

async function outcomeOf (clave: string, timeoutMs = 5000): Promise<NonNullable<Awaited<ReturnType<typeof batch>>['outcomes'][number]>[]> {
  const { outcomes } = await batch(test.app, [{ ente: 'OK' }, { ente: clave }, { ente: 'OK' }], { timeoutMs })
  return outcomes
}

describe('ente failures become per-ente outcomes', () => {
  it.each([
    ['REFUSED', 'ENTE_UNREACHABLE'],
    ['E500', 'ENTE_HTTP_ERROR'],
    ['E422', 'ENTE_REJECTED_QUERY'],
    ['E400', 'ENTE_REJECTED_QUERY'],
    ['NOTJSON', 'ENTE_MALFORMED_RESPONSE'],
    ['SHAPE', 'ENTE_BAD_SHAPE'],
    ['HUGE', 'ENTE_RESPONSE_TOO_LARGE'],
    ['HUGECHUNKED', 'ENTE_RESPONSE_TOO_LARGE'],
    ['REDIRECT', 'ENTE_HTTP_ERROR'],
    ['NOPE', 'ENTE_UNKNOWN']
  ])('%s → %s, and the other entes still answer', async (clave, code) => {
    const outcomes = await outcomeOf(clave)
    expect(outcomes.map(o => o.ente)).toEqual(['OK', clave, 'OK'])
    expect(outcomes[0]).toMatchObject({ ok: true, totalRows: 2 })
    expect(outcomes[2]).toMatchObject({ ok: true, totalRows: 2 })
    expect(outcomes[1]).toMatchObject({ ente: clave, ok: false, error: { code } })
    expect(outcomes[1]?.results).toBeUndefined()
    expect(test.logs.filter(l => l.ente === clave && l.code === code).length).toBeGreaterThanOrEqual(1)
  })

  it('names the HTTP status in the message', async () => {
    const outcomes = await outcomeOf('E500')
    expect(outcomes[1]?.error?.message).toContain('500')
  })

  it('does not follow redirects', async () => {
    const before = healthy.calls.data.length
    const outcomes = await outcomeOf('REDIRECT')
    expect(outcomes[1]?.error?.message).toContain('302')
    expect(healthy.calls.data.length).toBe(before + 2)
  })

  it.each(['HANG', 'SLOWBODY'])('%s: answers ENTE_TIMEOUT at the batch deadline, not at the ente timeouts', async clave => {
    const started = performance.now()
    const outcomes = await outcomeOf(clave, 300)
    const elapsed = performance.now() - started
    expect(outcomes[1]).toMatchObject({ ente: clave, ok: false, error: { code: 'ENTE_TIMEOUT' } })
    expect(outcomes[0]?.ok).toBe(true)
    // The ente's own timeouts are 10 s here; only the 300 ms deadline can have ended the call.
    expect(elapsed).toBeLessThan(5000)
    expect(outcomes[1]?.latencyMs).toBeGreaterThanOrEqual(200)
  })

  it('drops records that break the standard, counts them, strips unknown fields and logs once', async () => {
    const outcomes = await outcomeOf('DIRTY')
    expect(outcomes[1]).toMatchObject({ ente: 'DIRTY', ok: true, totalRows: 40, hasNextPage: false, dropped: 2 })
    expect(outcomes[1]?.results).toEqual([validRecord('a'), validRecord('c')])
    const lines = test.logs.filter(l => l.ente === 'DIRTY' && l.dropped === 2)
    expect(lines).toHaveLength(1)
    expect(lines[0]?.level).toBe(40)
  })
})
