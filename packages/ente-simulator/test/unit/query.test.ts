import { describe, expect, it } from 'vitest'
import type { SpicRecord } from '@see/openapi/types'
import { generateRecords, searchSpic, type ExtraRecord } from '../../src/index.js'

const instituciones = [
  { nombre: 'Secretaría de Hacienda del Estado de Chiapas', siglas: 'SH', clave: 'SHCH-01' },
  { nombre: 'Procuraduría Fiscal del Estado de Chiapas', siglas: 'PFECH', clave: 'SHCH-02' }
]

/** Planted records; those without procedures get type 1 so the any-of test knows every record's types. */
function dataset (extras: ExtraRecord[]): SpicRecord[] {
  const extraRecords = extras.map((extra): ExtraRecord => ({ tipoProcedimiento: [{ clave: 1, valor: 'CONTRATACIONES PÚBLICAS' }], ...extra }))
  return generateRecords({ seed: 5, size: 0, instituciones, extraRecords })
}

const people = dataset([
  { id: 'a1', nombres: 'José', primerApellido: 'Núñez', segundoApellido: 'Peña', tipoProcedimiento: [{ clave: 1, valor: 'CONTRATACIONES PÚBLICAS' }] },
  { id: 'a2', nombres: 'Jose Luis', primerApellido: 'Nunez', segundoApellido: 'Pena', tipoProcedimiento: [{ clave: 2, valor: 'CONCESIONES, LICENCIAS, PERMISOS, AUTORIZACIONES Y PRÓRROGAS' }] },
  { id: 'a3', nombres: 'María', primerApellido: 'Álvarez', tipoProcedimiento: [{ clave: 3, valor: 'ENAJENACIÓN DE BIENES MUEBLES' }, { clave: 5, valor: 'OTRO' }] },
  { id: 'a4', nombres: 'Beatriz', primerApellido: 'Bravo', institucionDependencia: instituciones[1] },
  { id: 'a5', nombres: 'Óscar', primerApellido: 'Nunoz', tipoProcedimiento: [{ clave: 4, valor: 'ASIGNACIÓN Y EMISIÓN DE DICTÁMENES DE AVALÚOS NACIONALES' }] },
  { id: 'a6', nombres: 'Inés', primerApellido: 'Ñandú' },
  { id: 'a7', nombres: 'Iván', primerApellido: 'Oropeza' },
  { id: 'a0', nombres: 'Rocío', primerApellido: 'Bravo' }
])

const ids = (search: Parameters<typeof searchSpic>[1]): string[] => searchSpic(people, { pageSize: 200, ...search }).results.map(r => r.id)

describe('text filters (reference semantics)', () => {
  it('ignores case and accents on vowels', () => {
    expect(ids({ query: { nombres: 'JOSE' } })).toEqual(['a1', 'a2'])
    expect(ids({ query: { nombres: 'maria' } })).toEqual(['a3'])
    expect(ids({ query: { primerApellido: 'alvarez' } })).toEqual(['a3'])
  })
  it('keeps ñ distinct from n', () => {
    expect(ids({ query: { primerApellido: 'nuñez' } })).toEqual(['a1'])
    expect(ids({ query: { primerApellido: 'nunez' } })).toEqual(['a2'])
    expect(ids({ query: { segundoApellido: 'Peña' } })).toEqual(['a1'])
  })
  it('matches a substring anywhere and combines filters with AND', () => {
    expect(ids({ query: { nombres: 'luis' } })).toEqual(['a2'])
    expect(ids({ query: { nombres: 'jos', segundoApellido: 'pena' } })).toEqual(['a2'])
  })
  it('matches institucionDependencia by its nombre', () => {
    expect(ids({ query: { institucionDependencia: 'procuraduria' } })).toEqual(['a4'])
  })
  it('takes user text literally', () => {
    expect(ids({ query: { nombres: '.*' } })).toEqual([])
  })
  it('treats empty strings and arrays as no filter', () => {
    expect(ids({ query: { nombres: '', tipoProcedimiento: [] } })).toHaveLength(people.length)
  })
})

describe('tipoProcedimiento and id', () => {
  it('returns records having any of the requested procedures', () => {
    expect(ids({ query: { tipoProcedimiento: [2, 5] } })).toEqual(['a2', 'a3'])
  })
  it('matches id exactly and then ignores the other filters', () => {
    expect(ids({ query: { id: 'a4', nombres: 'José' } })).toEqual(['a4'])
    expect(ids({ query: { id: 'a' } })).toEqual([])
  })
})

describe('sort', () => {
  it('orders by Spanish collation, ñ after n, accents next to their vowel', () => {
    expect(ids({ sort: { primerApellido: 'asc' } })).toEqual(['a3', 'a0', 'a4', 'a2', 'a5', 'a1', 'a6', 'a7'])
  })
  it('reverses for desc and breaks ties by ascending id', () => {
    expect(ids({ sort: { primerApellido: 'desc' } })).toEqual(['a7', 'a6', 'a1', 'a5', 'a2', 'a0', 'a4', 'a3'])
  })
  it('uses later fields on ties and sorts institucionDependencia by nombre', () => {
    expect(ids({ sort: { primerApellido: 'asc', nombres: 'desc' } }).slice(0, 3)).toEqual(['a3', 'a0', 'a4'])
    expect(ids({ sort: { institucionDependencia: 'asc' } })[0]).toBe('a4')
  })
  it('without sort, answers in the fixed order by id', () => {
    expect(ids({})).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'])
  })
})

describe('pagination', () => {
  const records = generateRecords({ seed: 9, size: 25, instituciones })
  it('reports totals and hasNextPage', () => {
    expect(searchSpic(records, { page: 1, pageSize: 10 }).pagination).toEqual({ page: 1, pageSize: 10, totalRows: 25, hasNextPage: true })
    expect(searchSpic(records, { page: 3, pageSize: 10 })).toMatchObject({ pagination: { totalRows: 25, hasNextPage: false }, results: { length: 5 } })
    expect(searchSpic(records, { page: 1, pageSize: 25 }).pagination.hasNextPage).toBe(false)
  })
  it('defaults to page 1 of 10 and gives an empty page beyond the end', () => {
    expect(searchSpic(records).pagination).toMatchObject({ page: 1, pageSize: 10 })
    expect(searchSpic(records, { page: 9, pageSize: 10 })).toMatchObject({ pagination: { totalRows: 25, hasNextPage: false }, results: [] })
  })
  it('pages through every record exactly once', () => {
    const seen = [1, 2, 3].flatMap(page => searchSpic(records, { page, pageSize: 10, sort: { nombres: 'asc' } }).results.map(r => r.id))
    expect(new Set(seen).size).toBe(25)
  })
})
