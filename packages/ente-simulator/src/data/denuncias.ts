import type { DenunciaRecord } from '@see/openapi/types'
import type { Random } from '../prng.js'
import type { Institucion } from '../types.js'
import { ASUNTOS_DENUNCIA, ESTATUS_DENUNCIA } from './audit-catalogs.js'
import { buildDataset, type DatasetOptions } from './dataset.js'
import { fechaCaptura } from './people.js'
import { TIPOS_FALTA } from './sanction-catalogs.js'

// Simulated S5 records (provisional state standard): the public side of denuncias received about
// the ente's institutions. Nothing of whoever filed them: the standard has no field for it.

/** An S5 record planted in a provider's data; missing fields are generated. */
export type ExtraDenuncia = Partial<DenunciaRecord>

const DAY_MS = 86_400_000

function autoridad (random: Random, institucion: Institucion): NonNullable<DenunciaRecord['autoridadInvestigadora']> {
  return random.chance(0.7)
    ? { nombre: `Órgano Interno de Control en ${institucion.nombre}`, siglas: `OIC-${institucion.siglas}` }
    : { nombre: 'Secretaría Anticorrupción y Buen Gobierno del Estado de Chiapas', siglas: 'SABG', clave: 'SABG-01' }
}

function makeDenuncia (random: Random, id: string, institucion: Institucion, extra: ExtraDenuncia): DenunciaRecord {
  const fechaRecepcion = fechaCaptura(random)
  const estatus = random.pick(ESTATUS_DENUNCIA)
  const record: DenunciaRecord = {
    id,
    folio: `${institucion.siglas}-DEN-${fechaRecepcion.slice(0, 4)}-${id}`,
    fechaRecepcion,
    institucionDependencia: { ...institucion },
    tipoFalta: { ...random.pick(TIPOS_FALTA) },
    asunto: random.pick(ASUNTOS_DENUNCIA),
    estatus: { ...estatus }
  }
  if (estatus.clave !== 'REC') {
    record.autoridadInvestigadora = autoridad(random, institucion)
    record.fechaActualizacion = new Date(Date.parse(fechaRecepcion) + random.int(1, 120) * DAY_MS).toISOString().replace('.000Z', 'Z')
  }
  return { ...record, ...extra }
}

/** A provider's S5 records, the same for the same options, in its fixed order (by id). */
export function generateDenuncias (options: DatasetOptions<ExtraDenuncia>): DenunciaRecord[] {
  return buildDataset(options, makeDenuncia, {})
}
