import { ConfigError } from '@see/kit'
import { describe, expect, it } from 'vitest'
import { loadGatewayConfig } from '../../src/config.js'

// The smallest valid setup: a file of entes instead of the Sistema Registral.
const BASE = { ENTES_FILE: 'entes.json' }

describe('loadGatewayConfig', () => {
  it('keeps a page read from Redis near for 1 s by default, and lets operators turn it off', () => {
    expect(loadGatewayConfig(BASE).PAGE_NEAR_MS).toBe(1000)
    expect(loadGatewayConfig({ ...BASE, PAGE_NEAR_MS: '0' }).PAGE_NEAR_MS).toBe(0)
  })

  it('refuses a near copy longer than a minute or not a whole number of ms, naming the variable', () => {
    for (const value of ['60001', '-1', '1.5', 'uno']) {
      expect(() => loadGatewayConfig({ ...BASE, PAGE_NEAR_MS: value })).toThrow(ConfigError)
      expect(() => loadGatewayConfig({ ...BASE, PAGE_NEAR_MS: value })).toThrow(/PAGE_NEAR_MS/)
    }
  })

  it('allows no CORS origin by default and reads a comma-separated list of origins', () => {
    expect(loadGatewayConfig(BASE).CORS_ORIGINS).toEqual([])
    expect(loadGatewayConfig({ ...BASE, CORS_ORIGINS: 'https://portal.chiapas.gob.mx, http://localhost:5173,https://portal.chiapas.gob.mx' }).CORS_ORIGINS)
      .toEqual(['https://portal.chiapas.gob.mx', 'http://localhost:5173'])
  })

  it('refuses a CORS origin that is not exactly scheme://host[:port], naming the variable and the value', () => {
    for (const value of ['*', 'portal.chiapas.gob.mx', 'https://portal.chiapas.gob.mx/', 'https://portal.chiapas.gob.mx/api', 'ftp://portal.chiapas.gob.mx', 'https://Portal.chiapas.gob.mx', 'https://portal.chiapas.gob.mx:443']) {
      expect(() => loadGatewayConfig({ ...BASE, CORS_ORIGINS: value })).toThrow(ConfigError)
      expect(() => loadGatewayConfig({ ...BASE, CORS_ORIGINS: value })).toThrow(`CORS_ORIGINS: "${value}" no es un origen`)
    }
  })
})
