import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openRegistry, wireGateway } from '@see/gateway'
import { changeStage, type Actor } from '@see/registry'
import { postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'
import { registryApi, type RegistryApi } from '../support/registry-api.js'

// A stage change reaches the running gateway without a restart: through the API (announced at
// once, by Redis pub/sub when REDIS_URL is set), and made elsewhere (caught up by polling).

describe('hot reload of the registry into the running gateway', () => {
  let federation: TestFederation
  let operator: RegistryApi
  let clave: string

  // With Redis, a prefix this file knows, so that a second gateway instance joins the same channel.
  const redisPrefix = process.env.REDIS_URL ? `see-test:${randomBytes(4).toString('hex')}:` : undefined

  beforeAll(async () => {
    federation = await startTestFederation('registry-hot-reload', { entes: 3, size: 10, registryRefreshMs: 300, ...(redisPrefix && { redisPrefix }) })
    operator = await registryApi(federation, { operator: true })
    clave = federation.simulator.providers[1]!.clave
  })
  afterAll(async () => await federation?.close())

  // A retryable 503 (shed under load, or an ente that failed after it was counted) is asked again
  // after its Retry-After, as the PDN does: what this file proves is which entes answer, not latency.
  const entesInAnswer = async (gatewayUrl = federation.gatewayUrl): Promise<string[]> => {
    let answer = await postJson(`${gatewayUrl}/v1/spic`, { pageSize: 200 }, await federation.bearer())
    for (let retry = 0; answer.status === 503 && retry < 5; retry++) {
      await new Promise(resolve => setTimeout(resolve, 1000 * Number(answer.headers['retry-after'] ?? 1)))
      answer = await postJson(`${gatewayUrl}/v1/spic`, { pageSize: 200 }, await federation.bearer())
    }
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    return [...new Set(answer.body.results.map((r: { id: string }) => r.id.split(':')[0]))] as string[]
  }
  const waitUntil = async (check: (entes: string[]) => void, gatewayUrl = federation.gatewayUrl): Promise<void> => {
    await vi.waitFor(async () => check(await entesInAnswer(gatewayUrl)), { timeout: 15_000, interval: 100 })
  }

  it('drops a suspended ente from /v1/spic and brings it back through maintenance', async () => {
    // A cached page must not hide the change: this one is cached before it.
    expect(await entesInAnswer()).toContain(clave)
    expect((await operator.post(`/entes/${clave}/conexiones/s2/etapa`, { stage: 'suspendida', observations: 'Respuestas fuera del estándar' })).status).toBe(200)
    await waitUntil(entes => expect(entes).not.toContain(clave))
    expect(await entesInAnswer()).toHaveLength(2)

    expect((await operator.post(`/entes/${clave}/conexiones/s2/etapa`, { stage: 'mantenimiento' })).status).toBe(200)
    expect((await operator.post(`/entes/${clave}/conexiones/s2/etapa`, { stage: 'produccion' })).status).toBe(200)
    await waitUntil(entes => expect(entes).toContain(clave))
  })

  it('picks up a change made outside this gateway (no announcement) by polling', async () => {
    const elsewhere: Actor = { kind: 'operator', id: 'otra-instancia' }
    await changeStage(federation.registry.ctx, elsewhere, clave, 's2', { stage: 'mantenimiento' })
    await waitUntil(entes => expect(entes).not.toContain(clave))
    await changeStage(federation.registry.ctx, elsewhere, clave, 's2', { stage: 'produccion' })
    await waitUntil(entes => expect(entes).toContain(clave))
  })

  // Pub/sub needs Redis: skipped only without REDIS_URL, which .ci/run always sets (CI runs it).
  it.runIf(redisPrefix !== undefined)('reaches another gateway instance by Redis pub/sub alone (its polling is off)', async () => {
    const { platform } = federation
    const opened = await openRegistry({ pool: federation.database.pool, keys: federation.registry.ctx.keys, urlPolicy: federation.registry.ctx.urlPolicy, redis: platform.redis!, redisPrefix: redisPrefix!, refreshMs: 0 })
    const issuer = federation.gatewayUrl.replace(/:\d+$/, ':0')
    const { app: second } = await wireGateway({
      platform,
      services: federation.services.map(({ system, running }) => ({ system, url: running.url })),
      registry: opened,
      publicUrl: issuer,
      redisPrefix: redisPrefix!,
      logger: false
    })
    try {
      const url = await second.listen({ port: 0, host: '127.0.0.1' })
      await (opened.changes as unknown as { subscribed: Promise<boolean> }).subscribed
      expect(await entesInAnswer(url)).toContain(clave)
      expect((await operator.post(`/entes/${clave}/conexiones/s2/etapa`, { stage: 'suspendida' })).status).toBe(200)
      await waitUntil(entes => expect(entes).not.toContain(clave), url)
      expect((await operator.post(`/entes/${clave}/conexiones/s2/etapa`, { stage: 'mantenimiento' })).status).toBe(200)
      expect((await operator.post(`/entes/${clave}/conexiones/s2/etapa`, { stage: 'produccion' })).status).toBe(200)
      await waitUntil(entes => expect(entes).toContain(clave), url)
    } finally {
      await second.close()
      await opened.close()
    }
  })
})
