import { ConfigError } from '@see/kit'
import { describe, expect, it } from 'vitest'
import { intakeLimitsOf, loadGatewayConfig, trustedProxies } from '../../src/config.js'

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

  it('keeps the operators\' API docs behind a registry:admin token unless DOCS_OPERATOR=public, and refuses other values', () => {
    expect(loadGatewayConfig(BASE).DOCS_OPERATOR).toBe('token')
    expect(loadGatewayConfig({ ...BASE, DOCS_OPERATOR: 'public' }).DOCS_OPERATOR).toBe('public')
    expect(() => loadGatewayConfig({ ...BASE, DOCS_OPERATOR: 'abierto' })).toThrow(/DOCS_OPERATOR/)
  })
})

describe('TRUSTED_PROXIES', () => {
  it('trusts no proxy by default and reads a list of addresses and CIDR ranges', () => {
    expect(trustedProxies(loadGatewayConfig(BASE).TRUSTED_PROXIES)).toEqual([])
    const config = loadGatewayConfig({ ...BASE, TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8' })
    expect(trustedProxies(config.TRUSTED_PROXIES)).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8'])
  })

  it('refuses anything but addresses and ranges, naming the variable and the entry', () => {
    for (const value of ['proxy.interno', '10.0.0.0/33', '10.0.0.1/8/2', ',', '300.1.1.1']) {
      expect(() => loadGatewayConfig({ ...BASE, TRUSTED_PROXIES: value })).toThrow(ConfigError)
      expect(() => loadGatewayConfig({ ...BASE, TRUSTED_PROXIES: value })).toThrow(/TRUSTED_PROXIES/)
    }
  })
})

describe('PDN_TOKENS_PER_MINUTE', () => {
  it('gives the PDN 120,000 tokens a minute by default and takes a whole number', () => {
    expect(loadGatewayConfig(BASE).PDN_TOKENS_PER_MINUTE).toBe(120_000)
    expect(loadGatewayConfig({ ...BASE, PDN_TOKENS_PER_MINUTE: '6000' }).PDN_TOKENS_PER_MINUTE).toBe(6000)
    expect(() => loadGatewayConfig({ ...BASE, PDN_TOKENS_PER_MINUTE: '1.5' })).toThrow(/PDN_TOKENS_PER_MINUTE/)
  })
})

describe('INTAKE_FILINGS_PER_HOUR, INTAKE_TRACKING_PER_HOUR, INTAKE_TRACKED_ADDRESSES', () => {
  it('limits each address to 20 filings and 60 tracking requests an hour, over at most 100,000 addresses, by default', () => {
    expect(intakeLimitsOf(loadGatewayConfig(BASE))).toEqual({ filingsPerHour: 20, trackingPerHour: 60, trackedAddresses: 100_000 })
  })

  it('takes the operator\'s limits', () => {
    const config = loadGatewayConfig({ ...BASE, INTAKE_FILINGS_PER_HOUR: '5', INTAKE_TRACKING_PER_HOUR: '500', INTAKE_TRACKED_ADDRESSES: '2000' })
    expect(intakeLimitsOf(config)).toEqual({ filingsPerHour: 5, trackingPerHour: 500, trackedAddresses: 2000 })
  })

  it('refuses a limit that is not a positive whole number, or a memory bound under 100, naming the variable', () => {
    for (const [name, value] of [['INTAKE_FILINGS_PER_HOUR', '0'], ['INTAKE_FILINGS_PER_HOUR', 'veinte'], ['INTAKE_TRACKING_PER_HOUR', '1.5'], ['INTAKE_TRACKING_PER_HOUR', '-1'], ['INTAKE_TRACKED_ADDRESSES', '99'], ['INTAKE_TRACKED_ADDRESSES', '10000001']] as const) {
      expect(() => loadGatewayConfig({ ...BASE, [name]: value }), `${name}=${value}`).toThrow(ConfigError)
      expect(() => loadGatewayConfig({ ...BASE, [name]: value }), `${name}=${value}`).toThrow(new RegExp(name))
    }
  })
})
