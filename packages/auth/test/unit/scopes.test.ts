import { describe, expect, it } from 'vitest'
import { decideScopes, narrowScopes, parseScope } from '../../src/scopes.js'
import { KNOWN_SCOPES, SYSTEM_SCOPES } from '../../src/index.js'

describe('scopes', () => {
  it('name one read scope per system after the standard, plus the registry scopes', () => {
    expect(SYSTEM_SCOPES).toEqual({
      s1: 'read:declaraciones',
      s2: 'read:spic',
      s3s: 'read:ssancionados',
      s3p: 'read:psancionados',
      s4: 'read:fiscalizacion',
      s5: 'read:denuncias',
      s6: 'read:contrataciones'
    })
    expect(KNOWN_SCOPES).toContain('registry:admin')
    expect(KNOWN_SCOPES).toContain('registry:ente')
  })

  it('parse space-separated tokens, dropping repeats and refusing RFC 6749 forbidden characters', () => {
    expect(parseScope('read:spic  read:spic read:declaraciones')).toEqual(['read:spic', 'read:declaraciones'])
    expect(parseScope('read:spic\\x')).toBeUndefined()
  })

  it('give the client defaults without a request, and only allowed known scopes with one', () => {
    expect(decideScopes(undefined, ['read:spic', 'read:declaraciones'], ['read:spic'])).toEqual({ scopes: ['read:spic'] })
    expect(decideScopes('', ['read:spic'], [])).toHaveProperty('error')
    expect(decideScopes('read:declaraciones', ['read:spic'], ['read:spic'])).toHaveProperty('error')
    expect(decideScopes('read:todo', ['read:spic'], ['read:spic'])).toHaveProperty('error')
  })

  it('narrow on refresh within the original grant', () => {
    expect(narrowScopes(undefined, ['read:spic', 'read:declaraciones'])).toEqual({ scopes: ['read:spic', 'read:declaraciones'] })
    expect(narrowScopes('read:spic', ['read:spic', 'read:declaraciones'])).toEqual({ scopes: ['read:spic'] })
    expect(narrowScopes('read:denuncias', ['read:spic'])).toHaveProperty('error')
  })
})
