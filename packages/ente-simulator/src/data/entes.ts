import { Random, seedFromString } from '../prng.js'
import type { Institucion } from '../types.js'

// Public bodies of Chiapas a fleet of simulated providers stands for. State entes come first, then
// municipalities; each provider publishes the records of one to four institutions.

export interface EnteProfile {
  clave: string
  nombre: string
  siglas: string
  instituciones: Institucion[]
}

type InstitutionSeed = [nombre: string, siglas: string]

function ente (clave: string, ...instituciones: InstitutionSeed[]): EnteProfile {
  const [nombre, siglas] = instituciones[0] as InstitutionSeed
  return {
    clave,
    nombre,
    siglas,
    instituciones: instituciones.map(([n, s], index) => ({ nombre: n, siglas: s, clave: `${clave}-${String(index + 1).padStart(2, '0')}` }))
  }
}

const STATE_ENTES: EnteProfile[] = [
  ente('SHCH', ['Secretaría de Hacienda del Estado de Chiapas', 'SH'], ['Procuraduría Fiscal del Estado de Chiapas', 'PFECH']),
  ente('SSA', ['Secretaría de Salud del Estado de Chiapas', 'SSA'], ['Instituto de Salud del Estado de Chiapas', 'ISECH'],
    ['Hospital de Especialidades Pediátricas de Tuxtla Gutiérrez', 'HEP'], ['Régimen Estatal de Protección Social en Salud', 'REPSS']),
  ente('CONGRESO', ['Congreso del Estado de Chiapas', 'CONGRESO']),
  ente('TUXTLA', ['Ayuntamiento de Tuxtla Gutiérrez', 'TUXTLA'],
    ['Sistema Municipal de Agua Potable y Alcantarillado de Tuxtla Gutiérrez', 'SMAPA'], ['Sistema DIF Municipal de Tuxtla Gutiérrez', 'DIF-TUXTLA']),
  ente('SCLC', ['Ayuntamiento de San Cristóbal de las Casas', 'SCLC'],
    ['Sistema de Agua Potable y Alcantarillado Municipal de San Cristóbal de las Casas', 'SAPAM']),
  ente('TAPACHULA', ['Ayuntamiento de Tapachula', 'TAPACHULA'], ['Comité de Agua Potable y Alcantarillado de Tapachula', 'COAPATAP']),
  ente('COMITAN', ['Ayuntamiento de Comitán de Domínguez', 'COMITAN']),
  ente('FGE', ['Fiscalía General del Estado de Chiapas', 'FGE']),
  ente('PJE', ['Poder Judicial del Estado de Chiapas', 'PJE'], ['Tribunal Superior de Justicia del Estado de Chiapas', 'TSJ'],
    ['Consejo de la Judicatura del Poder Judicial del Estado de Chiapas', 'CJ']),
  ente('ASE', ['Auditoría Superior del Estado de Chiapas', 'ASE']),
  ente('SHFP', ['Secretaría de la Honestidad y Función Pública del Estado de Chiapas', 'SHFP']),
  ente('SE', ['Secretaría de Educación del Estado de Chiapas', 'SE'],
    ['Instituto de la Infraestructura Física Educativa del Estado de Chiapas', 'INIFECH'], ['Colegio de Bachilleres de Chiapas', 'COBACH']),
  ente('SOP', ['Secretaría de Obras Públicas del Estado de Chiapas', 'SOP'], ['Instituto Estatal del Agua', 'INESA']),
  ente('SGG', ['Secretaría General de Gobierno del Estado de Chiapas', 'SGG']),
  ente('IEPC', ['Instituto de Elecciones y Participación Ciudadana del Estado de Chiapas', 'IEPC']),
  ente('CEDH', ['Comisión Estatal de los Derechos Humanos de Chiapas', 'CEDH']),
  ente('UNACH', ['Universidad Autónoma de Chiapas', 'UNACH']),
  ente('UNICACH', ['Universidad de Ciencias y Artes de Chiapas', 'UNICACH']),
  ente('ITAIPCH', ['Instituto de Transparencia, Acceso a la Información y Protección de Datos Personales del Estado de Chiapas', 'ITAIPCH']),
  ente('SESAECH', ['Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas', 'SESAECH']),
  ente('TJA', ['Tribunal de Justicia Administrativa del Estado de Chiapas', 'TJA']),
  ente('DIF', ['Sistema para el Desarrollo Integral de la Familia del Estado de Chiapas', 'DIF']),
  ente('SSPC', ['Secretaría de Seguridad y Protección Ciudadana del Estado de Chiapas', 'SSPC']),
  ente('ISSTECH', ['Instituto de Seguridad Social de los Trabajadores del Estado de Chiapas', 'ISSTECH'])
]

const MUNICIPIOS = [
  'Palenque', 'Ocosingo', 'Chiapa de Corzo', 'Villaflores', 'Cintalapa', 'Tonalá', 'Huixtla', 'Motozintla',
  'Pichucalco', 'Reforma', 'Ocozocoautla de Espinosa', 'Berriozábal', 'Frontera Comalapa', 'Las Margaritas',
  'La Trinitaria', 'Venustiano Carranza', 'Villa Corzo', 'Arriaga', 'Pijijiapan', 'Mapastepec', 'Acapetahua',
  'Escuintla', 'Suchiate', 'Cacahoatán', 'Tuxtla Chico', 'Huehuetán', 'Mazatán', 'Tila', 'Yajalón',
  'Salto de Agua', 'Chamula', 'Zinacantán', 'Tenejapa', 'Oxchuc', 'Chenalhó', 'Teopisca', 'Amatenango del Valle',
  'Bochil', 'Simojovel', 'Catazajá', 'Jiquipilas', 'Chicomuselo', 'Siltepec', 'Benemérito de las Américas',
  'Marqués de Comillas', 'Unión Juárez', 'Copainalá', 'Tecpatán', 'Ixtapa', 'Socoltenango'
]

/** A registry-safe clave from a municipality's name: `Tuxtla Chico` → `TUXTLA-CHICO`. */
function claveFor (name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z0-9]+/g, '-').slice(0, 40)
}

function municipio (name: string): EnteProfile {
  const clave = claveFor(name)
  const random = new Random(seedFromString(clave))
  const extras: InstitutionSeed[] = [
    [`Sistema DIF Municipal de ${name}`, `DIF-${clave}`.slice(0, 50)],
    [`Sistema de Agua Potable y Alcantarillado de ${name}`, `SAPA-${clave}`.slice(0, 50)]
  ]
  return ente(clave, [`Ayuntamiento de ${name}`, clave], ...random.sample(extras, random.int(0, 2)))
}

function generic (index: number): EnteProfile {
  const number = String(index + 1).padStart(3, '0')
  return ente(`ENTE-${number}`, [`Organismo Público Descentralizado ${number} del Estado de Chiapas`, `OPD-${number}`])
}

/** The ente a fleet's `index`-th provider stands for: named state entes, then municipalities, then generic ones. */
export function enteProfile (index: number): EnteProfile {
  if (index < STATE_ENTES.length) return STATE_ENTES[index] as EnteProfile
  const municipal = index - STATE_ENTES.length
  if (municipal < MUNICIPIOS.length) return municipio(MUNICIPIOS[municipal] as string)
  return generic(index)
}

export const NAMED_ENTES_COUNT = STATE_ENTES.length + MUNICIPIOS.length
