import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  credentialPlace, generateCredentialKey, isRegistryError, openCredential, parseCredentialKeys, sealCredential, sealedKeyId
} from '../../src/index.js'
import { splitAuth } from '../../src/credentials/fields.js'

const k1 = generateCredentialKey('k1')
const k2 = generateCredentialKey('k2')
const place = credentialPlace('SEFIN', 's2', 'clientSecret')

describe('credential keys', () => {
  it('parse id:base64 pairs, the first one sealing', () => {
    const keys = parseCredentialKeys(`${k2},${k1}`)
    expect(keys.currentKid).toBe('k2')
    expect(keys.has('k1')).toBe(true)
    expect(keys.has('k3')).toBe(false)
  })

  it('refuse missing, short, repeated or badly named keys without echoing key material', () => {
    expect(() => parseCredentialKeys(undefined)).toThrow(/falta SEE_CREDENTIALS_KEYS/)
    expect(() => parseCredentialKeys('k1:c2hvcnQ=')).toThrow(/32 bytes/)
    expect(() => parseCredentialKeys(`${k1},${k1}`)).toThrow(/repetido/)
    expect(() => parseCredentialKeys(`bad id${k1.slice(2)}`)).toThrow(/identificador/)
    expect(() => parseCredentialKeys('sin-dos-puntos')).toThrow(/id:llave-base64/)
  })

  it('never show the key bytes when serialized or inspected', () => {
    const keys = parseCredentialKeys(k1)
    const material = k1.slice(3)
    expect(JSON.stringify(keys)).not.toContain(material)
    expect(inspect(keys, { depth: 5, showHidden: true })).not.toContain(material)
    expect(JSON.stringify(keys)).toBe('{"variable":"SEE_CREDENTIALS_KEYS","currentKid":"k1","kids":["k1"]}')
  })
})

describe('sealing', () => {
  const keys = parseCredentialKeys(k1)

  it('round-trips and uses a fresh IV every time', () => {
    const a = sealCredential(keys, 's3cr3t', place)
    const b = sealCredential(keys, 's3cr3t', place)
    expect(a).not.toBe(b)
    expect(a).not.toContain('s3cr3t')
    expect(a).toMatch(/^enc1:k1:[\w-]{16}:[\w-]+:[\w-]{22}$/)
    expect(openCredential(keys, a, place)).toBe('s3cr3t')
    expect(sealedKeyId(a)).toBe('k1')
  })

  it('fails with another ente, system or field as associated data', () => {
    const sealed = sealCredential(keys, 's3cr3t', place)
    for (const other of [credentialPlace('OTRO', 's2', 'clientSecret'), credentialPlace('SEFIN', 's3s', 'clientSecret'), credentialPlace('SEFIN', 's2', 'password')]) {
      let caught: unknown
      try { openCredential(keys, sealed, other) } catch (err) { caught = err }
      expect(isRegistryError(caught, 'REGISTRY_CREDENTIALS')).toBe(true)
    }
  })

  it('fails on a tampered value', () => {
    const parts = sealCredential(keys, 's3cr3t', place).split(':')
    parts[3] = Buffer.from('forged').toString('base64url')
    expect(() => openCredential(keys, parts.join(':'), place)).toThrow(/No se pudo descifrar/)
  })

  it('opens values of an older key after rotation and names a key that was removed', () => {
    const old = sealCredential(parseCredentialKeys(k1), 's3cr3t', place)
    const rotated = parseCredentialKeys(`${k2},${k1}`)
    expect(openCredential(rotated, old, place)).toBe('s3cr3t')
    expect(sealedKeyId(sealCredential(rotated, 'x', place))).toBe('k2')
    expect(() => openCredential(parseCredentialKeys(k2), old, place)).toThrow(/llave k1/)
  })
})

describe('values sealed before the key ring was shared', () => {
  // Sealed by the registry's own sealing code before it moved to @see/kit (fixed key, fixed value):
  // what the database already holds must keep opening.
  const legacyKey = 'legacy:BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc='
  const legacySealed = 'enc1:legacy:d-6iejF_HbTwxFQE:TYR-d5sJxpwdGNq5zNl9qqk:MVxIUQTsaMkpF3d_9yjOQw'

  it('open with the same key, also after a rotation', () => {
    const place = credentialPlace('SHCH', 's2', 'clientSecret')
    expect(openCredential(parseCredentialKeys(legacyKey), legacySealed, place)).toBe('secreto-de-prueba')
    expect(openCredential(parseCredentialKeys(`${k2},${legacyKey}`), legacySealed, place)).toBe('secreto-de-prueba')
    expect(sealedKeyId(legacySealed)).toBe('legacy')
  })
})

describe('splitAuth', () => {
  it('keeps kind and scope in clear and the credential fields apart', () => {
    expect(splitAuth({ kind: 'oauth2-client-credentials', clientId: 'id', clientSecret: 'secret', scope: 'read' }))
      .toEqual({ kind: 'oauth2-client-credentials', scope: 'read', credentials: { clientId: 'id', clientSecret: 'secret' } })
    expect(splitAuth({ kind: 'none' })).toEqual({ kind: 'none', credentials: {} })
  })

  it('requires every field of the kind and refuses fields of another kind', () => {
    expect(() => splitAuth({ kind: 'oauth2-password', clientId: 'id', clientSecret: 's', username: 'u' })).toThrow(/requiere password/)
    expect(() => splitAuth({ kind: 'static-bearer', token: 't', password: 'p' })).toThrow(/no usa el campo password/)
    expect(() => splitAuth({ kind: 'static-bearer', token: '' })).toThrow(/requiere token/)
  })
})
