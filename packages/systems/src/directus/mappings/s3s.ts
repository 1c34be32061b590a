import type { CollectionMapping, FieldRule, SystemMapping } from '../mapping.js'
import { SEXO, TIPO_SANCION_GRAVES, TIPO_SANCION_NO_GRAVES } from './catalogs.js'

// S3S v2 (herramienta-capturador-s3, Directus 10.13): faltas graves and faltas no graves. The
// `Api-Interconexion` role reads the names, post and level of a servant only for faltas graves;
// for faltas no graves it reads the sex and the ente, so those records carry '' as name and post
// (the v1 schema requires them) and no name filter can match them. Neither collection publishes
// `curp` or `rfc`.

const COMMON: FieldRule[] = [
  { kind: 'timestamp', v1: 'fechaCaptura', v2: ['date_updated', 'date_created', 'fecha'] },
  { kind: 'text', v1: 'expediente', v2: 'expediente' },
  { kind: 'text', v1: 'institucionDependencia.nombre', v2: 'empleoCargoComision.nombreEntePublico' },
  { kind: 'text', v1: 'institucionDependencia.siglas', v2: 'empleoCargoComision.siglasEntePublico' },
  { kind: 'code', v1: 'servidorPublicoSancionado.genero', v2: 'datosGenerales.sexo', table: SEXO, list: false },
  { kind: 'text', v1: 'autoridadSancionadora', v2: 'resolucion.autoridadResolutora' },
  { kind: 'join', v1: 'causaMotivoHechos', v2: ['faltaCometida[].descripcionHechos'], separator: ' ' },
  { kind: 'date', v1: 'resolucion.fechaResolucion', v2: 'resolucion.fechaResolucion' },
  { kind: 'date', v1: 'inhabilitacion.fechaInicial', v2: 'tipoSancion[].inhabilitacion.fechaInicial' },
  { kind: 'date', v1: 'inhabilitacion.fechaFinal', v2: 'tipoSancion[].inhabilitacion.fechaFinal' }
]

const REQUIRED = ['institucionDependencia.nombre', 'servidorPublicoSancionado.nombres', 'servidorPublicoSancionado.primerApellido', 'servidorPublicoSancionado.puesto', 'causaMotivoHechos']

const GRAVES: CollectionMapping = {
  collection: 'faltas_administrativas_graves',
  tag: 'g',
  idType: 'uuid',
  rules: [
    ...COMMON,
    { kind: 'text', v1: 'servidorPublicoSancionado.nombres', v2: 'datosGenerales.nombres' },
    { kind: 'text', v1: 'servidorPublicoSancionado.primerApellido', v2: 'datosGenerales.primerApellido' },
    { kind: 'text', v1: 'servidorPublicoSancionado.segundoApellido', v2: 'datosGenerales.segundoApellido' },
    { kind: 'text', v1: 'servidorPublicoSancionado.puesto', v2: 'empleoCargoComision.denominacion' },
    { kind: 'text', v1: 'servidorPublicoSancionado.nivel', v2: 'empleoCargoComision.nivelJerarquico.clave' },
    { kind: 'constant', v1: 'tipoFalta', value: { clave: 'AG', valor: 'ADMINISTRATIVA GRAVE' } },
    { kind: 'code', v1: 'tipoSancion', v2: 'tipoSancion[].clave', table: TIPO_SANCION_GRAVES, list: true },
    { kind: 'text', v1: 'resolucion.url', v2: 'resolucion.urlResolucion' },
    { kind: 'number', v1: 'multa.monto', v2: 'tipoSancion[].sancionEconomica.monto' },
    { kind: 'text', v1: 'multa.moneda.clave', v2: 'tipoSancion[].sancionEconomica.moneda' }
  ],
  required: REQUIRED,
  requires: { resolucion: ['fechaResolucion'], multa: ['monto', 'moneda'] }
}

const NO_GRAVES: CollectionMapping = {
  collection: 'faltas_administrativas_no_graves',
  tag: 'ng',
  idType: 'uuid',
  rules: [
    ...COMMON,
    { kind: 'constant', v1: 'tipoFalta', value: { clave: 'ANG', valor: 'ADMINISTRATIVA NO GRAVE' } },
    { kind: 'code', v1: 'tipoSancion', v2: 'tipoSancion[].clave', table: TIPO_SANCION_NO_GRAVES, list: true },
    { kind: 'text', v1: 'observaciones', v2: 'observaciones' }
  ],
  required: REQUIRED,
  requires: { resolucion: ['fechaResolucion'] }
}

export const S3S_MAPPING: SystemMapping = {
  system: 's3s',
  fields: '*.*.*',
  collections: [GRAVES, NO_GRAVES]
}
