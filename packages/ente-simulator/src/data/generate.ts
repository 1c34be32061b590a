import type { Dependencia, SpicRecord } from '@see/openapi/types'
import { compareSpanish } from '@see/sesna'
import { SimulatorConfigError } from '../errors.js'
import { Random, seedFromString } from '../prng.js'
import type { ExtraRecord, Institucion } from '../types.js'
import { GENEROS, NIVELES_RESPONSABILIDAD, RAMOS, TIPOS_AREA, TIPOS_PROCEDIMIENTO } from './catalogs.js'
import { curpFor, rfcFor } from './identity.js'
import { OBSERVACIONES, PUESTOS, PUESTOS_SUPERIORES } from './names.js'
import { birth, curpSex, fechaCaptura, person, type Sexo } from './people.js'

export interface GenerateOptions {
  seed: number
  size: number
  instituciones: readonly Institucion[]
  extraRecords?: readonly ExtraRecord[]
}

function superior (random: Random): NonNullable<SpicRecord['superiorInmediato']> {
  const sexo: Sexo = random.chance(0.5) ? 'F' : 'M'
  const name = person(random, sexo)
  const born = birth(random)
  return {
    ...name,
    curp: curpFor(name, born, curpSex(sexo), random),
    rfc: rfcFor(name, born, random),
    puesto: { ...random.pick(PUESTOS_SUPERIORES) }
  }
}

/** One record; `overrides` win over everything generated, and names given there feed the CURP and RFC. */
function makeRecord (random: Random, id: string, institucion: Institucion, overrides: ExtraRecord = {}): SpicRecord {
  const sexo: Sexo = random.chance(0.02) ? 'O' : random.chance(0.5) ? 'F' : 'M'
  const name = person(random, sexo, overrides)
  const born = birth(random)
  const captured = fechaCaptura(random)
  const ejercicioFiscal = String(Number(captured.slice(0, 4)) - random.int(0, 1))
  const ramo = random.chance(0.5) ? { ...random.pick(RAMOS) } : undefined
  const rfc = rfcFor(name, born, random)
  const curp = curpFor(name, born, curpSex(sexo), random)
  const record: SpicRecord = {
    id,
    fechaCaptura: captured,
    ejercicioFiscal,
    ...(ramo !== undefined && { ramo }),
    rfc,
    curp,
    nombres: name.nombres,
    primerApellido: name.primerApellido,
    ...(name.segundoApellido !== undefined && { segundoApellido: name.segundoApellido }),
    genero: { ...GENEROS[sexo] },
    institucionDependencia: { ...institucion },
    puesto: { ...random.pick(PUESTOS) },
    tipoArea: random.sample(TIPOS_AREA, random.int(1, 2)).map(entry => ({ ...entry })),
    nivelResponsabilidad: random.sample(NIVELES_RESPONSABILIDAD, random.int(1, 2)).map(entry => ({ ...entry })),
    tipoProcedimiento: random.sample(TIPOS_PROCEDIMIENTO, random.chance(0.6) ? 1 : random.int(2, 3)).map(entry => ({ ...entry }))
  }
  if (random.chance(0.7)) record.superiorInmediato = superior(random)
  if (random.chance(0.1)) record.observaciones = random.pick(OBSERVACIONES)
  return { ...record, ...overrides }
}

function byId (a: SpicRecord, b: SpicRecord): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * A provider's records, the same for the same options: `size` generated ones with zero-padded
 * numeric ids, then the extra records. Returned in the provider's fixed order (by id).
 */
export function generateRecords (options: GenerateOptions): SpicRecord[] {
  const { seed, size, instituciones } = options
  const extras = options.extraRecords ?? []
  if (instituciones.length === 0) throw new SimulatorConfigError('Se requiere al menos una institución.')
  const width = Math.max(6, String(size + extras.length).length)
  const idAt = (index: number): string => String(index + 1).padStart(width, '0')
  const random = new Random(seed)
  const records = Array.from({ length: size }, (_, index) => makeRecord(random, idAt(index), random.pick(instituciones)))
  extras.forEach((extra, index) => {
    const extraRandom = new Random(seedFromString(`${seed}:extra:${index}`))
    records.push(makeRecord(extraRandom, extra.id ?? idAt(size + index), instituciones[0] as Institucion, extra))
  })
  const ids = new Set<string>()
  for (const record of records) {
    if (ids.has(record.id)) throw new SimulatorConfigError(`El id «${record.id}» está repetido.`)
    ids.add(record.id)
  }
  return records.sort(byId)
}

/** The institutions present in the records, as `/dependencias` lists them (by nombre, Spanish order). */
export function dependenciasOf (records: readonly SpicRecord[]): Dependencia[] {
  const seen = new Map<string, Dependencia>()
  for (const { institucionDependencia: { nombre, siglas, clave } } of records) {
    const key = `${nombre}\u0000${siglas ?? ''}\u0000${clave ?? ''}`
    if (!seen.has(key)) seen.set(key, { nombre, ...(siglas !== undefined && { siglas }), ...(clave !== undefined && { clave }) })
  }
  return [...seen.values()].sort((a, b) => compareSpanish(a.nombre ?? '', b.nombre ?? ''))
}
