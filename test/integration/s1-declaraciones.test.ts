import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultFleet } from '@see/ente-simulator'
import { profiles } from '@see/systems'
import { officialS1, s1RecordErrors, schemaErrors } from '../support/official-specs.js'
import { postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// S1 through the real gateway, the s1 service and several simulated entes: every query and sort
// field of the spec with the reference semantics (written out here, field by field, from the
// standard's words rather than read from the profile), exact paging, the three declaration types,
// and every answer checked against the official file of its type.

type Declaracion = Record<string, any>
const official = officialS1()
const SIZES = [45, 0, 38]

const sp = (r: Declaracion): Declaracion => r.declaracion.situacionPatrimonial
const empleo = (r: Declaracion): Declaracion => sp(r).datosEmpleoCargoComision
const inmuebles = (r: Declaracion): Declaracion[] => sp(r).bienesInmuebles?.bienInmueble ?? []
const neto = (r: Declaracion): number => {
  const i = sp(r).ingresos
  return (i.ingresoMensualNetoDeclarante ?? i.ingresoAnualNetoDeclarante ?? i.ingresoConclusionNetoDeclarante).valor
}
const fold = (text: string): string => text.toLowerCase().replace(/[áàä]/g, 'a').replace(/[éë]/g, 'e').replace(/[íï]/g, 'i').replace(/[óöò]/g, 'o').replace(/[úüù]/g, 'u')
const contains = (value: unknown, wanted: string): boolean => typeof value === 'string' && fold(value).includes(fold(wanted))
const inRange = (value: number | undefined, range: { min?: number, max?: number }): boolean =>
  value !== undefined && (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max)

/** Each query field: a query built from a sample record, and the standard's meaning of it. */
const FILTERS: Array<{ name: string, query: (r: Declaracion) => Record<string, unknown>, matches: (r: Declaracion, q: any) => boolean }> = [
  { name: 'nombres', query: r => ({ nombres: sp(r).datosGenerales.nombre.slice(0, 3).toUpperCase() }), matches: (r, q) => contains(sp(r).datosGenerales.nombre, q.nombres) },
  { name: 'primerApellido', query: r => ({ primerApellido: sp(r).datosGenerales.primerApellido }), matches: (r, q) => contains(sp(r).datosGenerales.primerApellido, q.primerApellido) },
  { name: 'segundoApellido', query: r => ({ segundoApellido: sp(r).datosGenerales.segundoApellido ?? 'x' }), matches: (r, q) => contains(sp(r).datosGenerales.segundoApellido, q.segundoApellido) },
  { name: 'escolaridadNivel', query: r => ({ escolaridadNivel: sp(r).datosCurricularesDeclarante.escolaridad[0].nivel.clave }), matches: (r, q) => sp(r).datosCurricularesDeclarante.escolaridad.some((e: Declaracion) => e.nivel.clave === q.escolaridadNivel) },
  { name: 'datosEmpleoCargoComision.nombreEntePublico', query: r => ({ datosEmpleoCargoComision: { nombreEntePublico: empleo(r).nombreEntePublico.slice(0, 18) } }), matches: (r, q) => contains(empleo(r).nombreEntePublico, q.datosEmpleoCargoComision.nombreEntePublico) },
  { name: 'datosEmpleoCargoComision.entidadFederativa', query: () => ({ datosEmpleoCargoComision: { entidadFederativa: '07' } }), matches: (r, q) => empleo(r).domicilioMexico?.entidadFederativa?.clave === q.datosEmpleoCargoComision.entidadFederativa },
  { name: 'datosEmpleoCargoComision.municipioAlcaldia', query: r => ({ datosEmpleoCargoComision: { municipioAlcaldia: empleo(r).domicilioMexico.municipioAlcaldia.clave } }), matches: (r, q) => empleo(r).domicilioMexico?.municipioAlcaldia?.clave === q.datosEmpleoCargoComision.municipioAlcaldia },
  { name: 'datosEmpleoCargoComision.empleoCargoComision', query: r => ({ datosEmpleoCargoComision: { empleoCargoComision: empleo(r).empleoCargoComision.slice(0, 10) } }), matches: (r, q) => contains(empleo(r).empleoCargoComision, q.datosEmpleoCargoComision.empleoCargoComision) },
  { name: 'datosEmpleoCargoComision.nivelOrdenGobierno', query: () => ({ datosEmpleoCargoComision: { nivelOrdenGobierno: 'MUNICIPAL_ALCALDIA' } }), matches: (r, q) => empleo(r).nivelOrdenGobierno === q.datosEmpleoCargoComision.nivelOrdenGobierno },
  { name: 'datosEmpleoCargoComision.nivelEmpleoCargoComision', query: r => ({ datosEmpleoCargoComision: { nivelEmpleoCargoComision: empleo(r).nivelEmpleoCargoComision } }), matches: (r, q) => contains(empleo(r).nivelEmpleoCargoComision, q.datosEmpleoCargoComision.nivelEmpleoCargoComision) },
  { name: 'bienesInmuebles.superficieConstruccion (min y max)', query: () => ({ bienesInmuebles: { superficieConstruccion: { min: 200, max: 700 } } }), matches: (r, q) => inmuebles(r).some(b => inRange(b.superficieConstruccion?.valor, q.bienesInmuebles.superficieConstruccion)) },
  { name: 'bienesInmuebles.superficieTerreno (solo min)', query: () => ({ bienesInmuebles: { superficieTerreno: { min: 2500 } } }), matches: (r, q) => inmuebles(r).some(b => inRange(b.superficieTerreno?.valor, q.bienesInmuebles.superficieTerreno)) },
  { name: 'bienesInmuebles.formaAdquisicion', query: () => ({ bienesInmuebles: { formaAdquisicion: 'HRN' } }), matches: (r, q) => inmuebles(r).some(b => b.formaAdquisicion?.clave === q.bienesInmuebles.formaAdquisicion) },
  { name: 'bienesInmuebles.valorAdquisicion (solo max)', query: () => ({ bienesInmuebles: { valorAdquisicion: { max: 1_000_000 } } }), matches: (r, q) => inmuebles(r).some(b => inRange(b.valorAdquisicion?.valor, q.bienesInmuebles.valorAdquisicion)) },
  { name: 'totalIngresosNetos (inclusivo en ambos extremos)', query: r => ({ totalIngresosNetos: { min: neto(r), max: neto(r) + 50_000 } }), matches: (r, q) => inRange(neto(r), q.totalIngresosNetos) },
  { name: 'tipoDeclaracion', query: () => ({ tipoDeclaracion: 'CONCLUSIÓN' }), matches: (r, q) => r.metadata.tipo === q.tipoDeclaracion },
  { name: 'varios a la vez', query: () => ({ tipoDeclaracion: 'INICIAL', datosEmpleoCargoComision: { nivelOrdenGobierno: 'ESTATAL' }, totalIngresosNetos: { min: 40_000 } }), matches: (r, q) => r.metadata.tipo === 'INICIAL' && empleo(r).nivelOrdenGobierno === 'ESTATAL' && neto(r) >= q.totalIngresosNetos.min }
]

const collator = new Intl.Collator('es')
/** Each sort field: the value the standard sorts by (numbers for amounts and surfaces). */
const SORTS: Array<{ sort: Record<string, unknown>, value: (r: Declaracion) => string | number | undefined }> = [
  { sort: { nombres: 'asc' }, value: r => sp(r).datosGenerales.nombre },
  { sort: { primerApellido: 'desc' }, value: r => sp(r).datosGenerales.primerApellido },
  { sort: { segundoApellido: 'asc' }, value: r => sp(r).datosGenerales.segundoApellido },
  { sort: { escolaridadNivel: 'asc' }, value: r => sp(r).datosCurricularesDeclarante.escolaridad[0]?.nivel.valor },
  ...['nombreEntePublico', 'empleoCargoComision', 'nivelEmpleoCargoComision', 'nivelOrdenGobierno'].map(field => ({ sort: { datosEmpleoCargoComision: { [field]: 'asc' } }, value: (r: Declaracion) => empleo(r)[field] })),
  { sort: { datosEmpleoCargoComision: { entidadFederativa: 'asc' } }, value: r => empleo(r).domicilioMexico?.entidadFederativa?.clave },
  { sort: { datosEmpleoCargoComision: { municipioAlcaldia: 'desc' } }, value: r => empleo(r).domicilioMexico?.municipioAlcaldia?.clave },
  { sort: { totalIngresosNetos: 'desc' }, value: neto },
  { sort: { bienesInmuebles: { superficieConstruccion: 'asc' } }, value: r => inmuebles(r)[0]?.superficieConstruccion?.valor },
  { sort: { bienesInmuebles: { superficieTerreno: 'desc' } }, value: r => inmuebles(r)[0]?.superficieTerreno?.valor },
  { sort: { bienesInmuebles: { formaAdquisicion: 'asc' } }, value: r => inmuebles(r)[0]?.formaAdquisicion?.clave },
  { sort: { bienesInmuebles: { valorAdquisicion: 'asc' } }, value: r => inmuebles(r)[0]?.valorAdquisicion?.valor }
]

function direction (sort: Record<string, unknown>): string {
  const value = Object.values(sort)[0]
  return typeof value === 'string' ? value : Object.values(value as Record<string, string>)[0]!
}

/** Absent values first, numbers by value, text in Spanish collation. */
function compare (a: string | number | undefined, b: string | number | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1
  return typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b))
}

describe('S1 declaraciones through the gateway, the s1 service and simulated entes', () => {
  let federation: TestFederation
  let all: Declaracion[]

  beforeAll(async () => {
    const providers = defaultFleet(SIZES.length, { systems: ['s1'], size: 1 }).map((p, i) => ({ ...p, size: SIZES[i]! }))
    federation = await startTestFederation('s1-declaraciones', { entes: providers, systems: [profiles.s1] })
    const byClave = [...federation.simulator.providers].sort((a, b) => a.clave < b.clave ? -1 : 1)
    all = byClave.flatMap(p => p.recordsOf('s1').map(r => ({ ...r, id: `${p.clave}:${String(r.id)}` })))
  }, 120_000)
  afterAll(async () => await federation?.close())

  const search = async (body: unknown): Promise<{ status: number, body: any }> => await postJson(`${federation.gatewayUrl}/v2/declaraciones`, body, await federation.bearer())

  function expectOfficial (body: any): void {
    expect(schemaErrors(official('INICIAL', 'resDeclaraciones'), { ...body, results: [] })).toEqual([])
    expect(s1RecordErrors(body.results, official)).toEqual([])
  }

  it('holds declarations of the three types', () => {
    expect(new Set(all.map(r => r.metadata.tipo))).toEqual(new Set(['INICIAL', 'MODIFICACIÓN', 'CONCLUSIÓN']))
  })

  it('pages exactly: each declaration once, in the federation order, totalRows the sum, every answer official', async () => {
    const seen: string[] = []
    for (let page = 1; page < 50; page++) {
      const answer = await search({ page, pageSize: 9 })
      expect(answer.status).toBe(200)
      expectOfficial(answer.body)
      expect(answer.body.pagination).toMatchObject({ page, pageSize: 9, totalRows: all.length })
      seen.push(...answer.body.results.map((r: Declaracion) => r.id))
      if (!answer.body.pagination.hasNextPage) break
    }
    expect(seen).toEqual(all.map(r => r.id))
  })

  it.each(FILTERS.map(filter => [filter.name, filter] as const))('filters by %s with the reference semantics', async (_name, filter) => {
    const sample = all.find(r => inmuebles(r).length > 0 && sp(r).datosGenerales.segundoApellido !== undefined) ?? all[0]!
    const query = filter.query(sample)
    const expected = all.filter(r => filter.matches(r, query)).map(r => r.id)
    const answer = await search({ pageSize: 200, query })
    expect(answer.status).toBe(200)
    expectOfficial(answer.body)
    expect(answer.body.results.map((r: Declaracion) => r.id)).toEqual(expected)
    expect(answer.body.pagination.totalRows).toBe(expected.length)
  })

  it('finds one declaration by its federated id, whatever the other filters say', async () => {
    const target = all[7]!
    const answer = await search({ query: { id: target.id, nombres: 'ninguno así' } })
    expect(answer.body.results.map((r: Declaracion) => r.id)).toEqual([target.id])
  })

  it.each(SORTS.map(entry => [JSON.stringify(entry.sort), entry] as const))('sorts across entes by %s, over pages', async (_name, entry) => {
    const ids: string[] = []
    for (let page = 1; page <= 5; page++) {
      const answer = await search({ page, pageSize: 20, sort: entry.sort })
      expect(answer.status).toBe(200)
      expectOfficial(answer.body)
      ids.push(...answer.body.results.map((r: Declaracion) => r.id))
      if (!answer.body.pagination.hasNextPage) break
    }
    expect([...ids].sort()).toEqual(all.map(r => r.id).sort())
    const byId = new Map(all.map(r => [r.id, r]))
    const sign = direction(entry.sort) === 'desc' ? -1 : 1
    for (let i = 1; i < ids.length; i++) {
      expect(sign * compare(entry.value(byId.get(ids[i - 1]!)!), entry.value(byId.get(ids[i]!)!)), `${ids[i - 1]} → ${ids[i]}`).toBeLessThanOrEqual(0)
    }
  })

  it('rejects bad bodies with 4xx {code, message}', async () => {
    const bad = [
      { pageSize: 201 }, { page: 0 }, { query: { nombres: 5 } }, { query: { desconocido: 'x' } },
      { query: { totalIngresosNetos: { min: 'mucho' } } }, { query: { totalIngresosNetos: { min: -1 } } },
      { query: { bienesInmuebles: { superficieTerreno: { desde: 3 } } } }, { query: { escolaridadNivel: 'XYZ' } },
      { query: { datosEmpleoCargoComision: { nivelOrdenGobierno: 'GALACTICO' } } }, { sort: { totalIngresosNetos: 'arriba' } },
      { sort: { bienesInmuebles: { color: 'asc' } } }, { query: { tipoDeclaracion: 'ANUAL' } }
    ]
    for (const body of bad) {
      const answer = await search(body)
      expect(answer.status, JSON.stringify(body)).toBe(422)
      expect(Object.keys(answer.body).sort()).toEqual(['code', 'message'])
    }
  })
})
