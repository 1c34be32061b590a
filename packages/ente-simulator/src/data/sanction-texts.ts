// Text pools for the simulated sanctions (S3S and S3P): what the records of a Chiapas internal
// control body or administrative court read like. Accents and ñ on purpose, as in names.ts.

/** Posts of sanctioned public servants, with the level code a payroll would give them. */
export const PUESTOS_SANCIONADOS = [
  { nombre: 'Auxiliar Administrativo', nivel: 'AA-12' },
  { nombre: 'Jefa del Departamento de Recursos Humanos', nivel: 'JD-25' },
  { nombre: 'Jefe del Departamento de Compras', nivel: 'JD-25' },
  { nombre: 'Director de Adquisiciones', nivel: 'DA-33' },
  { nombre: 'Subdirectora de Tesorería', nivel: 'SD-29' },
  { nombre: 'Médico General', nivel: 'MG-20' },
  { nombre: 'Docente de Educación Primaria', nivel: 'DP-17' },
  { nombre: 'Agente del Ministerio Público', nivel: 'MP-24' },
  { nombre: 'Policía Estatal Preventivo', nivel: 'PE-14' },
  { nombre: 'Inspector Fiscal', nivel: 'IF-18' },
  { nombre: 'Cajera de Recaudación', nivel: 'CR-11' },
  { nombre: 'Residente de Obra', nivel: 'RO-20' },
  { nombre: 'Tesorero Municipal', nivel: 'TM-30' },
  { nombre: 'Coordinadora de Programas Sociales', nivel: 'CP-26' },
  { nombre: 'Encargado de Almacén', nivel: 'EA-15' }
] as const

/** Facts behind a sanction of a public servant. */
export const CAUSAS_SERVIDOR = [
  'Omitió presentar en tiempo su declaración de situación patrimonial y de intereses de modificación.',
  'Autorizó pagos por trabajos de obra no ejecutados.',
  'Adjudicó directamente un contrato sin acreditar los supuestos de excepción a la licitación.',
  'Solicitó un pago indebido a un particular para agilizar un trámite.',
  'Dispuso de recursos públicos para fines distintos a los autorizados.',
  'No resguardó la documentación comprobatoria del gasto a su cargo.',
  'Intervino en un procedimiento de contratación en el que tenía interés personal.',
  'Faltó a sus labores sin causa justificada por más de tres días en un periodo de treinta.',
  'Utilizó información reservada para beneficio de un tercero.',
  'Omitió dar seguimiento a las observaciones de la auditoría a su cargo.',
  'Incurrió en conductas de hostigamiento hacia personal a su cargo.',
  'Contrató a una persona inhabilitada para el servicio público.'
] as const

export const CAUSAS_PARTICULAR = [
  'Presentó documentación falsa para acreditar su experiencia en una licitación pública.',
  'Ofreció un beneficio indebido a un servidor público para obtener un contrato.',
  'Se coludió con otros licitantes para fijar precios en un procedimiento de contratación.',
  'Incumplió el contrato y no reintegró el anticipo recibido.',
  'Participó en un procedimiento de contratación estando impedido por ley.',
  'Utilizó recursos públicos recibidos para fines distintos a los pactados.',
  'Obstaculizó las facultades de investigación de la autoridad.',
  'Contrató a un exservidor público que tuvo información privilegiada del procedimiento.'
] as const

/** What `tipoFalta` says in S3P (free text in that standard), after its own description. */
export const FALTAS_PARTICULAR = [
  'Soborno', 'Participación ilícita en procedimientos administrativos', 'Tráfico de influencias',
  'Utilización de información falsa', 'Colusión', 'Obstrucción de facultades de investigación',
  'Contratación indebida de exservidores públicos', 'Uso indebido de recursos públicos'
] as const

export const ACTOS = ['Contrataciones', 'Licitación pública', 'Invitación a cuando menos tres personas', 'Adjudicación directa', 'Concesiones', 'Permisos y licencias'] as const

export const OBJETOS_CONTRATO = [
  'Construcción de aulas en escuelas primarias', 'Suministro de medicamentos y material de curación',
  'Servicio de limpieza de oficinas', 'Arrendamiento de vehículos', 'Pavimentación de calles con concreto hidráulico',
  'Mantenimiento de la red de agua potable', 'Adquisición de uniformes escolares', 'Suministro de combustible',
  'Rehabilitación de caminos rurales', 'Servicio de vigilancia'
] as const

/** Pieces of company names: `Constructora Peñaloza y Asociados, S.A. de C.V.`. */
export const GIROS_EMPRESA = [
  'Constructora', 'Comercializadora', 'Servicios Integrales', 'Grupo Constructor', 'Distribuidora',
  'Consultoría', 'Suministros', 'Pavimentos y Terracerías', 'Proveedora Médica', 'Transportes'
] as const

export const NOMBRES_EMPRESA = [
  'del Soconusco', 'del Sureste', 'de los Altos', 'Grijalva', 'Lacandona', 'Cañón del Sumidero', 'Montaña Azul',
  'Selva Negra', 'Tacaná', 'Coita', 'La Frailesca', 'Usumacinta', 'Ocaña', 'Peñasco Verde'
] as const

export const SOCIEDADES = ['S.A. de C.V.', 'S. de R.L. de C.V.', 'S.A.P.I. de C.V.', 'S.C.'] as const

export const OBJETOS_SOCIALES = [
  'Construcción de obra civil, edificación y urbanización.', 'Compraventa y distribución de medicamentos e insumos médicos.',
  'Prestación de servicios de limpieza, mantenimiento y vigilancia.', 'Compraventa de materiales para construcción.',
  'Consultoría en ingeniería y supervisión de obra.', 'Transporte de carga y arrendamiento de vehículos.'
] as const

/** Municipalities with their INEGI keys (Chiapas is 07) and a postal code of their seat. */
export const MUNICIPIOS_DOMICILIO = [
  { clave: '101', valor: 'Tuxtla Gutiérrez', codigoPostal: '29000' },
  { clave: '089', valor: 'Tapachula', codigoPostal: '30700' },
  { clave: '078', valor: 'San Cristóbal de las Casas', codigoPostal: '29200' },
  { clave: '019', valor: 'Comitán de Domínguez', codigoPostal: '30000' },
  { clave: '065', valor: 'Palenque', codigoPostal: '29960' },
  { clave: '027', valor: 'Chiapa de Corzo', codigoPostal: '29160' },
  { clave: '059', valor: 'Ocosingo', codigoPostal: '29950' },
  { clave: '108', valor: 'Villaflores', codigoPostal: '30470' },
  { clave: '017', valor: 'Cintalapa', codigoPostal: '30400' },
  { clave: '097', valor: 'Tonalá', codigoPostal: '30500' }
] as const

export const VIALIDADES = [
  { clave: 'AVENIDA', valor: 'Central Poniente' }, { clave: 'CALLE', valor: '1a. Norte Oriente' },
  { clave: 'CALLE', valor: '5 de Mayo' }, { clave: 'BOULEVARD', valor: 'Belisario Domínguez' },
  { clave: 'CALLE', valor: 'Niño Héroe' }, { clave: 'AVENIDA', valor: 'Insurgentes' }
] as const

export const DOMICILIOS_EXTRANJEROS = [
  { calle: '6a. Avenida', ciudadLocalidad: 'Quetzaltenango', estadoProvincia: 'Quetzaltenango', pais: { clave: 'GT', valor: 'Guatemala' }, codigoPostal: '09001' },
  { calle: 'Calzada Roosevelt', ciudadLocalidad: 'Ciudad de Guatemala', estadoProvincia: 'Guatemala', pais: { clave: 'GT', valor: 'Guatemala' }, codigoPostal: '01011' },
  { calle: 'Avenida Las Américas', ciudadLocalidad: 'San Salvador', estadoProvincia: 'San Salvador', pais: { clave: 'SV', valor: 'El Salvador' }, codigoPostal: '1101' }
] as const

export const OBSERVACIONES_SANCION = [
  'La resolución fue impugnada; se publica en tanto se resuelve el recurso.',
  'Sanción firme.',
  'Se acumularon dos expedientes por los mismos hechos.',
  'La multa fue cubierta en su totalidad.'
] as const
