import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base'
import { createServer } from '../../src/server.js'
import { loggerOptions } from '../../src/logger.js'
import { REQUEST_ID_ATTRIBUTE, startTracing, type Tracing } from '../../src/tracing.js'

// With tracing on, a request's log lines and its spans are found by the same ids: every line
// carries the request id (`reqId`) and the trace and span it was written in; the request's span
// carries the request id; the URL's query string (names, tokens) reaches neither.

const exporter = new InMemorySpanExporter()
let tracing: Tracing

beforeAll(() => { tracing = startTracing({ serviceName: 'kit-test', exporter }) })
afterAll(async () => { await tracing?.shutdown() })

describe('tracing and logs', () => {
  it('puts the request id in the request span and in every log line, beside the trace id of that span', async () => {
    const lines: Array<Record<string, unknown>> = []
    const stream = new Writable({ write (chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done() } })
    const app = await createServer({ name: 'kit-test', logger: { ...loggerOptions('kit-test', 'info') as object, stream } })
    app.get('/eco', async (request) => {
      request.log.info('dentro de la solicitud')
      return { ok: true }
    })
    try {
      const answer = await app.inject({ method: 'GET', url: '/eco?nombres=JOSE&access_token=secreto', headers: { 'x-request-id': 'pedido-42' } })
      expect(answer.statusCode).toBe(200)
    } finally {
      await app.close()
    }
    const span = exporter.getFinishedSpans().find(s => s.name === 'request' && s.attributes[REQUEST_ID_ATTRIBUTE] === 'pedido-42')
    expect(span).toBeDefined()
    expect(span!.attributes['url.path']).toBe('/eco')
    const mine = lines.filter(line => line.reqId === 'pedido-42')
    expect(mine.map(line => line.msg)).toContain('dentro de la solicitud')
    const inside = mine.find(line => line.msg === 'dentro de la solicitud')!
    expect(inside.trace_id).toBe(span!.spanContext().traceId)
    expect(JSON.stringify(lines)).not.toContain('secreto')
  })
})
