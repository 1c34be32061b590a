import { describe, expect, it } from 'vitest'
import { DirectusSimError, like, matchesFilter, runItemsQuery, type Item } from '../../src/directus/index.js'

const items: Item[] = [
  { id: 'b', nombre: 'José Núñez', edad: 40, ente: { nombre: 'Salud', siglas: 'SSA' }, sanciones: [{ clave: 'SUSPENSION' }, { clave: 'OTRO' }] },
  { id: 'a', nombre: 'jose nunez', edad: 30, ente: null, sanciones: [] },
  { id: 'c', nombre: 'Instituto 100% Chiapas', edad: null, ente: { nombre: 'Hacienda' }, sanciones: [{ clave: 'INHABILITACION' }] }
]

const query = (params: Record<string, string>): ReturnType<typeof runItemsQuery> => runItemsQuery(items, new URLSearchParams(params))
const idsOf = (params: Record<string, string>): unknown[] => query(params).data.map(item => item.id)
const filtered = (filter: unknown): unknown[] => idsOf({ filter: JSON.stringify(filter), sort: 'id' })

describe('simulated Directus filter rules', () => {
  it('reads _contains and _icontains as LIKE: case folded only by _icontains, accents never, % _ \\ as syntax', () => {
    expect(like('abc', '%b%')).toBe(true)
    expect(like('a_c', 'a\\_c')).toBe(true)
    expect(like('abc', 'a\\_c')).toBe(false)
    expect(filtered({ nombre: { _icontains: 'JOSE' } })).toEqual(['a'])
    expect(filtered({ nombre: { _icontains: 'josé' } })).toEqual(['b'])
    expect(filtered({ nombre: { _contains: 'jose' } })).toEqual(['a'])
    expect(filtered({ nombre: { _icontains: '100%' } })).toEqual(['c'])
    expect(filtered({ nombre: { _icontains: 'j_se' } })).toEqual(['a'])
    expect(filtered({ nombre: { _icontains: 'a%s' } })).toEqual(['c'])
  })

  it('descends into a related item and into a list of them (some of them), and treats NULL as SQL does', () => {
    expect(filtered({ ente: { nombre: { _eq: 'Salud' } } })).toEqual(['b'])
    expect(filtered({ sanciones: { clave: { _in: ['OTRO', 'INHABILITACION'] } } })).toEqual(['b', 'c'])
    expect(filtered({ sanciones: { _none: { clave: { _eq: 'OTRO' } } } })).toEqual(['a', 'c'])
    expect(filtered({ ente: { siglas: { _neq: 'SSA' } } })).toEqual([])
    expect(filtered({ edad: { _null: true } })).toEqual(['c'])
    expect(filtered({ edad: { _eq: '30' } })).toEqual(['a'])
  })

  it('combines rules with _and and _or at any depth', () => {
    expect(filtered({ _or: [{ id: { _eq: 'a' } }, { _and: [{ edad: { _nnull: true } }, { ente: { siglas: { _eq: 'SSA' } } }] }] })).toEqual(['a', 'b'])
  })

  it('answers 400 INVALID_QUERY for an unknown operator or bad JSON', () => {
    expect(() => matchesFilter(items[0], { nombre: { _regex: '.' } })).toThrow(DirectusSimError)
    try {
      query({ filter: '{nope' })
    } catch (error) {
      expect((error as DirectusSimError).status).toBe(400)
      expect((error as DirectusSimError).body()).toEqual({ errors: [{ message: 'Invalid query. Invalid JSON for filter object.', extensions: { code: 'INVALID_QUERY' } }] })
    }
  })
})

describe('simulated Directus items query', () => {
  it('sorts by code point (not Spanish), NULLs last ascending and first descending, on related fields too', () => {
    expect(idsOf({ sort: 'nombre' })).toEqual(['c', 'b', 'a'])
    expect(idsOf({ sort: '-edad' })).toEqual(['c', 'b', 'a'])
    expect(idsOf({ sort: 'ente.nombre,id' })).toEqual(['c', 'b', 'a'])
  })

  it('pages with limit (100 by default, -1 for all), offset or page, and counts with meta', () => {
    expect(idsOf({ sort: 'id', limit: '1', offset: '1' })).toEqual(['b'])
    expect(idsOf({ sort: 'id', limit: '2', page: '2' })).toEqual(['c'])
    expect(idsOf({ sort: 'id', limit: '-1' })).toHaveLength(3)
    expect(runItemsQuery(Array.from({ length: 150 }, (_, id) => ({ id })), new URLSearchParams()).data).toHaveLength(100)
    expect(query({ limit: '0', meta: 'filter_count', filter: JSON.stringify({ edad: { _nnull: true } }) })).toEqual({ data: [], meta: { filter_count: 2 } })
    expect(query({ limit: '0', meta: '*' }).meta).toEqual({ total_count: 3, filter_count: 3 })
    expect(query({ limit: '0' })).toEqual({ data: [] })
  })

  it('answers whole items for *-style fields and only the named paths otherwise', () => {
    expect(query({ fields: '*.*.*', sort: 'id', limit: '1' }).data).toEqual([items[1]])
    expect(query({ fields: 'id,ente.siglas,sanciones.clave', sort: 'id' }).data).toEqual([
      { id: 'a', ente: null, sanciones: [] },
      { id: 'b', ente: { siglas: 'SSA' }, sanciones: [{ clave: 'SUSPENSION' }, { clave: 'OTRO' }] },
      { id: 'c', ente: {}, sanciones: [{ clave: 'INHABILITACION' }] }
    ])
  })
})
