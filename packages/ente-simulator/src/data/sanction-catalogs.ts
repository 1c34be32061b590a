import type { PsancionadosRecord, SsancionadosRecord } from '@see/openapi/types'

// Values of the official S3 catalogues (pdn-specs/s3s/catalogos, s3p/catalogos). The generated
// sanctions use only these, so every record validates against the standards' enums.

type Item<T> = T extends ReadonlyArray<infer I> ? I : T

export type TipoSancionServidor = Item<SsancionadosRecord['tipoSancion']>
export type TipoFalta = SsancionadosRecord['tipoFalta']
export type TipoSancionParticular = Item<PsancionadosRecord['tipoSancion']>

export const TIPOS_SANCION_SERVIDOR: readonly TipoSancionServidor[] = [
  { clave: 'I', valor: 'INHABILITADO' },
  { clave: 'M', valor: 'MULTADO' },
  { clave: 'S', valor: 'SUSPENSIÓN DEL EMPLEO, CARGO O COMISIÓN' },
  { clave: 'D', valor: 'DESTITUCIÓN DEL EMPLEO, CARGO O COMISIÓN' },
  { clave: 'IRSC', valor: 'INDEMNIZACIÓN RESARCITORIA' },
  { clave: 'SE', valor: 'SANCIÓN ECONÓMICA' },
  { clave: 'O', valor: 'OTRO' }
]

/** For `O` (otro) the standard wants the sanction named in `valor`: the ones the LGRA adds. */
export const OTRAS_SANCIONES_SERVIDOR = ['AMONESTACIÓN PÚBLICA', 'AMONESTACIÓN PRIVADA'] as const

export const TIPOS_FALTA: readonly TipoFalta[] = [
  { clave: 'NAD', valor: 'NEGLIGENCIA ADMINISTRATIVA' },
  { clave: 'VPC', valor: 'VIOLACION PROCEDIMIENTOS DE CONTRATACION' },
  { clave: 'VLNP', valor: 'VIOLACION LEYES Y NORMATIVIDAD PRESUPUESTAL' },
  { clave: 'AUT', valor: 'ABUSO DE AUTORIDAD' },
  { clave: 'CEX', valor: 'COHECHO O EXTORSION' },
  { clave: 'IDSP', valor: 'INCUMPLIMIENTO EN DECLARACION DE SITUACION PATRIMONIAL' },
  { clave: 'DCSP', valor: 'DELITO COMETIDO POR SERVIDORES PUBLICOS' },
  { clave: 'EIFM', valor: 'EJERCICIO INDEBIDO DE SUS FUNCIONES EN MATERIA MIGRATORIA' },
  { clave: 'VDH', valor: 'VIOLACIÓN A LOS DERECHOS HUMANOS' },
  { clave: 'AG', valor: 'ADMINISTRATIVA GRAVE' },
  { clave: 'ANG', valor: 'ADMINISTRATIVA NO GRAVE' },
  { clave: 'AC', valor: 'ACTO DE CORRUPCIÓN' },
  { clave: 'OTRO', valor: 'OTRO' },
  { clave: 'HSEX', valor: 'COMETER O TOLERAR CONDUCTAS DE HOSTIGAMIENTO SEXUAL' },
  { clave: 'ASEX', valor: 'COMETER O TOLERAR CONDUCTAS DE ACOSO SEXUAL' },
  { clave: 'PEC', valor: 'PECULADO' },
  { clave: 'DRP', valor: 'DESVÍO DE RECURSOS PÚBLICOS' },
  { clave: 'UII', valor: 'UTILIZACIÓN INDEBIDA DE INFORMACIÓN' },
  { clave: 'AFN', valor: 'ABUSO DE FUNCIONES' },
  { clave: 'ABCI', valor: 'ACTUACIÓN BAJO CONFLICTO DE INTERÉS' },
  { clave: 'CIND', valor: 'CONTRATACIÓN INDEBIDA' },
  { clave: 'EOCI', valor: 'ENRIQUECIMIENTO OCULTO U OCULTAMIENTO DE CONFLICTO DE INTERÉS' },
  { clave: 'TINF', valor: 'TRÁFICO DE INFLUENCIAS' },
  { clave: 'ENCB', valor: 'ENCUBRIMIENTO' },
  { clave: 'DSCT', valor: 'DESACATO' },
  { clave: 'OJUST', valor: 'OBSTRUCCIÓN DE LA JUSTICIA' }
]

/** Faults the LGRA calls grave: a court (the TJA), not the internal control body, sanctions them. */
export const FALTAS_GRAVES: ReadonlySet<string> = new Set(['CEX', 'AG', 'AC', 'PEC', 'DRP', 'UII', 'AFN', 'ABCI', 'CIND', 'EOCI', 'TINF', 'ENCB', 'DSCT', 'OJUST'])

export const TIPOS_SANCION_PARTICULAR: readonly TipoSancionParticular[] = [
  { clave: 'I', valor: 'INHABILITADO' },
  { clave: 'M', valor: 'MULTADO' },
  { clave: 'S', valor: 'SUSPENSIÓN DE ACTIVIDADES' },
  { clave: 'D', valor: 'DISOLUCIÓN DE LA SOCIEDAD' },
  { clave: 'A', valor: 'AMONESTACIÓN' },
  { clave: 'IND', valor: 'INDEMNIZACIÓN POR LOS DAÑOS Y PERJUICIOS OCASIONADOS A LA HACIENDA PÚBLICA FEDERAL, LOCAL O MUNICIPAL, O AL PATRIMONIO DE LOS ENTES PÚBLICOS.' },
  { clave: 'SE', valor: 'SANCIÓN ECONÓMICA' },
  { clave: 'O', valor: 'OTRO' }
]

export const TIPOS_DOCUMENTO = ['RESOLUCION', 'CONSTANCIA_SANCION', 'CONSTANCIA_INHABILITACION', 'CONSTANCIA_ABSTENCION'] as const

export const PESO_MEXICANO = { clave: 'MXN', valor: 'Peso Mexicano' } as const
