import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { request } from 'undici'
import { startMetricsServer, type MetricsServer } from '@see/kit'
import { profiles } from '@see/systems'
import { postJson, type JsonAnswer } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// Prometheus metrics of the gateway and a system's service, read over HTTP from their internal
// metrics port (never the public one) before and after real traffic: requests per route and status,
// cache states, token outcomes, each ente's calls and outcomes, breakers, registry stages.

const s2 = profiles.s2

/** One sample's value from the text format, 0 when absent; labels match as a subset. */
function sample (text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) total += Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return total
}

async function scrape (server: MetricsServer): Promise<string> {
  const response = await request(server.url)
  expect(response.statusCode).toBe(200)
  expect(response.headers['content-type']).toContain('text/plain')
  return await response.body.text()
}

describe('metrics', () => {
  let federation: TestFederation
  let gatewayMetrics: MetricsServer
  let serviceMetrics: MetricsServer

  beforeAll(async () => {
    federation = await startTestFederation('metrics.test.ts', { entes: 3, size: 20 })
    gatewayMetrics = await startMetricsServer(federation.gateway.metrics, { port: 0 })
    serviceMetrics = await startMetricsServer(federation.service(s2.id).app.metrics, { port: 0 })
  })
  afterAll(async () => {
    await gatewayMetrics?.close()
    await serviceMetrics?.close()
    await federation?.close()
  })

  it('are not on the public port', async () => {
    // A busy test machine may shed a request (503): asked again until the route answers.
    await vi.waitFor(async () => {
      const response = await request(`${federation.gatewayUrl}/metrics`)
      await response.body.dump()
      expect(response.statusCode).toBe(404)
    }, { timeout: 10_000, interval: 500 })
  })

  it('move with traffic: requests, cache states, tokens, ente calls and outcomes, breakers, registry stages', async () => {
    const [gatewayBefore, serviceBefore] = [await scrape(gatewayMetrics), await scrape(serviceMetrics)]
    const search = { method: 'POST', route: String(s2.paths.search), status_code: '200' }
    const bearer = await vi.waitFor(async () => await federation.bearer(), { timeout: 10_000, interval: 500 })
    const searchOk = async (body: unknown): Promise<JsonAnswer> => await vi.waitFor(async () => {
      const answer = await postJson(`${federation.gatewayUrl}${s2.paths.search}`, body, bearer)
      expect(answer.status, JSON.stringify(answer.body)).toBe(200)
      return answer
    }, { timeout: 10_000, interval: 500 })
    // One ente failing on a query no one asked yet: its outcome is counted with its error code.
    const [failing] = federation.simulator.providers
    await failing!.setFault('error-500')
    const partial = await searchOk({ pageSize: 7 })
    await failing!.setFault('none')
    expect(partial.headers['x-see-incomplete']).toContain(failing!.clave)
    await searchOk({ pageSize: 5 })
    await searchOk({ pageSize: 5 })
    await vi.waitFor(async () => {
      const refused = await request(`${federation.gatewayUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'nadie', client_secret: 'incorrecto' }).toString()
      })
      await refused.body.dump()
      expect(refused.statusCode).toBe(401)
    }, { timeout: 10_000, interval: 500 })

    const [gateway, service] = [await scrape(gatewayMetrics), await scrape(serviceMetrics)]
    expect(sample(gateway, 'http_request_duration_seconds_count', search) - sample(gatewayBefore, 'http_request_duration_seconds_count', search)).toBeGreaterThanOrEqual(3)
    expect(sample(gateway, 'http_request_duration_seconds_bucket', { ...search, le: '+Inf' })).toBeGreaterThanOrEqual(2)
    const pages = (text: string): number => sample(text, 'see_cache_pages_total', { system: s2.id })
    expect(pages(gateway) - pages(gatewayBefore)).toBe(3)
    expect(sample(gateway, 'see_cache_pages_total', { system: s2.id, state: 'miss' })).toBeGreaterThanOrEqual(1)
    expect(sample(gateway, 'see_token_requests_total', { grant_type: 'password', outcome: 'ok' })).toBeGreaterThanOrEqual(1)
    expect(sample(gateway, 'see_token_requests_total', { grant_type: 'client_credentials', outcome: 'invalid_client' })).toBe(1)
    expect(sample(gateway, 'see_registry_connections', { system: s2.id, stage: 'produccion' })).toBe(3)
    expect(gateway).toContain('process_cpu_user_seconds_total')

    const okCalls = (text: string): number => sample(text, 'see_ente_call_duration_seconds_count', { system: s2.id, outcome: 'ok' })
    expect(okCalls(service) - okCalls(serviceBefore)).toBeGreaterThanOrEqual(3)
    expect(sample(service, 'see_ente_call_duration_seconds_count', { system: s2.id, ente: failing!.clave, outcome: 'ENTE_HTTP_ERROR' })).toBeGreaterThanOrEqual(1)
    for (const provider of federation.simulator.providers) {
      expect(sample(service, 'see_ente_breaker_state', { system: s2.id, ente: provider.clave, state: 'closed' }), provider.clave).toBe(1)
    }
    // Route patterns only: no raw URL, query string or ente URL in any label.
    expect(service).not.toContain('127.0.0.1')
    expect(gateway).not.toContain('incorrecto')
  })
})
