import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serviceTokenSource } from '@see/auth'
import { EnteMonitor, enteHealth, systemServiceClient, type SystemServiceClient } from '@see/gateway'
import { profiles } from '@see/systems'
import { startTestFederation, type TestFederation } from '../support/federation.js'
import { registryApi } from '../support/registry-api.js'

// The monitor of entes over a real federation, on a clock the test moves: each round probes every
// connection in production through its system's service; an ente going down and coming back is in
// the history, and its uptime over 24 h / 7 d / 30 d is read from it.

const s2 = profiles.s2
const HOUR = 3_600_000

describe('monitor of entes', () => {
  let federation: TestFederation
  let client: SystemServiceClient
  let clock: number
  const now = (): Date => new Date(clock)

  beforeAll(async () => {
    federation = await startTestFederation('ente-monitor.test.ts', { entes: 2, size: 15 })
    const token = serviceTokenSource(federation.platform.keys, { ttlSeconds: 60 })
    client = systemServiceClient(s2, federation.service(s2.id).url, { authorization: async () => `Bearer ${await token(s2.id)}` })
    clock = Date.parse('2026-01-10T00:00:00Z')
  })
  afterAll(async () => {
    await client?.close()
    await federation?.close()
  })

  it('records an ente going down and coming back, and its uptime per window', async () => {
    const monitor = new EnteMonitor({ systems: [{ system: s2, service: client }], directory: federation.registry.directories.production, db: federation.database.pool, now, timeoutMs: 3_000 })
    const [down, steady] = federation.simulator.providers
    const round = async (): Promise<void> => { await monitor.runRound(); clock += HOUR }

    // 8 days of hourly rounds: up, then down for the last 6 hours of day 7, then up for a day.
    for (let hour = 0; hour < 24 * 7 - 6; hour++) await round()
    await down!.setFault('down')
    for (let hour = 0; hour < 6; hour++) await round()
    const whileDown = await enteHealth(federation.database.pool, new Date(clock - HOUR))
    expect(whileDown.find(h => h.ente === down!.clave)).toMatchObject({ system: s2.id, up: false, lastErrorCode: expect.stringMatching(/^ENTE_/) })
    expect(whileDown.find(h => h.ente === steady!.clave)).toMatchObject({ up: true, totalRows: 15 })
    await down!.setFault('none')
    for (let hour = 0; hour < 24; hour++) await round()

    const health = await enteHealth(federation.database.pool, new Date(clock - HOUR))
    const back = health.find(h => h.ente === down!.clave)!
    expect(back.up).toBe(true)
    expect(back.totalRows).toBe(15)
    // 24 h: the last 24 rounds, none down; 7 d: 6 down of 168.
    expect(back.uptime['24h']).toBe(1)
    expect(back.uptime['7d']).toBeCloseTo(1 - 6 / 168, 5)
    expect(back.uptime['30d']).toBeCloseTo(1 - 6 / (24 * 8), 5)
    expect(back.latencyMs.p50).toBeGreaterThanOrEqual(0)
    expect(back.latencyMs.p95).toBeGreaterThanOrEqual(back.latencyMs.p50!)
    expect(health.find(h => h.ente === steady!.clave)!.uptime['30d']).toBe(1)
  }, 240_000)

  it('answers operators at /registro/v1/monitor from the history, and no one else', async () => {
    const operator = await registryApi(federation, { operator: true })
    const answer = await operator.get('/monitor')
    expect(answer.status).toBe(200)
    expect(answer.body.map((h: { ente: string }) => h.ente).sort()).toEqual(federation.simulator.providers.map(p => p.clave).sort())
    expect(answer.body[0]).toMatchObject({ system: s2.id, up: true, totalRows: 15 })
    const ente = await registryApi(federation, { ente: federation.simulator.providers[0]!.clave })
    expect((await ente.get('/monitor')).status).toBe(403)
  })

  it('computes /registro/v1/cobertura from the live probes: a connection in production that fails its latest probe does not cover its ente', async () => {
    const operator = await registryApi(federation, { operator: true })
    const [down, steady] = federation.simulator.providers
    const coverageOf = async (): Promise<{ live: Record<string, number>, entes: Array<{ clave: string, stage: string | null, monitor?: { up: boolean, lastErrorCode?: string, totalRows?: number } }> }> => {
      const answer = await operator.get('/cobertura')
      expect(answer.status).toBe(200)
      return answer.body.systems.find((s: { system: string }) => s.system === s2.id)
    }
    // Both are in production by the registry; the probes above are months old: nothing is known now.
    const before = await coverageOf()
    expect(before.entes.filter(e => e.stage === 'produccion')).toHaveLength(2)
    expect(before.live).toEqual({ produccion: 2, up: 0, down: 0, unprobed: 2, totalRows: 0 })

    const monitor = new EnteMonitor({ systems: [{ system: s2, service: client }], directory: federation.registry.directories.production, db: federation.database.pool, timeoutMs: 3_000 })
    await down!.setFault('down')
    try {
      await monitor.runRound()
    } finally {
      await down!.setFault('none')
    }
    const whileDown = await coverageOf()
    expect(whileDown.live).toEqual({ produccion: 2, up: 1, down: 1, unprobed: 0, totalRows: 15 })
    expect(whileDown.entes.find(e => e.clave === down!.clave)).toMatchObject({ stage: 'produccion', monitor: { up: false, lastErrorCode: expect.stringMatching(/^ENTE_/) } })
    expect(whileDown.entes.find(e => e.clave === steady!.clave)).toMatchObject({ stage: 'produccion', monitor: { up: true, totalRows: 15 } })

    await monitor.runRound()
    expect((await coverageOf()).live).toEqual({ produccion: 2, up: 2, down: 0, unprobed: 0, totalRows: 30 })
  })
})
