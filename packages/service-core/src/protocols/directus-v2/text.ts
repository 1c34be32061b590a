import { foldVowels } from '@see/sesna'

// Directus's `_icontains` is `LOWER(column) LIKE '%<value lower-cased>%'`: case-insensitive, but
// accents count, and `%`, `_` and `\` in the value are LIKE metacharacters it does not escape.
// The reference semantics (NOTES.md §1) also fold accented vowels. A text filter therefore goes to
// Directus either exactly, as an `_or` of every accent spelling of its vowels, or as a superset
// (a piece of it) that the records fetched are then filtered against locally.

const BASE_VOWELS = 'aeiou'

/**
 * Every lower-case letter the reference folds onto each vowel, the vowel included. Read from
 * `foldVowels` itself (Latin blocks), so both always agree on which letters count as one vowel.
 */
export const VOWEL_FORMS: Readonly<Record<string, readonly string[]>> = (() => {
  const forms: Record<string, string[]> = Object.fromEntries([...BASE_VOWELS].map(vowel => [vowel, [vowel]]))
  for (let code = 0; code <= 0x1EFF; code++) {
    const char = String.fromCodePoint(code)
    if (char !== char.toLowerCase() || char.normalize('NFC') !== char) continue
    const folded = foldVowels(char)
    if (folded !== char && folded.length === 1 && BASE_VOWELS.includes(folded)) forms[folded]?.push(char)
  }
  return forms
})()

/** Characters Directus would read as LIKE syntax: a filter holding them is never sent as is. */
const LIKE_SYNTAX = /[%_\\]/

export function isVowel (char: string): boolean {
  return BASE_VOWELS.includes(char)
}

export function vowelCount (folded: string): number {
  let count = 0
  for (const char of folded) if (isVowel(char)) count++
  return count
}

/** How many accent spellings `folded` has (the product of its vowels' forms). */
export function spellingCount (folded: string): number {
  let count = 1
  for (const char of folded) count *= VOWEL_FORMS[char]?.length ?? 1
  return count
}

/** Every accent spelling of a folded text (lower case, vowels unaccented), the text itself first. */
export function spellings (folded: string): string[] {
  let partial = ['']
  for (const char of folded) {
    const forms = VOWEL_FORMS[char] ?? [char]
    partial = partial.flatMap(prefix => forms.map(form => prefix + form))
  }
  return partial
}

/** The filter text as the reference compares it. */
export function foldFilter (text: string): string {
  return foldVowels(text)
}

/** True when Directus can be sent this folded text as it is (no LIKE syntax, no `avoid` character). */
export function sendable (folded: string, avoid = ''): boolean {
  if (LIKE_SYNTAX.test(folded)) return false
  for (const char of avoid) if (folded.includes(char)) return false
  return true
}

/**
 * The longest piece of `folded` that holds at most `maxVowels` vowels and no LIKE syntax nor
 * `avoid` character (the first such piece on ties). Every value that contains `folded` contains
 * it, so matching it is a superset of matching `folded`. '' when no character qualifies.
 */
export function longestPiece (folded: string, maxVowels: number, avoid = ''): string {
  const chars = [...folded]
  const blocked = (char: string): boolean => LIKE_SYNTAX.test(char) || avoid.includes(char)
  let best = ''
  let start = 0
  let vowels = 0
  for (let end = 0; end < chars.length; end++) {
    const char = chars[end] as string
    if (blocked(char)) {
      start = end + 1
      vowels = 0
      continue
    }
    if (isVowel(char)) vowels++
    while (vowels > maxVowels) {
      if (isVowel(chars[start] as string)) vowels--
      start++
    }
    if (end + 1 - start > [...best].length) best = chars.slice(start, end + 1).join('')
  }
  return best
}
