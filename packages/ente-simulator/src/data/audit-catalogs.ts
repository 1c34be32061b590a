import type { DenunciaRecord, FiscalizacionRecord, Observacion } from '@see/openapi/types'

// Values of the catalogues of the state's provisional standards S4 and S5
// (openapi/s4-fiscalizacion.openapi.json, s5-denuncias.openapi.json): the generated records use
// only these, so every one validates against the standards' enums.

export const TIPOS_AUDITORIA: ReadonlyArray<FiscalizacionRecord['tipoAuditoria']> = [
  { clave: 'CF', valor: 'CUMPLIMIENTO FINANCIERO' },
  { clave: 'DES', valor: 'DESEMPEÑO' },
  { clave: 'OP', valor: 'OBRA PÚBLICA' },
  { clave: 'FOR', valor: 'FORENSE' },
  { clave: 'LEG', valor: 'LEGALIDAD' },
  { clave: 'TIC', valor: 'TECNOLOGÍAS DE LA INFORMACIÓN' }
]

export const ESTATUS_AUDITORIA: ReadonlyArray<FiscalizacionRecord['estatus']> = [
  { clave: 'PRO', valor: 'EN PROCESO' },
  { clave: 'INF', valor: 'INFORME EMITIDO' },
  { clave: 'SEG', valor: 'EN SEGUIMIENTO' },
  { clave: 'CON', valor: 'CONCLUIDA' }
]

export const TIPOS_OBSERVACION: ReadonlyArray<Observacion['tipo']> = [
  { clave: 'SA', valor: 'SOLICITUD DE ACLARACIÓN' },
  { clave: 'PO', valor: 'PLIEGO DE OBSERVACIONES' },
  { clave: 'PRAS', valor: 'PROMOCIÓN DE RESPONSABILIDAD ADMINISTRATIVA SANCIONATORIA' },
  { clave: 'REC', valor: 'RECOMENDACIÓN' },
  { clave: 'DH', valor: 'DENUNCIA DE HECHOS' },
  { clave: 'PEFCF', valor: 'PROMOCIÓN DEL EJERCICIO DE LA FACULTAD DE COMPROBACIÓN FISCAL' }
]

export const ESTATUS_OBSERVACION: ReadonlyArray<Observacion['estatus']> = [
  { clave: 'SOL', valor: 'SOLVENTADA' },
  { clave: 'SEG', valor: 'EN SEGUIMIENTO' },
  { clave: 'NSO', valor: 'NO SOLVENTADA' },
  { clave: 'PRO', valor: 'PROMOVIDA ANTE LA AUTORIDAD COMPETENTE' }
]

export const ESTATUS_DENUNCIA: ReadonlyArray<DenunciaRecord['estatus']> = [
  { clave: 'REC', valor: 'RECIBIDA' },
  { clave: 'INV', valor: 'EN INVESTIGACIÓN' },
  { clave: 'TUR', valor: 'TURNADA A LA AUTORIDAD COMPETENTE' },
  { clave: 'CON', valor: 'CONCLUIDA' }
]

/** The state's auditing bodies beside each ente's own internal control body. */
export const ENTIDADES_FISCALIZADORAS = [
  { nombre: 'Auditoría Superior del Estado de Chiapas', siglas: 'ASE', clave: 'ASE-01' },
  { nombre: 'Secretaría Anticorrupción y Buen Gobierno del Estado de Chiapas', siglas: 'SABG', clave: 'SABG-01' }
] as const

export const OBJETIVOS_AUDITORIA = [
  'Fiscalizar la gestión financiera de los recursos del capítulo 2000 (materiales y suministros).',
  'Evaluar el desempeño del programa de mantenimiento de caminos rurales del año fiscal.',
  'Verificar que la obra pública contratada se ejecutó conforme al diseño y al presupuesto autorizados.',
  'Revisar la aplicación de las participaciones federales en el pago de servicios personales.',
  'Comprobar la legalidad de las adquisiciones por adjudicación directa.',
  'Evaluar el diseño y la operación de los controles de los sistemas de nómina.',
  'Revisar la recaudación de derechos por servicios de agua potable.',
  'Investigar pagos a proveedores sin documentación comprobatoria.'
] as const

export const OBSERVACIONES_AUDITORIA = [
  'Pagos sin evidencia de la recepción de los bienes en almacén.',
  'Conceptos de obra pagados y no ejecutados.',
  'Adjudicaciones directas sin el dictamen de excepción a la licitación.',
  'Plazas pagadas sin registro en la plantilla autorizada.',
  'Falta de conciliación entre los registros contables y presupuestales.',
  'Indicadores del programa sin línea base ni metas del año.'
] as const

export const ASUNTOS_DENUNCIA = [
  'Cobro indebido por la entrega de un certificado médico.',
  'Presunto daño al erario en la compra de medicamentos.',
  'Uso de vehículos oficiales en días no laborables.',
  'Irregularidades en el diseño de las bases de una licitación.',
  'Condicionamiento de un trámite de licencia de construcción.',
  'Presunto conflicto de interés en la contratación de una compañía de limpieza.',
  'Ausencias reiteradas de un servidor público en su centro de trabajo.',
  'Presunto desvío de apoyos de un programa social del año en curso.'
] as const
