import type { SystemMapping } from '../mapping.js'
import { SEXO, TIPO_AREA_ADQUISICIONES, TIPO_AREA_OBRAS, TIPO_PROCEDIMIENTO } from './catalogs.js'

/**
 * S2 v2 (herramienta-capturador-s2, Directus 10.13): one collection. What the `Api-Interconexion`
 * role reads of it is what is mapped; it does not read `curp` or `rfc` (so no v1 record carries
 * them) nor `date_created`/`date_updated` (`fecha`, the capture date, becomes `fechaCaptura`).
 * The role's field list omits `id` although the v2 spec requires it in every answer: the mapping
 * assumes Directus returns it (see README).
 */
export const S2_MAPPING: SystemMapping = {
  system: 's2',
  fields: '*.*.*',
  collections: [{
    collection: 'servidores_intervengan_procedimientos_contrataciones',
    idType: 'uuid',
    rules: [
      { kind: 'timestamp', v1: 'fechaCaptura', v2: ['fecha'], writeDateOnly: true },
      { kind: 'text', v1: 'ejercicioFiscal', v2: 'ejercicio' },
      { kind: 'text', v1: 'nombres', v2: 'datosGenerales.nombre' },
      { kind: 'text', v1: 'primerApellido', v2: 'datosGenerales.primerApellido' },
      { kind: 'text', v1: 'segundoApellido', v2: 'datosGenerales.segundoApellido' },
      { kind: 'code', v1: 'genero', v2: 'datosGenerales.sexo', table: SEXO, list: false },
      { kind: 'text', v1: 'institucionDependencia.nombre', v2: 'empleoCargoComision.nombreEntePublico' },
      { kind: 'text', v1: 'institucionDependencia.siglas', v2: 'empleoCargoComision.siglasEntePublico' },
      { kind: 'text', v1: 'puesto.nombre', v2: 'empleoCargoComision.denominacion' },
      { kind: 'code', v1: 'tipoProcedimiento', v2: 'tipoProcedimiento', table: TIPO_PROCEDIMIENTO, list: true },
      { kind: 'code', v1: 'tipoArea', v2: 'tipoContratacion[].contratacionAdquisicion.tipoArea', table: TIPO_AREA_ADQUISICIONES, list: true, v2Array: true },
      { kind: 'code', v1: 'tipoArea', v2: 'tipoContratacion[].contratacionObra.tipoArea', table: TIPO_AREA_OBRAS, list: true, v2Array: true },
      { kind: 'text', v1: 'observaciones', v2: 'Observaciones' }
    ],
    required: ['nombres', 'primerApellido', 'institucionDependencia.nombre', 'puesto.nombre']
  }]
}
