import type { AnyRecord } from '@see/systems'
import type { Random } from '../prng.js'
import type { Institucion } from '../types.js'
import { buildDataset, type DatasetOptions } from './dataset.js'
import { curpFor, rfcFor } from './identity.js'
import { APELLIDOS, PUESTOS } from './names.js'
import { birth, curpSex, fechaCaptura, person, type Sexo } from './people.js'

// Simulated S1 records: declarations of the three types of spec 2.0 (Inicial, Modificación,
// Conclusión) with nested assets, incomes and interests, valid against the official schema of each
// type. Plain object literals from small pools: thousands per ente in a few hundred milliseconds.

/** A declaration planted in a provider's data: its fields win over the generated ones (one level deep). */
export type ExtraDeclaracion = AnyRecord & { id?: string }
type Declaracion = AnyRecord & { id: string }

type Tipo = 'INICIAL' | 'MODIFICACIÓN' | 'CONCLUSIÓN'
const TIPOS: readonly Tipo[] = ['INICIAL', 'MODIFICACIÓN', 'CONCLUSIÓN']
/** How each type names its income fields (ingreso<Periodo>NetoDeclarante…). */
const PERIODO: Record<Tipo, 'Mensual' | 'Anual' | 'Conclusion'> = { INICIAL: 'Mensual', MODIFICACIÓN: 'Anual', CONCLUSIÓN: 'Conclusion' }

const NIVELES = [
  { clave: 'BCH', valor: 'BACHILLERATO' }, { clave: 'CTC', valor: 'CARRERA TÉCNICA O COMERCIAL' },
  { clave: 'LIC', valor: 'LICENCIATURA' }, { clave: 'ESP', valor: 'ESPECIALIDAD' },
  { clave: 'MAE', valor: 'MAESTRÍA' }, { clave: 'DOC', valor: 'DOCTORADO' }, { clave: 'SEC', valor: 'SECUNDARIA' }
] as const
const ESCUELAS = ['Universidad Autónoma de Chiapas', 'Universidad de Ciencias y Artes de Chiapas', 'Instituto Tecnológico de Tuxtla Gutiérrez', 'Universidad Nacional Autónoma de México', 'Colegio de Bachilleres de Chiapas'] as const
const CARRERAS = ['Derecho', 'Contaduría Pública', 'Administración Pública', 'Ingeniería Civil', 'Economía', 'Arquitectura', 'Medicina'] as const
const MUNICIPIOS = [
  { clave: '101', valor: 'Tuxtla Gutiérrez' }, { clave: '078', valor: 'San Cristóbal de las Casas' },
  { clave: '089', valor: 'Tapachula' }, { clave: '019', valor: 'Comitán de Domínguez' }, { clave: '027', valor: 'Chiapa de Corzo' }
] as const
const CHIAPAS = { clave: '07', valor: 'Chiapas' }
const ORDENES = ['ESTATAL', 'ESTATAL', 'MUNICIPAL_ALCALDIA', 'FEDERAL'] as const
const AMBITOS = ['EJECUTIVO', 'LEGISLATIVO', 'JUDICIAL', 'ORGANO_AUTONOMO'] as const
const INMUEBLES = [{ clave: 'CASA', valor: 'CASA' }, { clave: 'DPTO', valor: 'DEPARTAMENTO' }, { clave: 'TERR', valor: 'TERRENO' }, { clave: 'LOCC', valor: 'LOCAL COMERCIAL' }, { clave: 'RACH', valor: 'RANCHO' }] as const
const ADQUISICIONES = [{ clave: 'CPV', valor: 'COMPRAVENTA' }, { clave: 'CSN', valor: 'CESIÓN' }, { clave: 'DNC', valor: 'DONACIÓN' }, { clave: 'HRN', valor: 'HERENCIA' }, { clave: 'PRM', valor: 'PERMUTA' }] as const
const TITULARES = [{ clave: 'DEC', valor: 'DECLARANTE' }, { clave: 'CYG', valor: 'CÓNYUGE' }, { clave: 'CTER', valor: 'COPROPIEDAD CON TERCEROS' }] as const
const VEHICULOS = [{ marca: 'Nissan', modelo: 'Versa' }, { marca: 'Volkswagen', modelo: 'Jetta' }, { marca: 'Chevrolet', modelo: 'Aveo' }, { marca: 'Toyota', modelo: 'Hilux' }, { marca: 'Ford', modelo: 'Ranger' }] as const
const CUENTAS = [{ clave: 'CNOM', valor: 'CUENTA DE NÓMINA' }, { clave: 'CAHO', valor: 'CUENTA DE AHORRO' }, { clave: 'CCHE', valor: 'CUENTA DE CHEQUES' }] as const
const BANCOS = ['BBVA México', 'Banco Santander México', 'Banorte', 'HSBC México', 'Banco Azteca'] as const
const EMPRESAS = ['Constructora del Grijalva SA de CV', 'Café de Altura del Soconusco SC', 'Servicios Turísticos Sumidero SA de CV', 'Agroindustrias de la Frailesca SPR'] as const
const ORGANOS = ['Colegio de Abogados de Chiapas AC', 'Asociación de Ingenieros Civiles de Chiapas AC', 'Patronato del Hospital de la Mujer AC'] as const

const peso = (valor: number): { valor: number, moneda: string } => ({ valor, moneda: 'MXN' })
const pad = (n: number): string => String(n).padStart(2, '0')
const day = (random: Random, from: number, to: number): string => `${random.int(from, to)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`

function domicilio (random: Random): AnyRecord {
  const municipio = random.pick(MUNICIPIOS)
  return {
    calle: `Calle ${random.int(1, 20)}a ${random.chance(0.5) ? 'Norte' : 'Sur'} ${random.chance(0.5) ? 'Poniente' : 'Oriente'}`,
    numeroExterior: String(random.int(1, 2000)),
    coloniaLocalidad: random.pick(['Centro', 'Terán', 'Las Granjas', 'El Mirador', 'Barrio de Guadalupe']),
    municipioAlcaldia: { ...municipio },
    entidadFederativa: { ...CHIAPAS },
    codigoPostal: `29${random.int(0, 9)}${random.int(0, 9)}0`
  }
}

function tercero (random: Random): AnyRecord[] {
  const name = person(random, 'M')
  return [{ tipoPersona: 'FISICA', nombreRazonSocial: `${name.nombres} ${name.primerApellido}`, rfc: rfcFor(name, birth(random), random) }]
}

function empleo (random: Random, institucion: Institucion): AnyRecord {
  const puesto = random.pick(PUESTOS)
  return {
    tipoOperacion: 'AGREGAR',
    nivelOrdenGobierno: random.pick(ORDENES),
    ambitoPublico: random.pick(AMBITOS),
    nombreEntePublico: institucion.nombre,
    areaAdscripcion: 'Unidad de Apoyo Administrativo',
    empleoCargoComision: puesto.nombre,
    contratadoPorHonorarios: random.chance(0.1),
    nivelEmpleoCargoComision: `${puesto.nivel}.${random.int(1, 4)}`,
    funcionPrincipal: 'Coordinar y supervisar los procedimientos a su cargo',
    fechaTomaPosesion: day(random, 2005, 2023),
    telefonoOficina: { telefono: `961${random.int(1_000_000, 9_999_999)}`, extension: String(random.int(100, 999)) },
    domicilioMexico: domicilio(random)
  }
}

function ingresos (random: Random, tipo: Tipo, neto: number): AnyRecord {
  const p = PERIODO[tipo]
  const otros = random.chance(0.4) ? random.int(1_000, Math.min(30_000, neto)) : 0
  return {
    [`remuneracion${p}CargoPublico`]: peso(neto - otros),
    [`otrosIngresos${p === 'Mensual' ? 'Mensuales' : p === 'Anual' ? 'Anuales' : 'Conclusion'}Total`]: peso(otros),
    actividadFinanciera: { remuneracionTotal: peso(otros), actividades: otros === 0 ? [] : [{ remuneracion: peso(otros), tipoInstrumento: { clave: 'CAP', valor: 'CAPITAL' } }] },
    [`ingreso${p}NetoDeclarante`]: peso(neto),
    [`ingreso${p}NetoParejaDependiente`]: peso(random.chance(0.5) ? random.int(5_000, 60_000) : 0),
    [`totalIngresos${p === 'Mensual' ? 'Mensuales' : p === 'Anual' ? 'Anuales' : 'Conclusion'}Netos`]: peso(neto)
  }
}

function inmueble (random: Random): AnyRecord {
  const terreno = random.int(90, 5_000)
  return {
    tipoOperacion: 'AGREGAR',
    tipoInmueble: { ...random.pick(INMUEBLES) },
    titular: [{ ...random.pick(TITULARES) }],
    porcentajePropiedad: random.pick([50, 100]),
    superficieTerreno: { valor: terreno, unidad: 'm2' },
    superficieConstruccion: { valor: random.int(0, Math.min(terreno, 1_200)), unidad: 'm2' },
    tercero: tercero(random),
    transmisor: [{ tipoPersona: 'FISICA', nombreRazonSocial: `${random.pick(APELLIDOS)} ${random.pick(APELLIDOS)}`, rfc: 'XAXX010101000', relacion: { clave: 'NIN', valor: 'NINGUNO' } }],
    formaAdquisicion: { ...random.pick(ADQUISICIONES) },
    formaPago: random.pick(['CRÉDITO', 'CONTADO', 'NO APLICA']),
    valorAdquisicion: peso(random.int(150_000, 9_000_000)),
    fechaAdquisicion: day(random, 1995, 2023),
    datoIdentificacion: `F${random.int(1_000_000, 9_999_999)}`,
    valorConformeA: 'ESCRITURA PÚBLICA',
    domicilioMexico: domicilio(random)
  }
}

function vehiculo (random: Random): AnyRecord {
  const { marca, modelo } = random.pick(VEHICULOS)
  return {
    tipoOperacion: 'AGREGAR',
    tipoVehiculo: { clave: 'AUMOT', valor: 'AUTOMÓVIL / MOTOCICLETA' },
    titular: [{ clave: 'DEC', valor: 'DECLARANTE' }],
    marca,
    modelo,
    anio: random.int(2008, 2024),
    numeroSerieRegistro: `3N1${random.int(10_000_000, 99_999_999)}`,
    lugarRegistro: { pais: 'MX', entidadFederativa: { ...CHIAPAS } },
    formaAdquisicion: { clave: 'CPV', valor: 'COMPRAVENTA' },
    formaPago: random.pick(['CRÉDITO', 'CONTADO']),
    valorAdquisicion: peso(random.int(120_000, 900_000)),
    fechaAdquisicion: day(random, 2008, 2024)
  }
}

function inversion (random: Random): AnyRecord {
  return {
    tipoOperacion: 'AGREGAR',
    tipoInversion: { clave: 'BANC', valor: 'BANCARIA' },
    subTipoInversion: { ...random.pick(CUENTAS) },
    titular: [{ clave: 'DEC', valor: 'DECLARANTE' }],
    numeroCuentaContrato: String(random.int(10_000_000, 99_999_999)),
    localizacionInversion: { pais: 'MX', institucionRazonSocial: random.pick(BANCOS), rfc: 'BBA830831LJ2' },
    saldoSituacionActual: peso(random.int(1_000, 2_000_000))
  }
}

function adeudo (random: Random): AnyRecord {
  const original = random.int(50_000, 3_000_000)
  return {
    tipoOperacion: 'AGREGAR',
    titular: [{ clave: 'DEC', valor: 'DECLARANTE' }],
    tipoAdeudo: random.pick([{ clave: 'CHIP', valor: 'CRÉDITO HIPOTECARIO' }, { clave: 'CAUT', valor: 'CRÉDITO AUTOMOTRIZ' }, { clave: 'TCRN', valor: 'TARJETA DE CRÉDITO BANCARIA' }]),
    numeroCuentaContrato: String(random.int(10_000_000, 99_999_999)),
    fechaAdquisicion: day(random, 2010, 2024),
    montoOriginal: peso(original),
    saldoInsolutoSituacionActual: peso(random.int(0, original)),
    otorganteCredito: { tipoPersona: 'MORAL', nombreInstitucion: random.pick(BANCOS), rfc: 'BBA830831LJ2' },
    localizacionAdeudo: { pais: 'MX' }
  }
}

function interes (random: Random): AnyRecord {
  const participa = random.chance(0.3)
  const representa = random.chance(0.2)
  return {
    participacion: participa
      ? { ninguno: false, participacion: [{ tipoOperacion: 'AGREGAR', tipoRelacion: 'DECLARANTE', nombreEmpresaSociedadAsociacion: random.pick(EMPRESAS), rfc: 'CGR0501019X1', porcentajeParticipacion: random.int(1, 50), tipoParticipacion: { clave: 'SCIO', valor: 'SOCIO' }, recibeRemuneracion: false, ubicacion: { pais: 'MX', entidadFederativa: { ...CHIAPAS } }, sector: { clave: 'AGRI', valor: 'AGRICULTURA' } }] }
      : { ninguno: true },
    participacionTomaDecisiones: random.chance(0.2)
      ? { ninguno: false, participacion: [{ tipoOperacion: 'AGREGAR', tipoRelacion: 'DECLARANTE', tipoInstitucion: { clave: 'OSC', valor: 'ORGANIZACIONES DE LA SOCIEDAD CIVIL' }, nombreInstitucion: random.pick(ORGANOS), rfc: 'CAC900101AB1', puestoRol: 'Consejero', fechaInicioParticipacion: day(random, 2010, 2023), recibeRemuneracion: false, ubicacion: { pais: 'MX', entidadFederativa: { ...CHIAPAS } } }] }
      : { ninguno: true },
    apoyos: { ninguno: true },
    representacion: representa
      ? { ninguno: false, representacion: [{ tipoOperacion: 'AGREGAR', tipoRelacion: 'DECLARANTE', tipoRepresentacion: 'REPRESENTANTE', fechaInicioRepresentacion: day(random, 2010, 2023), tipoPersona: 'MORAL', nombreRazonSocial: random.pick(EMPRESAS), rfc: 'CGR0501019X1', recibeRemuneracion: false, ubicacion: { pais: 'MX', entidadFederativa: { ...CHIAPAS } }, sector: { clave: 'CONS', valor: 'CONSTRUCCIÓN' } }] }
      : { ninguno: true },
    clientesPrincipales: { ninguno: true },
    beneficiosPrivados: { ninguno: true },
    fideicomisos: { ninguno: true }
  }
}

function list<T> (random: Random, max: number, make: (random: Random) => T): T[] {
  return Array.from({ length: random.int(0, max) }, () => make(random))
}

/** One declaration of a type drawn from the record's own seed; `extra` wins (one level deep for `metadata`). */
function makeDeclaracion (random: Random, id: string, institucion: Institucion, extra: ExtraDeclaracion): Declaracion {
  const tipo = (extra.metadata as { tipo?: Tipo } | undefined)?.tipo ?? random.pick(TIPOS)
  const sexo: Sexo = random.chance(0.5) ? 'F' : 'M'
  const name = person(random, sexo)
  const born = birth(random)
  const rfc = rfcFor(name, born, random)
  const neto = random.int(8, 160) * 1_000 * (tipo === 'MODIFICACIÓN' ? 12 : 1)
  const nivel = random.pick(NIVELES)
  const inmuebles = list(random, 3, inmueble)
  const vehiculos = list(random, 2, vehiculo)
  const inversiones = list(random, 2, inversion)
  const adeudos = list(random, 2, adeudo)
  const casado = random.chance(0.6)
  const pareja = person(random, sexo === 'F' ? 'M' : 'F')
  const situacionPatrimonial: AnyRecord = {
    datosGenerales: {
      nombre: name.nombres,
      primerApellido: name.primerApellido,
      ...(name.segundoApellido !== undefined && { segundoApellido: name.segundoApellido }),
      curp: curpFor(name, born, curpSex(sexo), random),
      rfc: { rfc: rfc.slice(0, 10), homoClave: rfc.slice(10) },
      correoElectronico: { institucional: `${rfc.slice(0, 4).toLowerCase()}@${(institucion.siglas || 'ente').toLowerCase()}.chiapas.gob.mx`, personal: `${rfc.slice(0, 6).toLowerCase()}@correo.mx` },
      telefono: { casa: `961${random.int(1_000_000, 9_999_999)}`, celularPersonal: `961${random.int(1_000_000, 9_999_999)}` },
      situacionPersonalEstadoCivil: casado ? { clave: 'CAS', valor: 'CASADO (A)' } : { clave: 'SOL', valor: 'SOLTERO (A)' },
      ...(casado && { regimenMatrimonial: { clave: 'SBI', valor: 'SEPARACIÓN DE BIENES' } }),
      paisNacimiento: 'MX',
      nacionalidad: 'MX'
    },
    domicilioDeclarante: { domicilioMexico: domicilio(random) },
    datosCurricularesDeclarante: {
      escolaridad: [{ tipoOperacion: 'AGREGAR', nivel: { ...nivel }, institucionEducativa: { nombre: random.pick(ESCUELAS), ubicacion: 'MX' }, carreraAreaConocimiento: random.pick(CARRERAS), estatus: 'FINALIZADO', documentoObtenido: 'TITULO', fechaObtencion: day(random, 1985, 2020) }]
    },
    datosEmpleoCargoComision: empleo(random, institucion),
    experienciaLaboral: random.chance(0.5)
      ? { ninguno: true }
      : { ninguno: false, experiencia: [{ tipoOperacion: 'AGREGAR', ambitoSector: { clave: 'PUB', valor: 'PÚBLICO' }, nivelOrdenGobierno: 'ESTATAL', ambitoPublico: 'EJECUTIVO', nombreEntePublico: 'Secretaría de Administración del Estado de Chiapas', areaAdscripcion: 'Dirección de Recursos Humanos', empleoCargoComision: 'Analista', funcionPrincipal: 'Análisis de nómina', fechaIngreso: day(random, 1995, 2004), fechaEgreso: day(random, 2005, 2010), ubicacion: 'MX' }] },
    datosPareja: casado
      ? { ninguno: false, tipoOperacion: 'AGREGAR', nombre: pareja.nombres, primerApellido: pareja.primerApellido, fechaNacimiento: day(random, 1960, 1998), rfc: rfcFor(pareja, birth(random), random), relacionConDeclarante: 'CONYUGE', ciudadanoExtranjero: false, esDependienteEconomico: random.chance(0.3), habitaDomicilioDeclarante: true, lugarDondeReside: 'MEXICO' }
      : { ninguno: true },
    datosDependienteEconomico: random.chance(0.5)
      ? { ninguno: true }
      : { ninguno: false, dependienteEconomico: [{ tipoOperacion: 'AGREGAR', nombre: person(random, 'F').nombres, primerApellido: name.primerApellido, fechaNacimiento: day(random, 2000, 2015), parentescoRelacion: { clave: 'HIJ', valor: 'HIJO(A)' }, extranjero: false, habitaDomicilioDeclarante: true, lugarDondeReside: 'MEXICO' }] },
    ingresos: ingresos(random, tipo, neto),
    bienesInmuebles: inmuebles.length === 0 ? { ninguno: true } : { ninguno: false, bienInmueble: inmuebles },
    vehiculos: vehiculos.length === 0 ? { ninguno: true } : { ninguno: false, vehiculo: vehiculos },
    inversiones: inversiones.length === 0 ? { ninguno: true } : { ninguno: false, inversion: inversiones },
    adeudos: adeudos.length === 0 ? { ninguno: true } : { ninguno: false, adeudo: adeudos },
    prestamoOComodato: { ninguno: true }
  }
  if (tipo !== 'MODIFICACIÓN') situacionPatrimonial.actividadAnualAnterior = { servidorPublicoAnioAnterior: random.chance(0.7) }
  const record: AnyRecord = {
    id,
    metadata: { actualizacion: fechaCaptura(random), institucion: institucion.nombre, tipo, declaracionCompleta: random.chance(0.8), actualizacionConflictoInteres: false },
    declaracion: { situacionPatrimonial, interes: interes(random) }
  }
  return { ...record, ...extra, id: extra.id ?? id, metadata: { ...(record.metadata as AnyRecord), ...(extra.metadata as AnyRecord | undefined) } }
}

/** A provider's declarations, the same for the same options, in its fixed order (by id). */
export function generateDeclaraciones (options: DatasetOptions<ExtraDeclaracion>): Declaracion[] {
  return buildDataset<Declaracion, ExtraDeclaracion>(options, makeDeclaracion, {})
}
