import type { DocumentoSancion, Inhabilitacion } from '@see/openapi/types'
import type { Random } from '../prng.js'
import type { Institucion } from '../types.js'
import { addDays, addMonths } from './dates.js'

// The parts S3S and S3P sanctions have in common: expedientes, terms of disqualification, fines,
// document links. Links point at `.example` hosts (RFC 2606): they look real and resolve nowhere.

const PLAZOS_MESES = [3, 6, 12, 18, 24, 36, 60, 120] as const

function plazoText (months: number): string {
  if (months % 12 !== 0) return `${months} meses`
  const years = months / 12
  return years === 1 ? '1 año' : `${years} años`
}

/** Lower-case ASCII words joined by `-`; accents go (ASCII text, the common case, skips that step). */
function slug (text: string): string {
  const ascii = /^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
  return ascii.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}

/** `SH/OIC/PRA/042/2021`: the institution, the office, a number and the year it was opened. */
export function expediente (random: Random, institucion: Institucion, office: string, year: number): string {
  return `${institucion.siglas ?? 'ENTE'}/${office}/${String(random.int(1, 999)).padStart(3, '0')}/${year}`
}

export function documentUrl (institucion: Institucion, folder: string, name: string): string {
  return `https://${slug(institucion.siglas ?? institucion.nombre)}.chiapas.example/${folder}/${slug(name)}.pdf`
}

/** A disqualification that starts a few days after the resolution. */
export function inhabilitacion (random: Random, resolved: string): Inhabilitacion {
  const months = random.pick(PLAZOS_MESES)
  const fechaInicial = addDays(resolved, random.int(1, 30))
  return { plazo: plazoText(months), fechaInicial, fechaFinal: addMonths(fechaInicial, months) }
}

/** An amount in pesos with cents, between `min` and `max` pesos. */
export function monto (random: Random, min: number, max: number): number {
  return random.int(min * 100, max * 100) / 100
}

/** The resolution's public version, and a certificate of the sanction half of the time. */
export function documentos (random: Random, institucion: Institucion, expedienteId: string, resolved: string, inhabilitado: boolean): DocumentoSancion[] {
  const resolucion: DocumentoSancion = {
    id: 'doc-1',
    tipo: 'RESOLUCION',
    titulo: `Resolución del expediente ${expedienteId}`,
    descripcion: 'Versión pública de la resolución sancionatoria.',
    url: documentUrl(institucion, 'resoluciones', expedienteId),
    fecha: resolved
  }
  if (!inhabilitado && !random.chance(0.5)) return [resolucion]
  const tipo = inhabilitado ? 'CONSTANCIA_INHABILITACION' : 'CONSTANCIA_SANCION'
  return [resolucion, {
    id: 'doc-2',
    tipo,
    titulo: inhabilitado ? 'Constancia de inhabilitación' : 'Constancia de sanción',
    descripcion: `Constancia emitida con base en el expediente ${expedienteId}.`,
    url: documentUrl(institucion, 'constancias', `${expedienteId}-${tipo}`),
    fecha: addDays(resolved, random.int(5, 60))
  }]
}
