import type { Random } from '../prng.js'

// CURP and RFC strings built the way RENAPO and the SAT build them from a person's names and birth
// date (simplified: no filtering of inconvenient words), so they look and filter like real ones.

export interface PersonName {
  nombres: string
  primerApellido: string
  segundoApellido?: string | undefined
}

export interface Birth {
  year: number
  month: number
  day: number
}

const CURP_ALPHABET = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ'
const HOMOCLAVE_CHARS = 'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789'
const COMMON_FIRST_NAMES = new Set(['JOSE', 'MARIA', 'MA', 'J'])

/** Upper-cases, turns Ñ into X (as RENAPO does) and strips accents. */
function plain (text: string): string {
  return text.toUpperCase().replace(/Ñ/g, 'X').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Z ]/g, '')
}

function firstInternal (word: string, vowels: boolean): string {
  const pattern = vowels ? /[AEIOU]/ : /[B-DF-HJ-NP-TV-Z]/
  return word.slice(1).match(pattern)?.[0] ?? 'X'
}

/** The given name used for the key: a leading José or María is skipped when another name follows. */
function keyName (nombres: string): string {
  const words = plain(nombres).split(' ').filter(Boolean)
  return (words.length > 1 && COMMON_FIRST_NAMES.has(words[0] ?? '') ? words[1] : words[0]) ?? 'X'
}

function birthDigits (birth: Birth): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${pad(birth.year % 100)}${pad(birth.month)}${pad(birth.day)}`
}

function namePrefix (person: PersonName): string {
  const first = plain(person.primerApellido).replace(/ /g, '') || 'X'
  const second = plain(person.segundoApellido ?? '').replace(/ /g, '') || 'X'
  return `${first[0]}${firstInternal(first, true)}${second[0]}${keyName(person.nombres)[0]}`
}

function curpCheckDigit (first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CURP_ALPHABET.indexOf(first17[i] ?? '0') * (18 - i)
  return String((10 - (sum % 10)) % 10)
}

/** An 18-character CURP for someone registered in Chiapas (state code CS). */
export function curpFor (person: PersonName, birth: Birth, sexo: 'H' | 'M' | 'X', random: Random): string {
  const first = plain(person.primerApellido).replace(/ /g, '') || 'X'
  const second = plain(person.segundoApellido ?? '').replace(/ /g, '') || 'X'
  const consonants = `${firstInternal(first, false)}${firstInternal(second, false)}${firstInternal(keyName(person.nombres), false)}`
  const homoclave = birth.year < 2000 ? String(random.int(0, 9)) : random.pick([...'ABCDEFGHIJKLMNPQRSTUVWXYZ'])
  const first17 = `${namePrefix(person)}${birthDigits(birth)}${sexo}CS${consonants}${homoclave}`
  return `${first17}${curpCheckDigit(first17)}`
}

/** A 13-character RFC of a natural person (with homoclave). */
export function rfcFor (person: PersonName, birth: Birth, random: Random): string {
  const homoclave = `${random.pick([...HOMOCLAVE_CHARS])}${random.pick([...HOMOCLAVE_CHARS])}${random.pick([...'0123456789A'])}`
  return `${namePrefix(person)}${birthDigits(birth)}${homoclave}`
}
