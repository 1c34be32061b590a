import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { REQUEST_ID_ATTRIBUTE, startTracing, type Tracing } from '@see/kit'
import { profiles } from '@see/systems'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// Tracing on, with an in-memory exporter, over a real federation on loopback (gateway, the S2
// service and simulated entes, talking HTTP as in production): one PDN query is one trace, whose
// spans chain gateway → its call to the service → the service's request (the context crossed HTTP
// as `traceparent`) → each ente's call, every span carrying the query's request id.

const exporter = new InMemorySpanExporter()
let tracing: Tracing
let federation: TestFederation

beforeAll(async () => {
  // Before any server is built, as the processes do.
  tracing = startTracing({ serviceName: 'see-test', exporter })
  federation = await startTestFederation('tracing.test.ts', { entes: 3, size: 12 })
}, 120_000)
afterAll(async () => {
  await federation?.close()
  await tracing?.shutdown()
})

const idOf = (span: ReadableSpan): string => span.spanContext().spanId
const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId

/** The span's ancestors within the trace, nearest first. */
function ancestors (span: ReadableSpan, byId: Map<string, ReadableSpan>): ReadableSpan[] {
  const chain: ReadableSpan[] = []
  for (let parent = byId.get(parentOf(span) ?? ''); parent !== undefined; parent = byId.get(parentOf(parent) ?? '')) chain.push(parent)
  return chain
}

describe('tracing a PDN query', () => {
  it('makes one trace gateway → service → each ente call, the context crossing HTTP, the request id on every span', async () => {
    const requestId = 'traza-prueba-0001'
    exporter.reset()
    const answer = await fetch(`${federation.gatewayUrl}${profiles.s2.paths.search}`, {
      method: 'POST',
      headers: { ...await federation.bearer(), 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ page: 1, pageSize: 30 })
    })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('x-see-incomplete')).toBeNull()

    const spans = exporter.getFinishedSpans().filter(s => s.attributes[REQUEST_ID_ATTRIBUTE] === requestId)
    const byId = new Map(spans.map(s => [idOf(s), s]))
    const servers = spans.filter(s => s.name === 'request' && s.attributes['fastify.root'] === '@fastify/otel')
    // The gateway's request span is the root: the PDN sent no trace context.
    const gateway = servers.find(s => s.attributes['http.route'] === profiles.s2.paths.search && s.parentSpanContext === undefined)
    const services = servers.filter(s => String(s.attributes['http.route']).startsWith(`/internal/v1/${profiles.s2.id}/`))
    expect(gateway, 'the gateway\'s request span').toBeDefined()
    expect(services.length, 'the service\'s request spans (count and page rounds)').toBeGreaterThan(0)

    // One trace, started by the PDN's request at the gateway.
    expect(new Set(spans.map(s => s.spanContext().traceId))).toEqual(new Set([gateway!.spanContext().traceId]))

    // gateway → its HTTP call to the service → the service's request (its parent came over HTTP).
    for (const service of services) {
      const toService = byId.get(parentOf(service) ?? '')!
      expect(toService.kind).toBe(2) // CLIENT
      expect(String(toService.attributes['url.full'])).toContain(`/internal/v1/${profiles.s2.id}/`)
      expect(ancestors(toService, byId)).toContain(gateway)
    }

    // The service's request → each ente's call (and the ente's own request, one more hop over HTTP).
    const enteCalls = spans.filter(s => s.kind === 2 && services.some(service => ancestors(s, byId).includes(service)))
    const entes = federation.simulator.providers
    for (const ente of entes) {
      const calls = enteCalls.filter(s => String(s.attributes['url.full']).startsWith(ente.url))
      expect(calls.length, ente.clave).toBeGreaterThan(0)
    }
    // Every span of the query carries its request id (filtered on above), and no query string is recorded.
    expect(spans.length).toBeGreaterThanOrEqual(3 + entes.length)
    for (const span of spans) expect(String(span.attributes['url.full'] ?? '')).not.toContain('?')
  })
})
