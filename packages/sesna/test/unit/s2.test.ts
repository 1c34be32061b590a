import { describe, expect, it } from 'vitest'
import { compareS2, compareSpanish, federatedId, parseFederatedId } from '../../src/index.js'

describe('Spanish collation', () => {
  it('sorts ñ after n and before o', () => {
    const words = ['Ortiz', 'Ñuñez', 'Nava', 'Muñoz']
    expect([...words].sort(compareSpanish)).toEqual(['Muñoz', 'Nava', 'Ñuñez', 'Ortiz'])
  })
  it('places accented vowels next to their plain form', () => {
    expect(['Zapata', 'Álvarez', 'Acosta'].sort(compareSpanish)).toEqual(['Acosta', 'Álvarez', 'Zapata'])
  })
})

describe('compareS2', () => {
  it('sorts institucionDependencia by its nombre and honours desc', () => {
    const a = { institucionDependencia: { nombre: 'Congreso' } }
    const b = { institucionDependencia: { nombre: 'Auditoría' } }
    expect(compareS2({ institucionDependencia: 'asc' }, a, b)).toBeGreaterThan(0)
    expect(compareS2({ institucionDependencia: 'desc' }, a, b)).toBeLessThan(0)
  })
  it('uses later fields only on ties', () => {
    const a = { primerApellido: 'López', nombres: 'Ana' }
    const b = { primerApellido: 'López', nombres: 'Beatriz' }
    expect(compareS2({ primerApellido: 'asc', nombres: 'desc' }, a, b)).toBeGreaterThan(0)
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
