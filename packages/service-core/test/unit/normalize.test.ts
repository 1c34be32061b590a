import { profiles } from '@see/systems'
import { describe, expect, it } from 'vitest'
import { normalizeDependencias, normalizePage } from '../../src/normalize.js'
import { pageOf, validRecord } from '../support/stub-ente.js'
import { thrownCode as codeOf } from '../support/thrown.js'

describe('normalizePage', () => {
  it('keeps standard records as they are', () => {
    const page = normalizePage(profiles.s2, pageOf([validRecord('1'), validRecord('2')], 25))
    expect(page).toEqual({ totalRows: 25, hasNextPage: false, results: [validRecord('1'), validRecord('2')], dropped: 0 })
  })

  it('strips unknown fields at every level', () => {
    const record = validRecord('1', {
      interno: 'no público',
      institucionDependencia: { nombre: 'SH', extra: 1 },
      tipoProcedimiento: [{ clave: 2, valor: 'X', color: 'rojo' }]
    })
    const [normalized] = normalizePage(profiles.s2, pageOf([record])).results
    expect(normalized).toEqual(validRecord('1', { institucionDependencia: { nombre: 'SH' }, tipoProcedimiento: [{ clave: 2, valor: 'X' }] }))
  })

  it('drops and counts records that break the standard, saying why the first failed', () => {
    const page = normalizePage(profiles.s2, pageOf([
      validRecord('ok'),
      { id: 'sin-nombre', fechaCaptura: '2024-01-01T00:00:00Z' },
      validRecord('fecha', { fechaCaptura: 'ayer' }),
      validRecord('clave', { tipoProcedimiento: [{ clave: '1' }] }),
      'no es un objeto',
      null,
      validRecord('')
    ]))
    expect(page.results.map(r => r.id)).toEqual(['ok'])
    expect(page.dropped).toBe(6)
    expect(page.firstProblem).toBe("/results/1 must have required property 'nombres'")
  })

  it('turns an integer id into its string and coerces nothing else', () => {
    const page = normalizePage(profiles.s2, pageOf([validRecord('x', { id: 42 }), validRecord('x', { id: 1.5 }), validRecord('x', { id: true }), validRecord('x', { nombres: 7 })]))
    expect(page.results.map(r => r.id)).toEqual(['42'])
    expect(page.dropped).toBe(3)
  })

  it.each([
    ['not an object', []],
    ['no pagination', { results: [] }],
    ['negative totalRows', { pagination: { totalRows: -1, hasNextPage: false }, results: [] }],
    ['fractional totalRows', { pagination: { totalRows: 1.5, hasNextPage: false }, results: [] }],
    ['string totalRows', { pagination: { totalRows: '3', hasNextPage: false }, results: [] }],
    ['string hasNextPage', { pagination: { totalRows: 3, hasNextPage: 'false' }, results: [] }],
    ['results not an array', { pagination: { totalRows: 3, hasNextPage: false }, results: {} }]
  ])('rejects an envelope with %s as ENTE_BAD_SHAPE', (_what, body) => {
    expect(codeOf(() => normalizePage(profiles.s2, body))).toBe('ENTE_BAD_SHAPE')
  })

  it('accepts an honest empty answer (totalRows 0)', () => {
    expect(normalizePage(profiles.s2, pageOf([], 0))).toEqual({ totalRows: 0, hasNextPage: false, results: [], dropped: 0 })
  })
})

describe('normalizeDependencias', () => {
  it('keeps named institutions, strips unknown fields and drops the rest', () => {
    const result = normalizeDependencias([
      { nombre: 'Secretaría de Hacienda', siglas: 'SH', clave: 'SH', interno: 1 },
      { siglas: 'SIN' },
      { nombre: 5 },
      'texto'
    ])
    expect(result.dependencias).toEqual([{ nombre: 'Secretaría de Hacienda', siglas: 'SH', clave: 'SH' }])
    expect(result.dropped).toBe(3)
  })

  it('rejects anything but an array as ENTE_BAD_SHAPE', () => {
    expect(codeOf(() => normalizeDependencias({ dependencias: [] }))).toBe('ENTE_BAD_SHAPE')
  })
})
