import { describe, expect, it } from 'vitest'
import { defaultFleet, NAMED_ENTES_COUNT, SIMULATED_SYSTEMS, SimulatorConfigError } from '../../src/index.js'

describe('defaultFleet', () => {
  it('starts with the named Chiapas entes', () => {
    expect(defaultFleet(4).map(p => p.clave)).toEqual(['SHCH', 'SSA', 'CONGRESO', 'TUXTLA'])
    expect(defaultFleet(1)[0]).toMatchObject({ nombre: 'Secretaría de Hacienda del Estado de Chiapas', size: 100 })
  })

  it('gives up to 60 and more distinct, registry-safe claves with one to four institutions each', () => {
    const fleet = defaultFleet(NAMED_ENTES_COUNT + 5, { size: 7 })
    expect(new Set(fleet.map(p => p.clave)).size).toBe(fleet.length)
    expect(fleet.map(p => p.clave)).toContain('SCLC')
    expect(fleet.map(p => p.clave)).toContain('TAPACHULA')
    expect(fleet.map(p => p.clave)).toContain('COMITAN')
    for (const provider of fleet) {
      expect(provider.clave).toMatch(/^[A-Za-z0-9_-]{1,40}$/)
      expect(provider.instituciones?.length).toBeGreaterThanOrEqual(1)
      expect(provider.instituciones?.length).toBeLessThanOrEqual(4)
      expect(provider.size).toBe(7)
    }
    const instituciones = fleet.flatMap(p => p.instituciones ?? [])
    expect(new Set(instituciones.map(i => i.clave)).size).toBe(instituciones.length)
  })

  it('is deterministic, and a base seed changes every provider seed', () => {
    expect(defaultFleet(60)).toEqual(defaultFleet(60))
    const a = defaultFleet(3, { seed: 1 }).map(p => p.seed)
    const b = defaultFleet(3, { seed: 2 }).map(p => p.seed)
    expect(new Set([...a, ...b]).size).toBe(6)
  })

  it('passes latency, fault and token lifetime through', () => {
    expect(defaultFleet(2, { latencyMs: 5, jitterMs: 2, fault: 'hang', tokenTtlSeconds: 9 })[1])
      .toMatchObject({ latencyMs: 5, jitterMs: 2, fault: 'hang', tokenTtlSeconds: 9 })
  })

  it('has every ente serve every system the simulator can serve, unless told which, with per-system sizes', () => {
    expect(SIMULATED_SYSTEMS.length).toBeGreaterThanOrEqual(3)
    for (const provider of defaultFleet(3)) expect(provider.systems).toEqual(SIMULATED_SYSTEMS)
    const [first] = defaultFleet(1, { systems: [SIMULATED_SYSTEMS[1]!], size: 4, sizes: { [SIMULATED_SYSTEMS[1]!]: 9 } })
    expect(first).toMatchObject({ systems: [SIMULATED_SYSTEMS[1]], size: 4, sizes: { [SIMULATED_SYSTEMS[1]!]: 9 } })
  })

  it('rejects a negative or fractional count', () => {
    expect(() => defaultFleet(-1)).toThrow(SimulatorConfigError)
    expect(() => defaultFleet(1.5)).toThrow(SimulatorConfigError)
  })
})
