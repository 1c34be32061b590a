import fc from 'fast-check'
import { compareRecords, matchesQuery, textAt, type AnyRecord, type SystemProfile } from '@see/systems'
import { generateRecords } from '../../../../ente-simulator/src/data/generate.js'
import { runItemsQuery } from '../../../../ente-simulator/src/directus/query.js'
import { collectionsFromPairs, type Item } from '../../../../ente-simulator/src/directus/index.js'
import { type DirectusFetch, type V1SearchRequest } from '../../../src/protocols/directus-v2/index.js'
import { fromV1Record, toV1Record, type SystemMapping } from '@see/systems'

export type Collections = Record<string, Item[]>

/** A deterministic, lower-case v4-shaped uuid for an index (the order of indexes is the order of uuids). */
export function uuidOf (prefix: number, index: number): string {
  return `${String(prefix).padStart(8, '0')}-0000-4000-8000-${String(index).padStart(12, '0')}`
}

/** Executes requests against the simulated Directus core, in process. */
export function inProcess (collections: Collections): DirectusFetch {
  return async request => runItemsQuery(collections[request.collection] ?? [], new URLSearchParams(request.query))
}

const INSTITUCIONES = [
  { nombre: 'Secretaría de Hacienda del Estado de Chiapas', siglas: 'SH', clave: 'SHCH-01' },
  { nombre: 'Procuraduría Fiscal del Estado de Chiapas', siglas: 'PFECH', clave: 'SHCH-02' },
  { nombre: 'Ayuntamiento de Tuxtla Gutiérrez', siglas: 'TUXTLA', clave: 'TUXTLA-01' }
]

/** S2 data: generated v1 records (uuid ids) served as v2 items. */
export function s2Collections (mapping: SystemMapping, seed: number, size: number): Collections {
  const records = generateRecords({ seed, size, instituciones: INSTITUCIONES })
  return collectionsFromPairs(records.map((record, index) => fromV1Record(mapping, { ...record, id: uuidOf(2, index) })))
}

// Fixtures for S3: values with accents on every kind of vowel, ñ and n, upper case, LIKE syntax.
const NOMBRES = ['José', 'María José', 'Ángel', 'Íñigo', 'Inés', 'JOSÉ LUIS', 'Zoë', 'Raúl', 'Úrsula', 'Dèlia', 'Güero', 'Noé', 'Ofelia', 'Anaïs', 'Benoît', 'Raphaël', 'Jérôme', 'Hänsel', 'Ìsàbel', 'Ùlises', 'Ôscar']
const APELLIDOS = ['Pérez', 'López', 'Gutiérrez', 'Hernández', 'Núñez', 'Nuñez', 'NUNEZ', 'Ibáñez', 'Díaz', 'Ruíz', 'del Río', 'Martínez López', 'Peña', 'Pena', 'Göngora', 'Müller', 'Côté', 'Brûlé', 'Pâez', 'GÓMEZ', 'Ëchevérria']
const ENTES = ['Secretaría de Hacienda', 'SECRETARIA DE SALUD', 'Ayuntamiento de Tuxtla Gutiérrez', 'Instituto 100% Chiapas', 'Comité_de_Agua', 'Fiscalía \\ General']
const EMPRESAS = ['Constructora Peña S.A. de C.V.', 'Servicios Ñandú', 'ÓPTICA LÓPEZ', 'Distribuidora 50% Sur', 'Grupo_Río']
const HECHOS = ['Omitió la declaración', 'Cobró de más', 'Adjudicó sin licitación', 'Desvió recursos públicos']

const sometimes = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> => fc.oneof(arbitrary, arbitrary, arbitrary, fc.constant(null), fc.constant(undefined))

const sancion = (claves: string[]): fc.Arbitrary<Item> => fc.record({
  clave: fc.constantFrom(...claves, 'DESCONOCIDA'),
  sancionEconomica: sometimes(fc.record({ monto: fc.integer({ min: 1, max: 90_000 }), moneda: fc.constantFrom('MXN', 'USD') })),
  inhabilitacion: sometimes(fc.record({ fechaInicial: fc.constant('2023-01-01'), fechaFinal: fc.constant('2025-01-01') }))
}, { requiredKeys: ['clave'] })

const common = (claves: string[]): Record<string, fc.Arbitrary<unknown>> => ({
  date_created: sometimes(fc.constantFrom('2023-05-01T10:00:00.000Z', '2024-02-03T08:30:00.000Z')),
  fecha: sometimes(fc.constantFrom('2022-11-30', '2024-01-15')),
  expediente: sometimes(fc.constantFrom('EXP-001/2023', 'exp_2%', 'Expediente Único', 'ÑAN-7')),
  tipoSancion: fc.array(sancion(claves), { maxLength: 3 }),
  faltaCometida: fc.array(fc.record({ clave: fc.constantFrom('COHECHO', 'SOBORNO'), descripcionHechos: fc.constantFrom(...HECHOS) }), { maxLength: 2 }),
  resolucion: sometimes(fc.record({ autoridadResolutora: fc.constantFrom('Órgano Interno de Control', 'Tribunal'), fechaResolucion: fc.constantFrom('2023-03-03'), fechaNotificacion: fc.constantFrom('2023-03-10'), urlResolucion: fc.constantFrom('https://x.gob.mx/r.pdf') }))
})

const persona = fc.record({
  nombres: sometimes(fc.constantFrom(...NOMBRES)),
  primerApellido: sometimes(fc.constantFrom(...APELLIDOS)),
  segundoApellido: sometimes(fc.constantFrom(...APELLIDOS)),
  curp: fc.constantFrom('PEPJ800101HCSRRS09'),
  rfc: fc.constantFrom('PEPJ800101AB1'),
  sexo: sometimes(fc.constantFrom('MUJER', 'HOMBRE'))
})

const ente = fc.record({ nombreEntePublico: sometimes(fc.constantFrom(...ENTES)), siglasEntePublico: sometimes(fc.constantFrom('SH', 'SSA', 'IC')) })

const empleo = fc.record({
  nombreEntePublico: sometimes(fc.constantFrom(...ENTES)),
  siglasEntePublico: sometimes(fc.constantFrom('SH', 'SSA', 'IC')),
  denominacion: sometimes(fc.constantFrom('Director de Área', 'Jefa de Departamento', 'Auxiliar Técnico')),
  nivelJerarquico: sometimes(fc.record({ clave: fc.constantFrom('DG_HOMOLOGO', 'OTRO'), valor: fc.constantFrom('N-1') }))
})

/** Items as Directus would hold them, non-public fields included (a planner must never filter on those). */
function withIds (items: Item[], prefix: number): Item[] {
  return items.map((item, index) => ({ id: uuidOf(prefix, index), ...item }))
}

export const s3sCollections: fc.Arbitrary<Collections> = fc.record({
  faltas_administrativas_graves: fc.array(fc.record({ ...common(['SUSPENSION', 'DESTITUCION', 'SANCION_ECONOMICA', 'INHABILITACION', 'OTRO']), datosGenerales: sometimes(persona), empleoCargoComision: sometimes(empleo) }), { maxLength: 25 }).map(items => withIds(items, 31)),
  faltas_administrativas_no_graves: fc.array(fc.record({ ...common(['AMONESTACION', 'SUSPENSION', 'DESTITUCION', 'INHABILITACION', 'OTRO']), observaciones: sometimes(fc.constant('Sin observaciones')), datosGenerales: sometimes(persona), empleoCargoComision: sometimes(empleo) }), { maxLength: 25 }).map(items => withIds(items, 32))
})

export const s3pCollections: fc.Arbitrary<Collections> = fc.record({
  faltas_graves_personas_fisicas: fc.array(fc.record({ ...common(['INHABILITACION', 'INDEMNIZACION', 'SANCION_ECONOMICA', 'OTRO']), datosGenerales: sometimes(persona), dondeCometioLaFalta: sometimes(ente) }), { maxLength: 25 }).map(items => withIds(items, 41)),
  faltas_graves_personas_morales: fc.array(fc.record({ ...common(['INHABILITACION', 'INDEMNIZACION', 'SANCION_ECONOMICA', 'SUSPENSION_ACTIVIDADES', 'DISOLUCION_SOCIEDAD', 'otro']), datosGenerales: sometimes(fc.record({ nombreRazonSocial: sometimes(fc.constantFrom(...EMPRESAS)), rfc: sometimes(fc.constantFrom('CPE010101AB1', 'SÑA990101XY2')), objetoSocial: fc.constant('Construcción') })), dondeCometioLaFalta: sometimes(ente) }), { maxLength: 25 }).map(items => withIds(items, 42))
})

/** Every v1 record of the data, collections in the mapping's order and each in id order. */
export function v1Records (mapping: SystemMapping, collections: Collections): Array<{ rank: number, record: AnyRecord }> {
  return mapping.collections.flatMap((spec, rank) => [...collections[spec.collection] ?? []]
    .sort((a, b) => String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0)
    .map(item => ({ rank, record: toV1Record(mapping, spec.collection, item) })))
}

/**
 * What the reference semantics answer, written independently of the planner: filter with
 * `matchesQuery`; sorted, `compareRecords` with ties by collection order then id; else the fixed
 * order (collections end to end, each by id); then the page.
 */
export function referenceSearch (profile: SystemProfile, mapping: SystemMapping, collections: Collections, search: V1SearchRequest): { totalRows: number, results: AnyRecord[] } {
  const page = search.page ?? 1
  const pageSize = search.pageSize ?? 10
  const matching = v1Records(mapping, collections).filter(({ record }) => matchesQuery(profile, record, search.query ?? {}))
  const sort = search.sort ?? {}
  if (Object.keys(sort).some(field => field in profile.sorts)) {
    matching.sort((a, b) => compareRecords(profile, sort, a.record, b.record) || a.rank - b.rank ||
      (String(a.record.id) < String(b.record.id) ? -1 : 1))
  }
  return { totalRows: matching.length, results: matching.slice((page - 1) * pageSize, page * pageSize).map(({ record }) => record) }
}

/** Text filters made from the data's own values (a piece, with case and accents changed) or made up. */
function textFilter (values: string[]): fc.Arbitrary<string> {
  const accents: Record<string, string[]> = { a: ['á', 'Á', 'à', 'ä', 'A', 'â'], e: ['é', 'É', 'ë', 'è', 'E'], i: ['í', 'Í', 'ï', 'ì', 'I'], o: ['ó', 'Ó', 'ö', 'ò', 'O', 'ô'], u: ['ú', 'Ú', 'ü', 'ù', 'U', 'û'] }
  const perturb = (text: string, choices: number[]): string => [...text].map((char, index) => {
    const choice = choices[index % choices.length] as number
    const base = char.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    const forms = accents[base] ?? [char.toUpperCase(), char.toLowerCase()]
    return choice % 3 === 0 ? char : forms[choice % forms.length] as string
  }).join('')
  const fromData = values.length === 0
    ? fc.constant('x')
    : fc.tuple(fc.constantFrom(...values), fc.nat(), fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }))
      .map(([value, a, b, choices]) => {
        const chars = [...value]
        const from = a % Math.max(1, chars.length)
        const to = from + 1 + (b % Math.max(1, chars.length - from))
        return perturb(chars.slice(from, to).join(''), choices)
      })
  const madeUp = fc.stringMatching(/^[aeiouáéíóúüñnrz %_\\]{1,6}$/)
  return fc.oneof({ weight: 4, arbitrary: fromData }, { weight: 1, arbitrary: madeUp })
}

const CLAVES: Record<string, Array<string | number>> = {
  tipoProcedimiento: [1, 2, 3, 4, 5],
  tipoSancion: ['I', 'M', 'S', 'D', 'IRSC', 'SE', 'A', 'IND', 'O']
}

/** Random v1 searches for a profile, with filter values drawn from the data. */
export function searches (profile: SystemProfile, mapping: SystemMapping, collections: Collections): fc.Arbitrary<V1SearchRequest> {
  const records = v1Records(mapping, collections).map(({ record }) => record)
  const ids = records.map(record => String(record.id))
  const fields = Object.entries(profile.filters).map(([field, spec]): [string, fc.Arbitrary<unknown>] => {
    switch (spec.kind) {
      case 'id': return [field, fc.oneof(ids.length > 0 ? fc.constantFrom(...ids) : fc.constant('nadie'), fc.constantFrom('nadie', 'g-nadie', 'ng-00000031-0000-4000-8000-000000000001', '00000002-0000-4000-8000-00000000000A'))]
      case 'text': return [field, fc.oneof(textFilter(records.map(record => textAt(record, spec.path)).filter((v): v is string => v !== undefined && v !== '')), fc.constant(''))]
      case 'anyOf': return [field, fc.subarray(CLAVES[field] ?? [])]
      case 'equals': return [field, fc.constantFrom('F', 'M', 'X')]
      case 'range': return [field, fc.record({ min: fc.integer(), max: fc.integer() })]
      case 'requester': return [field, fc.constant('XAXX010101000')]
    }
    throw new Error('unreachable')
  })
  const rarely = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary })
  const filters = fc.tuple(...fields.filter(([field]) => field !== 'id').map(([field, arbitrary]) => rarely(arbitrary.map(value => [field, value] as const))))
    .map(entries => Object.fromEntries(entries.filter(entry => entry !== undefined)))
  const byId = fields.find(([field]) => field === 'id')?.[1]
  // `id` replaces every other filter: one search in ten asks by id (with other filters, to be ignored).
  const query = byId === undefined ? filters : fc.oneof({ weight: 9, arbitrary: filters }, { weight: 1, arbitrary: fc.tuple(byId, filters).map(([id, rest]) => ({ ...rest, id })) })
  const sort = fc.shuffledSubarray(Object.keys(profile.sorts), { maxLength: 2 })
    .chain(keys => fc.tuple(...keys.map(key => fc.constantFrom('asc', 'desc').map(direction => [key, direction] as const))))
    .map(entries => Object.fromEntries(entries))
  return fc.record({
    page: fc.integer({ min: 1, max: 6 }),
    pageSize: fc.integer({ min: 1, max: 12 }),
    sort: fc.oneof(fc.constant({}), sort),
    query
  })
}
