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

  it('keeps the operators\' API docs behind a registry:admin token unless DOCS_OPERATOR=public, and refuses other values', () => {
    expect(loadGatewayConfig(BASE).DOCS_OPERATOR).toBe('token')
    expect(loadGatewayConfig({ ...BASE, DOCS_OPERATOR: 'public' }).DOCS_OPERATOR).toBe('public')
    expect(() => loadGatewayConfig({ ...BASE, DOCS_OPERATOR: 'abierto' })).toThrow(/DOCS_OPERATOR/)
  })
})
