import type { CollectionMapping, FieldRule, SystemMapping } from '../mapping.js'
import { TIPO_SANCION_FISICAS, TIPO_SANCION_MORALES } from './catalogs.js'

// S3P v2 (herramienta-capturador-s3): faltas graves of personas físicas and of personas morales.
// The collection says the `tipoPersona`. The institution is the ente where the fault was
// committed. The `Api-Interconexion` role reads the RFC of a persona moral but not of a persona
// física, and no domicile of a persona física.

const COMMON: FieldRule[] = [
  { kind: 'timestamp', v1: 'fechaCaptura', v2: ['date_updated', 'date_created', 'fecha'] },
  { kind: 'text', v1: 'expediente', v2: 'expediente' },
  { kind: 'text', v1: 'institucionDependencia.nombre', v2: 'dondeCometioLaFalta.nombreEntePublico' },
  { kind: 'text', v1: 'institucionDependencia.siglas', v2: 'dondeCometioLaFalta.siglasEntePublico' },
  { kind: 'text', v1: 'autoridadSancionadora', v2: 'resolucion.autoridadResolutora' },
  { kind: 'text', v1: 'tipoFalta', v2: 'faltaCometida[].clave' },
  { kind: 'join', v1: 'causaMotivoHechos', v2: ['faltaCometida[].descripcionHechos'], separator: ' ' },
  { kind: 'text', v1: 'resolucion.url', v2: 'resolucion.urlResolucion' },
  { kind: 'date', v1: 'resolucion.fechaNotificacion', v2: 'resolucion.fechaNotificacion' },
  { kind: 'number', v1: 'multa.monto', v2: 'tipoSancion[].sancionEconomica.monto' },
  { kind: 'text', v1: 'multa.moneda.clave', v2: 'tipoSancion[].sancionEconomica.moneda' },
  { kind: 'date', v1: 'inhabilitacion.fechaInicial', v2: 'tipoSancion[].inhabilitacion.fechaInicial' },
  { kind: 'date', v1: 'inhabilitacion.fechaFinal', v2: 'tipoSancion[].inhabilitacion.fechaFinal' }
]

const REQUIRED = ['institucionDependencia.nombre', 'particularSancionado.nombreRazonSocial', 'autoridadSancionadora', 'causaMotivoHechos']

const FISICAS: CollectionMapping = {
  collection: 'faltas_graves_personas_fisicas',
  tag: 'pf',
  idType: 'uuid',
  rules: [
    ...COMMON,
    { kind: 'join', v1: 'particularSancionado.nombreRazonSocial', v2: ['datosGenerales.nombres', 'datosGenerales.primerApellido', 'datosGenerales.segundoApellido'], separator: ' ' },
    { kind: 'constant', v1: 'particularSancionado.tipoPersona', value: 'F' },
    { kind: 'code', v1: 'tipoSancion', v2: 'tipoSancion[].clave', table: TIPO_SANCION_FISICAS, list: true }
  ],
  required: REQUIRED,
  requires: { multa: ['monto'] }
}

const MORALES: CollectionMapping = {
  collection: 'faltas_graves_personas_morales',
  tag: 'pm',
  idType: 'uuid',
  rules: [
    ...COMMON,
    { kind: 'text', v1: 'particularSancionado.nombreRazonSocial', v2: 'datosGenerales.nombreRazonSocial' },
    { kind: 'text', v1: 'particularSancionado.rfc', v2: 'datosGenerales.rfc' },
    { kind: 'text', v1: 'particularSancionado.objetoSocial', v2: 'datosGenerales.objetoSocial' },
    { kind: 'constant', v1: 'particularSancionado.tipoPersona', value: 'M' },
    { kind: 'code', v1: 'tipoSancion', v2: 'tipoSancion[].clave', table: TIPO_SANCION_MORALES, list: true }
  ],
  required: REQUIRED,
  requires: { multa: ['monto'] }
}

export const S3P_MAPPING: SystemMapping = {
  system: 's3p',
  fields: '*.*.*',
  collections: [FISICAS, MORALES]
}
