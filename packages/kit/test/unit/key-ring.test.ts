import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { parseKeyRing, SealedValueError } from '../../src/key-ring.js'

const parseTokenKeys = (value: string): ReturnType<typeof parseKeyRing> => parseKeyRing('SEE_CACHE_KEY', value)

const keyA = randomBytes(32).toString('base64')
const keyB = randomBytes(32).toString('base64')
const CONTEXT = 'token:SHCH:https://auth.shch.example'
const TOKEN = JSON.stringify({ accessToken: 'eyJ.secret-token.sig', usableUntil: 1_000 })

describe('the key ring (AES-256-GCM)', () => {
  it('opens what it sealed, and the sealed value shows neither the token nor the key', () => {
    const ring = parseTokenKeys(`a:${keyA}`)
    const sealed = ring.seal(TOKEN, CONTEXT)
    expect(ring.open(sealed, CONTEXT)).toBe(TOKEN)
    expect(sealed).not.toContain('secret-token')
    expect(sealed).not.toContain(Buffer.from('secret-token').toString('base64'))
    expect(sealed).not.toContain(keyA)
    expect(sealed.startsWith('enc1:a:')).toBe(true)
  })

  it('uses a fresh IV each time', () => {
    const ring = parseTokenKeys(`a:${keyA}`)
    expect(ring.seal(TOKEN, CONTEXT)).not.toBe(ring.seal(TOKEN, CONTEXT))
  })

  it('refuses a value moved under another key (associated data)', () => {
    const ring = parseTokenKeys(`a:${keyA}`)
    const sealed = ring.seal(TOKEN, CONTEXT)
    expect(() => ring.open(sealed, 'token:SSA:https://auth.shch.example')).toThrow(SealedValueError)
    expect(() => ring.open(sealed, 'token:SHCH:https://other.example')).toThrow(SealedValueError)
  })

  it('refuses a value sealed with another key under the same id', () => {
    const sealed = parseTokenKeys(`a:${keyA}`).seal(TOKEN, CONTEXT)
    expect(() => parseTokenKeys(`a:${keyB}`).open(sealed, CONTEXT)).toThrow(SealedValueError)
  })

  it('refuses a value sealed under an id it does not hold, an altered value and a foreign format', () => {
    const sealed = parseTokenKeys(`a:${keyA}`).seal(TOKEN, CONTEXT)
    const ring = parseTokenKeys(`b:${keyB}`)
    expect(() => ring.open(sealed, CONTEXT)).toThrow(/unknown key id "a"/)
    const own = parseTokenKeys(`a:${keyA}`)
    const parts = sealed.split(':')
    const ciphertext = Buffer.from(parts[3] ?? '', 'base64url')
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1
    const altered = [...parts.slice(0, 3), ciphertext.toString('base64url'), parts[4]].join(':')
    expect(() => own.open(altered, CONTEXT)).toThrow(SealedValueError)
    expect(() => own.open('eyJ.plain-token.sig', CONTEXT)).toThrow(/unknown format/)
    expect(() => own.open(`enc1:a:${Buffer.alloc(4).toString('base64url')}:x:y`, CONTEXT)).toThrow(/malformed IV/)
  })

  it('rotates: the first key seals, an older key still opens what it sealed', () => {
    const before = parseTokenKeys(`old:${keyA}`)
    const sealedBefore = before.seal(TOKEN, CONTEXT)
    const after = parseTokenKeys(`new:${keyB}, old:${keyA}`)
    expect(after.currentKid).toBe('new')
    expect(after.open(sealedBefore, CONTEXT)).toBe(TOKEN)
    const sealedAfter = after.seal(TOKEN, CONTEXT)
    expect(sealedAfter.startsWith('enc1:new:')).toBe(true)
    expect(() => before.open(sealedAfter, CONTEXT)).toThrow(SealedValueError)
  })

  it('keeps the key bytes out of JSON and inspection', () => {
    const ring = parseTokenKeys(`new:${keyB},old:${keyA}`)
    expect(JSON.stringify(ring)).toBe('{"variable":"SEE_CACHE_KEY","currentKid":"new","kids":["new","old"]}')
    const shown = inspect(ring, { showHidden: true, depth: 5 })
    expect(shown).not.toContain(keyA)
    expect(shown).not.toContain(keyB)
  })
})

describe('parseKeyRing (e.g. SEE_CACHE_KEY)', () => {
  it('accepts standard and URL-safe base64, with or without padding', () => {
    const raw = randomBytes(32)
    const sealed = parseTokenKeys(`k:${raw.toString('base64')}`).seal(TOKEN, CONTEXT)
    expect(parseTokenKeys(`k:${raw.toString('base64url')}`).open(sealed, CONTEXT)).toBe(TOKEN)
  })

  it.each([
    ['an empty value', ' , '],
    ['a key id with a space', `k 1:${keyA}`],
    ['no key id', keyA],
    ['an empty key id', `:${keyA}`],
    ['a key id with other characters', `k.1:${keyA}`],
    ['a short key', `k:${randomBytes(16).toString('base64')}`],
    ['a long key', `k:${randomBytes(33).toString('base64')}`],
    ['not base64', `k:${'*'.repeat(43)}=`],
    ['a repeated key id', `k:${keyA},k:${keyB}`]
  ])('refuses %s, naming SEE_CACHE_KEY but never the key', (_case, value) => {
    let thrown: unknown
    try {
      parseTokenKeys(value)
    } catch (err) {
      thrown = err
    }
    expect((thrown as { code?: string }).code).toBe('SEE_CONFIG')
    expect((thrown as Error).message).toContain('SEE_CACHE_KEY')
    expect((thrown as Error).message).not.toContain(keyA.slice(0, 20))
    expect((thrown as Error).message).not.toContain(keyB.slice(0, 20))
  })
})
