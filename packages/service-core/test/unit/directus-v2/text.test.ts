import { describe, expect, it } from 'vitest'
import { foldVowels, matchesText } from '@see/sesna'
import { longestPiece, sendable, spellingCount, spellings, VOWEL_FORMS } from '../../../src/protocols/directus-v2/text.js'

describe('accent spellings of a text filter', () => {
  it('knows every letter the reference folds onto a vowel, and nothing else', () => {
    for (const [vowel, forms] of Object.entries(VOWEL_FORMS)) {
      expect(forms[0]).toBe(vowel)
      for (const form of forms) expect(foldVowels(form)).toBe(vowel)
    }
    expect(VOWEL_FORMS.a).toEqual(expect.arrayContaining(['á', 'à', 'ä', 'â']))
    expect(VOWEL_FORMS.u).toEqual(expect.arrayContaining(['ú', 'ù', 'ü', 'û']))
    expect(Object.values(VOWEL_FORMS).flat()).not.toContain('ñ')
  })

  it('spells out every combination, so lower-cased values contain one exactly when the reference matches', () => {
    const all = spellings('jose')
    expect(all).toHaveLength(spellingCount('jose'))
    expect(all).toHaveLength(VOWEL_FORMS.o!.length * VOWEL_FORMS.e!.length)
    expect(all[0]).toBe('jose')
    for (const value of ['JOSÉ', 'Jòsë', 'josê', 'María José']) {
      const lowered = value.toLowerCase()
      expect(all.some(spelling => lowered.includes(spelling))).toBe(matchesText(value, 'jose'))
    }
    expect(spellings('ñ')).toEqual(['ñ'])
  })

  it('refuses to send LIKE syntax or an avoided character as is', () => {
    expect(sendable('100%')).toBe(false)
    expect(sendable('a_b')).toBe(false)
    expect(sendable('a\\b')).toBe(false)
    expect(sendable('jose perez', ' ')).toBe(false)
    expect(sendable('jose perez')).toBe(true)
  })

  it('picks the longest piece with few enough vowels and none of the refused characters', () => {
    expect(longestPiece('gutierrez', 2)).toBe('tierr')
    expect(longestPiece('gutierrez', 3)).toBe('gutierr')
    expect(longestPiece('gutierrez', 0)).toBe('rr')
    expect(longestPiece('instituto 100% chiapas', 9)).toBe('instituto 100')
    expect(longestPiece('jose perez', 4, ' ')).toBe('perez')
    expect(longestPiece('%%_', 3)).toBe('')
  })
})
