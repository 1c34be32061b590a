import type { SystemProfile } from '../profile.js'

const SP = 'declaracion.situacionPatrimonial'
const EMPLEO = `${SP}.datosEmpleoCargoComision`
const INMUEBLE = `${SP}.bienesInmuebles.bienInmueble`
/** The declarant's net income: each declaration type names it differently (`|` lists the alternatives). */
const INGRESO_NETO = ['Mensual', 'Anual', 'Conclusion'].map(period => `${SP}.ingresos.ingreso${period}NetoDeclarante.valor`).join('|')

/**
 * S1: declaraciones patrimoniales y de intereses (spec 2.0). Inicial, Modificación and Conclusión
 * share the request; each answer's record is validated against the official schema of its
 * `metadata.tipo` (`recordVariants`). Query and sort fields nest as the standard writes them
 * (`datosEmpleoCargoComision.nombreEntePublico`); amounts and surfaces are inclusive `{min, max}`
 * ranges and sort by number.
 */
export const s1: SystemProfile = {
  id: 's1',
  pdnId: 'S1',
  title: 'Declaraciones patrimoniales y de intereses',
  scope: 'read:declaraciones',
  scopeDescription: 'S1: consultar declaraciones patrimoniales y de intereses.',
  paths: { search: '/v2/declaraciones' },
  servicePort: 3101,
  schemas: {
    request: 'DeclaracionesRequest',
    query: 'DeclaracionesQuery',
    response: 'DeclaracionesResponse',
    record: 'Declaracion',
    recordVariants: {
      path: 'metadata.tipo',
      schemas: { INICIAL: 'DeclaracionInicial', MODIFICACIÓN: 'DeclaracionModificacion', CONCLUSIÓN: 'DeclaracionConclusion' }
    }
  },
  filters: {
    id: { kind: 'id' },
    nombres: { kind: 'text', path: `${SP}.datosGenerales.nombre` },
    primerApellido: { kind: 'text', path: `${SP}.datosGenerales.primerApellido` },
    segundoApellido: { kind: 'text', path: `${SP}.datosGenerales.segundoApellido` },
    escolaridadNivel: { kind: 'equals', path: `${SP}.datosCurricularesDeclarante.escolaridad.nivel.clave` },
    'datosEmpleoCargoComision.nombreEntePublico': { kind: 'text', path: `${EMPLEO}.nombreEntePublico` },
    'datosEmpleoCargoComision.entidadFederativa': { kind: 'equals', path: `${EMPLEO}.domicilioMexico.entidadFederativa.clave` },
    'datosEmpleoCargoComision.municipioAlcaldia': { kind: 'equals', path: `${EMPLEO}.domicilioMexico.municipioAlcaldia.clave` },
    'datosEmpleoCargoComision.empleoCargoComision': { kind: 'text', path: `${EMPLEO}.empleoCargoComision` },
    'datosEmpleoCargoComision.nivelOrdenGobierno': { kind: 'equals', path: `${EMPLEO}.nivelOrdenGobierno` },
    'datosEmpleoCargoComision.nivelEmpleoCargoComision': { kind: 'text', path: `${EMPLEO}.nivelEmpleoCargoComision` },
    'bienesInmuebles.superficieConstruccion': { kind: 'range', path: `${INMUEBLE}.superficieConstruccion.valor` },
    'bienesInmuebles.superficieTerreno': { kind: 'range', path: `${INMUEBLE}.superficieTerreno.valor` },
    'bienesInmuebles.formaAdquisicion': { kind: 'equals', path: `${INMUEBLE}.formaAdquisicion.clave` },
    'bienesInmuebles.valorAdquisicion': { kind: 'range', path: `${INMUEBLE}.valorAdquisicion.valor` },
    totalIngresosNetos: { kind: 'range', path: INGRESO_NETO },
    tipoDeclaracion: { kind: 'equals', path: 'metadata.tipo' },
    rfcSolicitante: { kind: 'requester' }
  },
  sorts: {
    nombres: `${SP}.datosGenerales.nombre`,
    primerApellido: `${SP}.datosGenerales.primerApellido`,
    segundoApellido: `${SP}.datosGenerales.segundoApellido`,
    escolaridadNivel: `${SP}.datosCurricularesDeclarante.escolaridad.nivel.valor`,
    'datosEmpleoCargoComision.nombreEntePublico': `${EMPLEO}.nombreEntePublico`,
    'datosEmpleoCargoComision.entidadFederativa': `${EMPLEO}.domicilioMexico.entidadFederativa.clave`,
    'datosEmpleoCargoComision.municipioAlcaldia': `${EMPLEO}.domicilioMexico.municipioAlcaldia.clave`,
    'datosEmpleoCargoComision.empleoCargoComision': `${EMPLEO}.empleoCargoComision`,
    'datosEmpleoCargoComision.nivelEmpleoCargoComision': `${EMPLEO}.nivelEmpleoCargoComision`,
    'datosEmpleoCargoComision.nivelOrdenGobierno': `${EMPLEO}.nivelOrdenGobierno`,
    totalIngresosNetos: INGRESO_NETO,
    'bienesInmuebles.superficieConstruccion': `${INMUEBLE}.superficieConstruccion.valor`,
    'bienesInmuebles.superficieTerreno': `${INMUEBLE}.superficieTerreno.valor`,
    'bienesInmuebles.formaAdquisicion': `${INMUEBLE}.formaAdquisicion.clave`,
    'bienesInmuebles.valorAdquisicion': `${INMUEBLE}.valorAdquisicion.valor`
  },
  // The public version of the declaration as the standard's formats define it: no dependents or
  // partner, no home address or personal contact, no identifiers of the declarant, no private
  // assets' locations, third parties or account numbers.
  privateFields: [
    `${SP}.datosGenerales.curp`, `${SP}.datosGenerales.rfc.homoClave`, `${SP}.datosGenerales.correoElectronico.personal`,
    `${SP}.datosGenerales.telefono`, `${SP}.datosGenerales.situacionPersonalEstadoCivil`, `${SP}.datosGenerales.regimenMatrimonial`,
    `${SP}.datosGenerales.paisNacimiento`, `${SP}.datosGenerales.nacionalidad`,
    `${SP}.domicilioDeclarante`, `${SP}.datosPareja`, `${SP}.datosDependienteEconomico`,
    ['Mensual', 'Anual', 'Conclusion'].map(period => `${SP}.ingresos.ingreso${period}NetoParejaDependiente`).join('|'),
    `${INMUEBLE}.tercero`, `${INMUEBLE}.transmisor`, `${INMUEBLE}.domicilioMexico`, `${INMUEBLE}.domicilioExtranjero`, `${INMUEBLE}.datoIdentificacion`,
    `${SP}.vehiculos.vehiculo.tercero`, `${SP}.vehiculos.vehiculo.transmisor`, `${SP}.vehiculos.vehiculo.numeroSerieRegistro`,
    `${SP}.inversiones`, `${SP}.adeudos`, `${SP}.prestamoOComodato`
  ],
  requester: 'query',
  official: { file: 's1/OAS_API_Declaraciones_Inicial.json', response: 'resDeclaraciones' },
  example: { page: 1, pageSize: 5, query: { primerApellido: 'PEREZ', totalIngresosNetos: { min: 10000 } }, sort: { totalIngresosNetos: 'desc' } }
}
