import { describe, expect, it } from 'vitest'
import { INTAKE_LIMIT_DEFAULTS, IpWindow } from '../../src/index.js'

// The per-address limit of the filing and tracking routes: a fixed window an hour, a 429 that says
// how long to wait, and a bound on the addresses it keeps in memory.

const HOUR = 3_600_000

describe('IpWindow', () => {
  it('lets `max` requests an hour through per address, then refuses saying why and for how long', () => {
    const window = new IpWindow(3)
    for (let i = 0; i < 3; i++) window.take('10.0.0.1', 1000 + i)
    let refused: unknown
    try {
      window.take('10.0.0.1', 1000 + 10 * 60_000)
    } catch (err) {
      refused = err
    }
    expect(refused).toMatchObject({ code: 'SEE_INTAKE_RATE_LIMITED', statusCode: 429, retryAfterSeconds: 50 * 60 })
    expect((refused as Error).message).toContain('límite: 3 por hora')
    expect((refused as Error).message).toContain('Espere 3000 segundos')
    // Another address has its own count; the same one is let in again when its hour is over.
    window.take('10.0.0.2', 2000)
    window.take('10.0.0.1', 1000 + HOUR)
  })

  it('keeps at most `maxAddresses` addresses, forgetting the one whose window is oldest', () => {
    const window = new IpWindow(1, 100)
    for (let i = 0; i < 10_000; i++) window.take(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, i)
    expect(window.size).toBe(100)
    // The newest addresses are still counted (refused a second time); the oldest were forgotten (let in).
    expect(() => window.take(`10.0.${(9999 >> 8) & 255}.${9999 & 255}`, 10_000)).toThrow(/límite: 1 por hora/)
    expect(() => window.take('10.0.0.0', 10_001)).not.toThrow()
    expect(window.size).toBe(100)
  })

  it('is bounded by default and refuses limits that are not positive integers', () => {
    expect(INTAKE_LIMIT_DEFAULTS).toEqual({ filingsPerHour: 20, trackingPerHour: 60, trackedAddresses: 100_000 })
    for (const [max, addresses] of [[0, 10], [1.5, 10], [1, 0], [Number.NaN, 10]] as const) expect(() => new IpWindow(max, addresses)).toThrow(RangeError)
  })
})
