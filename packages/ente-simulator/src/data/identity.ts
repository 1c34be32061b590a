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
const HOMOCLAVE_CHARS = [...'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789']
const HOMOCLAVE_LAST = [...'0123456789A']
const CURP_HOMOCLAVE_LETTERS = [...'ABCDEFGHIJKLMNPQRSTUVWXYZ']
const COMMON_FIRST_NAMES = new Set(['JOSE', 'MARIA', 'MA', 'J'])

// Names come from small pools, so their plain forms are computed once: generating thousands of
// records must take milliseconds. The cache is emptied when it grows (planted names, companies).
const PLAIN_CACHE_LIMIT = 10_000
const plainCache = new Map<string, string>()

/** Upper-cases, turns Ñ into X (as RENAPO does) and strips accents. */
function plain (text: string): string {
  let found = plainCache.get(text)
  if (found === undefined) {
    if (plainCache.size >= PLAIN_CACHE_LIMIT) plainCache.clear()
    found = text.toUpperCase().replace(/Ñ/g, 'X').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Z ]/g, '')
    plainCache.set(text, found)
  }
  return found
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
  const homoclave = birth.year < 2000 ? String(random.int(0, 9)) : random.pick(CURP_HOMOCLAVE_LETTERS)
  const first17 = `${namePrefix(person)}${birthDigits(birth)}${sexo}CS${consonants}${homoclave}`
  return `${first17}${curpCheckDigit(first17)}`
}

/** A 13-character RFC of a natural person (with homoclave). */
export function rfcFor (person: PersonName, birth: Birth, random: Random): string {
  const homoclave = `${random.pick(HOMOCLAVE_CHARS)}${random.pick(HOMOCLAVE_CHARS)}${random.pick(HOMOCLAVE_LAST)}`
  return `${namePrefix(person)}${birthDigits(birth)}${homoclave}`
}

const COMPANY_STOP_WORDS = new Set(['DE', 'DEL', 'LA', 'LAS', 'LOS', 'EL', 'Y', 'E', 'EN', 'CON', 'POR', 'PARA', 'SA', 'CV', 'SC', 'SAPI', 'RL', 'S', 'A', 'C', 'V', 'R', 'L', 'P', 'I'])

/**
 * A 12-character RFC of a company: three letters from its name (the initials of its first three
 * words, or the initial of the first and two letters of the second, or the first three letters;
 * the SAT skips articles, prepositions and the kind of company), the date it was constituted, a
 * homoclave.
 */
export function rfcMoralFor (razonSocial: string, constituted: Birth, random: Random): string {
  const words = plain(razonSocial.replace(/[.,]/g, ' ')).split(' ').filter(word => word !== '' && !COMPANY_STOP_WORDS.has(word))
  const [first = 'X', second, third] = words
  const letters = third !== undefined
    ? `${first[0]}${second?.[0]}${third[0]}`
    : second !== undefined ? `${first[0]}${second.slice(0, 2)}` : `${first}XX`.slice(0, 3)
  const homoclave = `${random.pick(HOMOCLAVE_CHARS)}${random.pick(HOMOCLAVE_CHARS)}${random.pick(HOMOCLAVE_LAST)}`
  return `${letters}${birthDigits(constituted)}${homoclave}`
}
