import type { Random } from '../prng.js'
import { GENEROS } from './catalogs.js'
import type { Birth, PersonName } from './identity.js'
import { APELLIDOS, NOMBRES_FEMENINOS, NOMBRES_MASCULINOS } from './names.js'

// People and dates every generator draws the same way: a name from the Chiapas pools, a birth
// date for the CURP and RFC, a capture date. The order of the draws is part of each generator's
// output (same seed, same records), so changes here change every system's data.

export type Sexo = keyof typeof GENEROS

const CAPTURE_FROM = Date.UTC(2019, 0, 1)
const CAPTURE_TO = Date.UTC(2024, 11, 31)

export function person (random: Random, sexo: Sexo, given: Partial<PersonName> = {}): PersonName {
  const pool = sexo === 'F' ? NOMBRES_FEMENINOS : sexo === 'M' ? NOMBRES_MASCULINOS : random.pick([NOMBRES_FEMENINOS, NOMBRES_MASCULINOS])
  return {
    nombres: given.nombres ?? random.pick(pool),
    primerApellido: given.primerApellido ?? random.pick(APELLIDOS),
    segundoApellido: 'segundoApellido' in given ? given.segundoApellido : random.chance(0.95) ? random.pick(APELLIDOS) : undefined
  }
}

export function birth (random: Random): Birth {
  return { year: random.int(1958, 1999), month: random.int(1, 12), day: random.int(1, 28) }
}

export function curpSex (sexo: Sexo): 'H' | 'M' | 'X' {
  return sexo === 'F' ? 'M' : sexo === 'M' ? 'H' : 'X'
}

export function fechaCaptura (random: Random): string {
  const seconds = random.int(0, Math.floor((CAPTURE_TO - CAPTURE_FROM) / 1000))
  return new Date(CAPTURE_FROM + seconds * 1000).toISOString().replace('.000Z', 'Z')
}

/** The name's fields without an absent second surname (no `undefined` left in the record). */
export function nameFields (name: PersonName): PersonName {
  return { nombres: name.nombres, primerApellido: name.primerApellido, ...(name.segundoApellido !== undefined && { segundoApellido: name.segundoApellido }) }
}

/** A full name split back into its parts: the last two words are the surnames. */
export function splitFullName (fullName: string): PersonName {
  const words = fullName.trim().split(/\s+/)
  if (words.length < 3) return { nombres: words[0] ?? '', primerApellido: words[1] ?? '' }
  return { nombres: words.slice(0, -2).join(' '), primerApellido: words.at(-2) ?? '', segundoApellido: words.at(-1) }
}
