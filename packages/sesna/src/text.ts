// Matching semantics of the SESNA reference providers (NOTES.md §1): substring, case-insensitive,
// accent-insensitive on vowels only; `ñ` stays distinct from `n`.

const VOWEL_FOLD: Record<string, string> = Object.fromEntries(
  [['a', 'áàäâ'], ['e', 'éèëê'], ['i', 'íìïî'], ['o', 'óòöô'], ['u', 'úùüû']]
    .flatMap(([plain, accented]) => [...accented!].map(c => [c, plain!]))
)
const ACCENTED_VOWEL = /[áàäâéèëêíìïîóòöôúùüû]/g

/** Lower-cases and removes accents from vowels only, after composing to NFC so `é` is one char. */
export function foldVowels (text: string): string {
  return text.normalize('NFC').toLowerCase().replace(ACCENTED_VOWEL, c => VOWEL_FOLD[c] ?? c)
}

/** True when `filter` occurs in `value` under the reference semantics. An empty filter matches all. */
export function matchesText (value: string | undefined, filter: string | undefined): boolean {
  if (filter === undefined || filter === '') return true
  if (value === undefined) return false
  return foldVowels(value).includes(foldVowels(filter))
}
