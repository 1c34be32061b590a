import type { SsancionadosRecord } from '@see/openapi/types'
import type { Random } from '../prng.js'
import type { ExtraSancionado, Institucion } from '../types.js'
import { GENEROS } from './catalogs.js'
import { buildDataset, withExtra, type DatasetOptions } from './dataset.js'
import { addDays } from './dates.js'
import { curpFor, rfcFor } from './identity.js'
import { birth, curpSex, fechaCaptura, person, type Sexo } from './people.js'
import { FALTAS_GRAVES, OTRAS_SANCIONES_SERVIDOR, PESO_MEXICANO, TIPOS_FALTA, TIPOS_SANCION_SERVIDOR, type TipoSancionServidor } from './sanction-catalogs.js'
import { documentos, documentUrl, expediente, inhabilitacion, monto } from './sanction-parts.js'
import { CAUSAS_SERVIDOR, OBSERVACIONES_SANCION, PUESTOS_SANCIONADOS } from './sanction-texts.js'

// Simulated S3S records: public servants sanctioned by an internal control body (faltas no
// graves) or by the administrative court (faltas graves), with the fine and the disqualification
// their sanctions carry.

const TRIBUNAL = 'Tribunal de Justicia Administrativa del Estado de Chiapas'

function sanciones (random: Random): SsancionadosRecord['tipoSancion'] {
  return random.sample(TIPOS_SANCION_SERVIDOR, random.chance(0.65) ? 1 : 2).map((tipo): TipoSancionServidor =>
    tipo.clave === 'O' ? { ...tipo, valor: random.pick(OTRAS_SANCIONES_SERVIDOR) } : { ...tipo })
}

function servidor (random: Random, sexo: Sexo, given: ExtraSancionado['servidorPublicoSancionado'] = {}): SsancionadosRecord['servidorPublicoSancionado'] {
  const name = person(random, sexo, given)
  const born = birth(random)
  const puesto = random.pick(PUESTOS_SANCIONADOS)
  return {
    rfc: rfcFor(name, born, random),
    curp: curpFor(name, born, curpSex(sexo), random),
    nombres: name.nombres,
    primerApellido: name.primerApellido,
    ...(name.segundoApellido !== undefined && { segundoApellido: name.segundoApellido }),
    genero: { ...GENEROS[sexo] },
    puesto: puesto.nombre,
    nivel: puesto.nivel
  }
}

/** One record; `extra` wins over everything drawn, and names given there feed the CURP and RFC. */
function makeSancionado (random: Random, id: string, institucion: Institucion, extra: ExtraSancionado): SsancionadosRecord {
  const sexo: Sexo = random.chance(0.02) ? 'O' : random.chance(0.5) ? 'F' : 'M'
  const captured = fechaCaptura(random)
  const resolved = addDays(captured, -random.int(15, 400))
  const falta = random.pick(TIPOS_FALTA)
  const tipoSancion = sanciones(random)
  const claves = new Set(tipoSancion.map(tipo => tipo.clave))
  const expedienteId = expediente(random, institucion, 'OIC/PRA', Number(resolved.slice(0, 4)) - random.int(0, 1))
  const record: SsancionadosRecord = {
    id,
    fechaCaptura: captured,
    expediente: expedienteId,
    institucionDependencia: { ...institucion },
    servidorPublicoSancionado: servidor(random, sexo, extra.servidorPublicoSancionado),
    autoridadSancionadora: FALTAS_GRAVES.has(falta.clave) ? TRIBUNAL : `Órgano Interno de Control — ${institucion.nombre}`,
    tipoFalta: { ...falta },
    tipoSancion,
    causaMotivoHechos: random.pick(CAUSAS_SERVIDOR),
    resolucion: { url: documentUrl(institucion, 'resoluciones', expedienteId), fechaResolucion: resolved }
  }
  if (claves.has('M') || claves.has('SE')) record.multa = { monto: monto(random, 1_000, 500_000), moneda: { ...PESO_MEXICANO } }
  if (claves.has('I')) record.inhabilitacion = inhabilitacion(random, resolved)
  if (random.chance(0.1)) record.observaciones = random.pick(OBSERVACIONES_SANCION)
  if (random.chance(0.4)) record.documentos = documentos(random, institucion, expedienteId, resolved, claves.has('I'))
  return withExtra(record, extra, 'servidorPublicoSancionado')
}

/** A provider's S3S records, the same for the same options, in its fixed order (by id). */
export function generateSancionados (options: DatasetOptions<ExtraSancionado>): SsancionadosRecord[] {
  return buildDataset(options, makeSancionado, {})
}
