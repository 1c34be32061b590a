import type { FiscalizacionRecord, Observacion } from '@see/openapi/types'
import type { Random } from '../prng.js'
import type { Institucion } from '../types.js'
import { ENTIDADES_FISCALIZADORAS, ESTATUS_AUDITORIA, ESTATUS_OBSERVACION, OBJETIVOS_AUDITORIA, OBSERVACIONES_AUDITORIA, TIPOS_AUDITORIA, TIPOS_OBSERVACION } from './audit-catalogs.js'
import { buildDataset, type DatasetOptions } from './dataset.js'
import { addDays } from './dates.js'
import { fechaCaptura } from './people.js'
import { documentUrl, monto } from './sanction-parts.js'

// Simulated S4 records (provisional state standard): audits of the ente's institutions by the
// state's superior audit body, the anticorruption secretariat or the institution's own internal
// control body, with their observations and the amounts observed and recovered.

/** An S4 record planted in a provider's data; missing fields are generated. */
export type ExtraAuditoria = Partial<FiscalizacionRecord>

function entidad (random: Random, institucion: Institucion): FiscalizacionRecord['entidadFiscalizadora'] {
  if (random.chance(0.6)) return { ...random.pick(ENTIDADES_FISCALIZADORAS) }
  return { nombre: `Órgano Interno de Control en ${institucion.nombre}`, siglas: `OIC-${institucion.siglas}` }
}

function observacion (random: Random): Observacion {
  const tipo = random.pick(TIPOS_OBSERVACION)
  const economic = tipo.clave === 'PO' || tipo.clave === 'PRAS' || tipo.clave === 'SA'
  return {
    tipo: { ...tipo },
    descripcion: random.pick(OBSERVACIONES_AUDITORIA),
    monto: economic ? monto(random, 10_000, 5_000_000) : 0,
    estatus: { ...random.pick(ESTATUS_OBSERVACION) }
  }
}

function makeAuditoria (random: Random, id: string, institucion: Institucion, extra: ExtraAuditoria): FiscalizacionRecord {
  const ejercicioFiscal = random.int(2018, 2024)
  const fiscalizadora = entidad(random, institucion)
  const fechaInicio = addDays(`${ejercicioFiscal + 1}-01-15`, random.int(0, 200))
  const estatus = random.pick(ESTATUS_AUDITORIA)
  const observaciones = estatus.clave === 'PRO' ? [] : Array.from({ length: random.int(0, 4) }, () => observacion(random))
  const montoObservado = Math.round(observaciones.reduce((sum, o) => sum + o.monto, 0) * 100) / 100
  const numeroAuditoria = `${fiscalizadora.siglas ?? 'OIC'}/${random.pick(TIPOS_AUDITORIA).clave}/${String(random.int(1, 250)).padStart(3, '0')}/${ejercicioFiscal}`
  const record: FiscalizacionRecord = {
    id,
    fechaCaptura: fechaCaptura(random),
    ejercicioFiscal,
    numeroAuditoria,
    entidadFiscalizadora: fiscalizadora,
    institucionDependencia: { ...institucion },
    tipoAuditoria: { ...random.pick(TIPOS_AUDITORIA) },
    objetivo: random.pick(OBJETIVOS_AUDITORIA),
    fechaInicio,
    observaciones,
    montoObservado,
    montoRecuperado: Math.round(montoObservado * random.int(0, 60)) / 100,
    estatus: { ...estatus }
  }
  if (random.chance(0.7)) record.alcance = `Muestra del ${random.int(30, 100)} % del universo revisado.`
  if (estatus.clave !== 'PRO') {
    record.fechaFin = addDays(fechaInicio, random.int(60, 300))
    record.informeUrl = documentUrl(institucion, 'informes', numeroAuditoria)
  }
  return { ...record, ...extra }
}

/** A provider's S4 records, the same for the same options, in its fixed order (by id). */
export function generateAuditorias (options: DatasetOptions<ExtraAuditoria>): FiscalizacionRecord[] {
  return buildDataset(options, makeAuditoria, {})
}
