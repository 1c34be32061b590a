import type { CodeEntry } from '../mapping.js'

// v2 codes (the choices of the capture tools' Directus fields, pdn-specs/s2/v2 and s3/v2
// directus-colecciones.yaml) and the v1 catalogue entries (pdn-specs/*/catalogos) they stand for.

type Pairs = ReadonlyArray<readonly [v2: string, clave: string | number, valor: string, descripcion?: string]>

function table (pairs: Pairs): CodeEntry[] {
  return pairs.map(([v2, clave, valor, descripcion]) => ({ v2, v1: { clave, valor, ...(descripcion !== undefined && { descripcion }) } }))
}

export const SEXO = table([
  ['MUJER', 'F', 'FEMENINO'],
  ['HOMBRE', 'M', 'MASCULINO']
])

/** S2 `tipoProcedimiento` (one per record in v2); v1 clave 5 (OTRO) has no v2 counterpart. */
export const TIPO_PROCEDIMIENTO = table([
  ['CONTRATACION_PUBLICA', 1, 'CONTRATACIONES PÚBLICAS'],
  ['OTORGAMIENTO_CONCECIONES', 2, 'CONCESIONES, LICENCIAS, PERMISOS, AUTORIZACIONES Y PRÓRROGAS'],
  ['ENAJENACION_BIENES', 3, 'ENAJENACIÓN DE BIENES MUEBLES'],
  ['DICTAMEN_VALUATORIO', 4, 'ASIGNACIÓN Y EMISIÓN DE DICTÁMENES DE AVALÚOS NACIONALES']
])

const AREA_TECNICA = ['T', 'TÉCNICA'] as const
const AREA_REQUIRENTE = ['R', 'REQUIRENTE'] as const
const AREA_OTRA = ['O', 'OTRA'] as const

/** S2 `tipoArea` of an acquisition (`contrataciones_adquisiciones.tipoArea`). */
export const TIPO_AREA_ADQUISICIONES = table([
  ['AREA_REQUIRENTE', ...AREA_REQUIRENTE],
  ['AREA_CONTRATANTE', 'C', 'CONTRATANTE'],
  ['AREA_TECNICA', ...AREA_TECNICA],
  ['AREA_SUPERVISORA', ...AREA_OTRA],
  ['INTEGRANTE_COMITE', ...AREA_OTRA],
  ['ORGANO_REVISION', ...AREA_OTRA],
  ['PARTICIPANTE_ACLARACIONES', ...AREA_OTRA]
])

/** S2 `tipoArea` of a public work (`contrataciones_obras.tipoArea`). */
export const TIPO_AREA_OBRAS = table([
  ['AREA_EJECUCION', 'RE', 'RESPONSABLE DE LA EJECUCIÓN DE LOS TRABAJOS'],
  ['AREA_RESPONSABLE', 'RC', 'RESPONSABLE DE LA CONTRATACIÓN'],
  ['AREA_TECNICA', ...AREA_TECNICA],
  ['AREA_REQUIRENTE', ...AREA_REQUIRENTE],
  ['OTRO', ...AREA_OTRA],
  ['INTEGRANTE_COMITE', ...AREA_OTRA],
  ['ORGANO_REVISION', ...AREA_OTRA],
  ['JUNTA_ACLARACIONES', ...AREA_OTRA]
])

const S3S_SUSPENSION = ['S', 'SUSPENSIÓN DEL EMPLEO, CARGO O COMISIÓN'] as const
const S3S_DESTITUCION = ['D', 'DESTITUCIÓN DEL EMPLEO, CARGO O COMISIÓN'] as const
const INHABILITADO = ['I', 'INHABILITADO'] as const
const SANCION_ECONOMICA = ['SE', 'SANCIÓN ECONÓMICA'] as const
const OTRO = ['O', 'OTRO'] as const

/** S3S `tipo_sancion_graves.clave`. */
export const TIPO_SANCION_GRAVES = table([
  ['SUSPENSION', ...S3S_SUSPENSION],
  ['DESTITUCION', ...S3S_DESTITUCION],
  ['SANCION_ECONOMICA', ...SANCION_ECONOMICA],
  ['INHABILITACION', ...INHABILITADO],
  ['OTRO', ...OTRO]
])

/** S3S `tipo_sancion_no_graves.clave`; v1 S3S has no amonestación, so it is OTRO with a description. */
export const TIPO_SANCION_NO_GRAVES = table([
  ['SUSPENSION', ...S3S_SUSPENSION],
  ['DESTITUCION', ...S3S_DESTITUCION],
  ['INHABILITACION', ...INHABILITADO],
  ['OTRO', ...OTRO],
  ['AMONESTACION', ...OTRO, 'AMONESTACIÓN PÚBLICA O PRIVADA']
])

const INDEMNIZACION = ['IND', 'INDEMNIZACIÓN POR LOS DAÑOS Y PERJUICIOS OCASIONADOS A LA HACIENDA PÚBLICA FEDERAL, LOCAL O MUNICIPAL, O AL PATRIMONIO DE LOS ENTES PÚBLICOS.'] as const

/** S3P `tipo_sancion_personas_fisicas.clave`. */
export const TIPO_SANCION_FISICAS = table([
  ['INHABILITACION', ...INHABILITADO],
  ['INDEMNIZACION', ...INDEMNIZACION],
  ['SANCION_ECONOMICA', ...SANCION_ECONOMICA],
  ['OTRO', ...OTRO]
])

/** S3P `tipo_sancion_personas_morales.clave` (the tool stores its «otro» in lower case). */
export const TIPO_SANCION_MORALES = table([
  ['INHABILITACION', ...INHABILITADO],
  ['INDEMNIZACION', ...INDEMNIZACION],
  ['SANCION_ECONOMICA', ...SANCION_ECONOMICA],
  ['SUSPENSION_ACTIVIDADES', 'S', 'SUSPENSIÓN DE ACTIVIDADES'],
  ['DISOLUCION_SOCIEDAD', 'D', 'DISOLUCIÓN DE LA SOCIEDAD'],
  ['otro', ...OTRO],
  ['OTRO', ...OTRO]
])
