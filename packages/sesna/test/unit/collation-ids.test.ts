import { describe, expect, it } from 'vitest'
import { compareSpanish, federatedId, parseFederatedId } from '../../src/index.js'

describe('Spanish collation', () => {
  it('sorts ñ after n and before o', () => {
    const words = ['Ortiz', 'Ñuñez', 'Nava', 'Muñoz']
    expect([...words].sort(compareSpanish)).toEqual(['Muñoz', 'Nava', 'Ñuñez', 'Ortiz'])
  })
  it('places accented vowels next to their plain form', () => {
    expect(['Zapata', 'Álvarez', 'Acosta'].sort(compareSpanish)).toEqual(['Acosta', 'Álvarez', 'Zapata'])
  })
})

describe('federated ids', () => {
  it('round-trips and keeps colons of the local id', () => {
    expect(parseFederatedId(federatedId('SECH', 'a:b'))).toEqual({ ente: 'SECH', localId: 'a:b' })
  })
  it('rejects ids without an ente prefix', () => {
    expect(parseFederatedId('abc')).toBeUndefined()
    expect(parseFederatedId(':abc')).toBeUndefined()
    expect(parseFederatedId('abc:')).toBeUndefined()
  })
})
