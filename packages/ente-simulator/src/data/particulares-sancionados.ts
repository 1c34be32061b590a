import type { PsancionadosRecord } from '@see/openapi/types'
import type { Random } from '../prng.js'
import type { ExtraParticular, Institucion } from '../types.js'
import { buildDataset, withExtra, type DatasetOptions } from './dataset.js'
import { addDays } from './dates.js'
import { curpFor, rfcFor, rfcMoralFor, type PersonName } from './identity.js'
import { birth, curpSex, fechaCaptura, nameFields, person, splitFullName, type Sexo } from './people.js'
import { PESO_MEXICANO, TIPOS_SANCION_PARTICULAR } from './sanction-catalogs.js'
import { documentos, documentUrl, expediente, inhabilitacion, monto } from './sanction-parts.js'
import {
  ACTOS, CAUSAS_PARTICULAR, DOMICILIOS_EXTRANJEROS, FALTAS_PARTICULAR, GIROS_EMPRESA, MUNICIPIOS_DOMICILIO, NOMBRES_EMPRESA,
  OBJETOS_CONTRATO, OBJETOS_SOCIALES, OBSERVACIONES_SANCION, SOCIEDADES, VIALIDADES
} from './sanction-texts.js'
import { APELLIDOS } from './names.js'

// Simulated S3P records: suppliers (companies and natural persons) sanctioned over a contract
// with a Chiapas institution. Dissolution and suspension of activities only reach companies.

type Particular = PsancionadosRecord['particularSancionado']
type Domicilio = NonNullable<Particular['domicilioMexico']>
type Representante = NonNullable<Particular['directorGeneral']>

const ONLY_COMPANIES = new Set(['S', 'D'])

function fullName (name: PersonName): string {
  return [name.nombres, name.primerApellido, name.segundoApellido].filter(Boolean).join(' ')
}

function sexo (random: Random): Exclude<Sexo, 'O'> {
  return random.chance(0.5) ? 'F' : 'M'
}

function representante (random: Random): Representante {
  const sex = sexo(random)
  const name = person(random, sex)
  return { ...nameFields(name), curp: curpFor(name, birth(random), curpSex(sex), random) }
}

function companyName (random: Random): string {
  const core = random.chance(0.3) ? `${random.pick(APELLIDOS)} y Asociados` : random.pick(NOMBRES_EMPRESA)
  return `${random.pick(GIROS_EMPRESA)} ${core}, ${random.pick(SOCIEDADES)}`
}

function domicilioMexico (random: Random): Domicilio {
  const municipio = random.pick(MUNICIPIOS_DOMICILIO)
  const domicilio: Domicilio = {
    pais: { clave: 'MX', valor: 'México' },
    entidadFederativa: { clave: '07', valor: 'Chiapas' },
    municipio: { clave: municipio.clave, valor: municipio.valor },
    codigoPostal: municipio.codigoPostal,
    localidad: { clave: '0001', valor: municipio.valor },
    vialidad: { ...random.pick(VIALIDADES) },
    numeroExterior: String(random.int(1, 1500))
  }
  if (random.chance(0.3)) domicilio.numeroInterior = String(random.int(1, 20))
  return domicilio
}

function telefono (random: Random): string {
  return `52${random.pick(['961', '962', '967', '963', '916'])}${String(random.int(0, 9_999_999)).padStart(7, '0')}`
}

/** A company (`M`) or a natural person (`F`), with the RFC its name (drawn or given) and dates give. */
function particular (random: Random, tipoPersona: 'F' | 'M', givenName: string | undefined): Particular {
  const founded = birth(random)
  const common = {
    telefono: telefono(random),
    ...(random.chance(0.9) ? { domicilioMexico: domicilioMexico(random) } : { domicilioExtranjero: { ...random.pick(DOMICILIOS_EXTRANJEROS), numeroExterior: String(random.int(1, 99)) } })
  }
  if (tipoPersona === 'F') {
    const drawn = person(random, sexo(random))
    const name = givenName === undefined ? drawn : splitFullName(givenName)
    return { nombreRazonSocial: fullName(name), rfc: rfcFor(name, founded, random), tipoPersona, ...common }
  }
  const drawn = companyName(random)
  const nombreRazonSocial = givenName ?? drawn
  const company: Particular = { nombreRazonSocial, objetoSocial: random.pick(OBJETOS_SOCIALES), rfc: rfcMoralFor(nombreRazonSocial, founded, random), tipoPersona, ...common }
  if (random.chance(0.8)) company.directorGeneral = representante(random)
  if (random.chance(0.5)) company.apoderadoLegal = representante(random)
  return company
}

function sanciones (random: Random, tipoPersona: 'F' | 'M'): PsancionadosRecord['tipoSancion'] {
  const allowed = TIPOS_SANCION_PARTICULAR.filter(tipo => tipoPersona === 'M' || !ONLY_COMPANIES.has(tipo.clave ?? ''))
  return random.sample(allowed, random.chance(0.6) ? 1 : 2).map(tipo => ({ ...tipo }))
}

function sentido (claves: ReadonlySet<string | undefined>): string {
  if (claves.has('M') || claves.has('SE')) return claves.has('I') ? 'Sancionatoria con multa e inhabilitación' : 'Sancionatoria con multa'
  return claves.has('I') ? 'Sancionatoria con inhabilitación' : 'Sancionatoria'
}

/** One record; `extra` wins over everything drawn (`particularSancionado` merges field by field). */
function makeParticular (random: Random, id: string, institucion: Institucion, extra: ExtraParticular): PsancionadosRecord {
  const tipoPersona = extra.particularSancionado?.tipoPersona ?? (random.chance(0.7) ? 'M' : 'F')
  const captured = fechaCaptura(random)
  const resolved = addDays(captured, -random.int(15, 400))
  const tipoSancion = sanciones(random, tipoPersona)
  const claves = new Set(tipoSancion.map(tipo => tipo.clave))
  const expedienteId = expediente(random, institucion, 'AI/INV', Number(resolved.slice(0, 4)) - random.int(0, 1))
  const responsable = person(random, sexo(random))
  const record: PsancionadosRecord = {
    id,
    fechaCaptura: captured,
    expediente: expedienteId,
    institucionDependencia: { ...institucion },
    particularSancionado: particular(random, tipoPersona, extra.particularSancionado?.nombreRazonSocial),
    objetoContrato: random.pick(OBJETOS_CONTRATO),
    autoridadSancionadora: random.chance(0.7) ? 'Tribunal de Justicia Administrativa del Estado de Chiapas' : `Órgano Interno de Control — ${institucion.nombre}`,
    tipoFalta: random.pick(FALTAS_PARTICULAR),
    tipoSancion,
    causaMotivoHechos: random.pick(CAUSAS_PARTICULAR),
    acto: random.pick(ACTOS),
    responsableSancion: nameFields(responsable),
    resolucion: { sentido: sentido(claves), url: documentUrl(institucion, 'resoluciones', expedienteId), fechaNotificacion: addDays(resolved, random.int(1, 20)) }
  }
  if (claves.has('M') || claves.has('SE')) record.multa = { monto: monto(random, 10_000, 5_000_000), moneda: { ...PESO_MEXICANO } }
  if (claves.has('I')) record.inhabilitacion = inhabilitacion(random, resolved)
  if (random.chance(0.1)) record.observaciones = random.pick(OBSERVACIONES_SANCION)
  if (random.chance(0.4)) record.documentos = documentos(random, institucion, expedienteId, resolved, claves.has('I'))
  return withExtra(record, extra, 'particularSancionado')
}

/** A provider's S3P records, the same for the same options, in its fixed order (by id). */
export function generateParticulares (options: DatasetOptions<ExtraParticular>): PsancionadosRecord[] {
  return buildDataset(options, makeParticular, {})
}
