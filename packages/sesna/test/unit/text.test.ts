import { describe, expect, it } from 'vitest'
import { foldVowels, matchesText } from '../../src/index.js'

describe('reference text matching', () => {
  it('ignores case and vowel accents', () => {
    expect(matchesText('José Pérez', 'JOSE')).toBe(true)
    expect(matchesText('JOSÉ', 'josé')).toBe(true)
    expect(matchesText('Güémez', 'guemez')).toBe(true)
  })
  it('keeps ñ distinct from n', () => {
    expect(matchesText('Nunez', 'nuñez')).toBe(false)
    expect(matchesText('Núñez', 'nuñez')).toBe(true)
    expect(matchesText('Núñez', 'nunez')).toBe(false)
  })
  it('matches a substring anywhere and treats user text literally', () => {
    expect(matchesText('Secretaría de Salud', 'de sal')).toBe(true)
    expect(matchesText('Secretaría de Salud', '.*')).toBe(false)
  })
  it('treats an empty filter as no filter and a missing value as no match', () => {
    expect(matchesText(undefined, '')).toBe(true)
    expect(matchesText(undefined, 'a')).toBe(false)
  })
  it('composes decomposed accents before folding', () => {
    expect(foldVowels('Jose\u0301')).toBe('jose')
  })
})
