import type { SpicRecord } from '@see/openapi/types'

// Values of the official S2 catalogues (pdn-specs/s2/catalogos). The generated records use only
// these, so every record validates against the standard's enums.

type Entry<K extends keyof SpicRecord> = NonNullable<SpicRecord[K]> extends Array<infer T> ? T : NonNullable<SpicRecord[K]>

export const GENEROS = {
  F: { clave: 'F', valor: 'FEMENINO' },
  M: { clave: 'M', valor: 'MASCULINO' },
  O: { clave: 'O', valor: 'OTRO' }
} as const satisfies Record<string, Entry<'genero'>>

export const TIPOS_AREA: ReadonlyArray<Entry<'tipoArea'>> = [
  { clave: 'T', valor: 'TÉCNICA' },
  { clave: 'RE', valor: 'RESPONSABLE DE LA EJECUCIÓN DE LOS TRABAJOS' },
  { clave: 'RC', valor: 'RESPONSABLE DE LA CONTRATACIÓN' },
  { clave: 'O', valor: 'OTRA' },
  { clave: 'C', valor: 'CONTRATANTE' },
  { clave: 'R', valor: 'REQUIRENTE' }
]

export const NIVELES_RESPONSABILIDAD: ReadonlyArray<Entry<'nivelResponsabilidad'>> = [
  { clave: 'A', valor: 'ATENCIÓN' },
  { clave: 'T', valor: 'TRAMITACIÓN' },
  { clave: 'R', valor: 'RESOLUCIÓN' },
  { clave: 'O', valor: 'OTRO' }
]

export const TIPOS_PROCEDIMIENTO: ReadonlyArray<Entry<'tipoProcedimiento'>> = [
  { clave: 1, valor: 'CONTRATACIONES PÚBLICAS' },
  { clave: 2, valor: 'CONCESIONES, LICENCIAS, PERMISOS, AUTORIZACIONES Y PRÓRROGAS' },
  { clave: 3, valor: 'ENAJENACIÓN DE BIENES MUEBLES' },
  { clave: 4, valor: 'ASIGNACIÓN Y EMISIÓN DE DICTÁMENES DE AVALÚOS NACIONALES' },
  { clave: 5, valor: 'OTRO' }
]

/** Budget branches a state or municipal ente in Chiapas commonly spends from. */
export const RAMOS: ReadonlyArray<Entry<'ramo'>> = [
  { clave: 28, valor: 'Participaciones a Entidades Federativas y Municipios' },
  { clave: 33, valor: 'Aportaciones Federales para Entidades Federativas y Municipios' },
  { clave: 23, valor: 'Provisiones Salariales y Económicas' },
  { clave: 12, valor: 'Salud' },
  { clave: 11, valor: 'Educación Pública' }
]
