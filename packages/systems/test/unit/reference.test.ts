import { describe, expect, it } from 'vitest'
import { compareRecords, matchesQuery, systemById, valuesAt } from '../../src/index.js'

const s2 = systemById('s2')
const s3s = systemById('s3s')
const s3p = systemById('s3p')

const servidor = {
  id: '7',
  nombres: 'José Ñúñez',
  primerApellido: 'Pérez',
  institucionDependencia: { nombre: 'Secretaría de Hacienda' },
  puesto: { nombre: 'Director' },
  tipoProcedimiento: [{ clave: 2, valor: 'CONCESIONES' }]
}

describe('reference semantics read from a profile', () => {
  it('reads every value at a path, across arrays', () => {
    expect(valuesAt({ a: [{ b: 1 }, { b: 2 }, { c: 3 }] }, 'a.b')).toEqual([1, 2])
    expect(valuesAt({ a: { b: 'x' } }, 'a.c')).toEqual([])
  })

  it('matches text as a substring, case- and vowel-accent-insensitive, with ñ distinct from n', () => {
    expect(matchesQuery(s2, servidor, { nombres: 'jose' })).toBe(true)
    expect(matchesQuery(s2, servidor, { primerApellido: 'PEREZ' })).toBe(true)
    expect(matchesQuery(s2, servidor, { nombres: 'nunez' })).toBe(false)
    expect(matchesQuery(s2, servidor, { nombres: 'ñúñ' })).toBe(true)
    expect(matchesQuery(s2, servidor, { institucionDependencia: 'hacienda' })).toBe(true)
  })

  it('treats empty strings and arrays as no filter, and id as the only filter when given', () => {
    expect(matchesQuery(s2, servidor, { nombres: '', tipoProcedimiento: [] })).toBe(true)
    expect(matchesQuery(s2, servidor, { id: '7', nombres: 'nadie' })).toBe(true)
    expect(matchesQuery(s2, servidor, { id: '8' })).toBe(false)
  })

  it('matches any-of lists on the clave of array items', () => {
    expect(matchesQuery(s2, servidor, { tipoProcedimiento: [1, 2] })).toBe(true)
    expect(matchesQuery(s2, servidor, { tipoProcedimiento: [3] })).toBe(false)
    const sancion = { id: '1', tipoSancion: [{ clave: 'M' }, { clave: 'I' }], servidorPublicoSancionado: { nombres: 'Ana' } }
    expect(matchesQuery(s3s, sancion, { tipoSancion: ['I'] })).toBe(true)
    expect(matchesQuery(s3s, sancion, { tipoSancion: ['S'] })).toBe(false)
    expect(matchesQuery(s3s, sancion, { nombres: 'ana' })).toBe(true)
  })

  it('matches exact values and ignores who asks', () => {
    const particular = { id: '1', particularSancionado: { nombreRazonSocial: 'Patito SA', tipoPersona: 'M' } }
    expect(matchesQuery(s3p, particular, { tipoPersona: 'M' })).toBe(true)
    expect(matchesQuery(s3p, particular, { tipoPersona: 'F' })).toBe(false)
    expect(matchesQuery(s2, servidor, { rfcSolicitante: 'XAXX010101000' })).toBe(true)
  })

  it('sorts nested fields in Spanish collation, both ways', () => {
    const a = { institucionDependencia: { nombre: 'Ñandú' } }
    const b = { institucionDependencia: { nombre: 'Nube' } }
    expect(compareRecords(s2, { institucionDependencia: 'asc' }, b, a)).toBeLessThan(0)
    expect(compareRecords(s2, { institucionDependencia: 'desc' }, b, a)).toBeGreaterThan(0)
    const x = { particularSancionado: { nombreRazonSocial: 'ábaco' } }
    const y = { particularSancionado: { nombreRazonSocial: 'Acme' } }
    expect(compareRecords(s3p, { nombreRazonSocial: 'asc' }, x, y)).toBeLessThan(0)
  })
})
