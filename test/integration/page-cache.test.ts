import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

const dataCalls = (federation: TestFederation): number => federation.simulator.providers.reduce((sum, p) => sum + p.counters.data, 0)

describe('page cache through the real gateway', () => {
  let federation: TestFederation
  let auth: Record<string, string>

  beforeAll(async () => {
    federation = await startTestFederation('page-cache', {
      entes: 3,
      size: 30,
      latencyMs: 20,
      // Pages are never fresh, so every request recomputes unless the entes fail.
      cacheTtls: { pageFreshMs: 0, pageStaleMs: 0, pageStaleIfErrorMs: 60_000 }
    })
    auth = await federation.bearer()
  })
  afterAll(async () => await federation.close())

  const search = async (body: unknown) => await postJson(`${federation.gatewayUrl}/v1/spic`, body, auth)

  it('collapses concurrent identical queries into one upstream round', async () => {
    federation.simulator.providers.forEach(p => p.resetCounters())
    const answers = await Promise.all(Array.from({ length: 12 }, async () => await search({ page: 1, pageSize: 5, query: { nombres: 'a' } })))
    expect(answers.every(a => a.status === 200)).toBe(true)
    expect(new Set(answers.map(a => JSON.stringify(a.body))).size).toBe(1)
    expect(answers.map(a => a.headers['x-see-cache']).filter(s => s === 'miss')).toHaveLength(1)
    expect(dataCalls(federation)).toBe(3)
  })

  it('serves the last good page when every ente fails, and says so', async () => {
    const body = { page: 2, pageSize: 10 }
    const fresh = await search(body)
    expect(fresh.status).toBe(200)
    await Promise.all(federation.simulator.providers.map(async p => await p.setFault('error-500')))
    try {
      const stale = await search(body)
      expect(stale.status).toBe(200)
      expect(stale.headers['x-see-cache']).toBe('stale-if-error')
      expect(stale.body).toEqual(fresh.body)
      // Counts are known for this query, so the entes hold this page's records: retryable 503.
      const counted = await search({ page: 3, pageSize: 10 })
      expect(counted.status).toBe(503)
      expect(counted.body.code).toBe('SEE_INCOMPLETE_PAGE')
      expect(counted.headers['retry-after']).toBe('1')
      // A query never answered before has nothing stale to fall back on.
      const neverSeen = await search({ query: { primerApellido: 'nunca' } })
      expect(neverSeen.status).toBe(502)
      expect(neverSeen.body.code).toBe('SEE_UPSTREAM_UNAVAILABLE')
    } finally {
      await Promise.all(federation.simulator.providers.map(async p => await p.setFault('none')))
    }
  })
})

describe('page cache with fresh pages', () => {
  let federation: TestFederation

  beforeAll(async () => {
    federation = await startTestFederation('page-cache', { entes: 2, size: 10 })
  })
  afterAll(async () => await federation.close())

  it('answers a repeated query from cache without asking the entes', async () => {
    const auth = await federation.bearer()
    const first = await postJson(`${federation.gatewayUrl}/v1/spic`, { pageSize: 3 }, auth)
    expect(first.headers['x-see-cache']).toBe('miss')
    const before = dataCalls(federation)
    const second = await postJson(`${federation.gatewayUrl}/v1/spic`, { pageSize: 3, page: 1, query: { nombres: '' } }, auth)
    expect(second.headers['x-see-cache']).toBe('hit')
    // A hit is the stored bytes (from Redis when REDIS_URL is set), sent as the same JSON.
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(second.body).toEqual(first.body)
    expect(dataCalls(federation)).toBe(before)
  })
})
