import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { RegistryError } from '../model/errors.js'
import type { CredentialKeys } from './keys.js'

// Envelope: enc1:<key id>:<iv>:<ciphertext>:<tag>, base64url parts. AES-256-GCM with a random
// 12-byte IV; the associated data binds a value to its place, so a value copied to another ente,
// system or field does not open.
const PREFIX = 'enc1'
const IV_BYTES = 12
const TAG_BYTES = 16

export function sealCredential (keys: CredentialKeys, plaintext: string, associatedData: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', keys.current, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(Buffer.from(associatedData, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [PREFIX, keys.currentId, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(':')
}

/** The key id a sealed value was made with (to find values that need re-sealing after a rotation). */
export function sealedKeyId (sealed: string): string | undefined {
  const parts = sealed.split(':')
  return parts.length === 5 && parts[0] === PREFIX ? parts[1] : undefined
}

export function openCredential (keys: CredentialKeys, sealed: string, associatedData: string): string {
  const parts = sealed.split(':')
  if (parts.length !== 5 || parts[0] !== PREFIX) throw new RegistryError('REGISTRY_CREDENTIALS', 'Credencial guardada con un formato desconocido.')
  const [, keyId = '', iv = '', ciphertext = '', tag = ''] = parts
  const key = keys.key(keyId)
  if (key === undefined) throw new RegistryError('REGISTRY_CREDENTIALS', `La credencial se cifró con la llave ${keyId}, que ya no está en SEE_CREDENTIALS_KEYS.`)
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES })
    decipher.setAAD(Buffer.from(associatedData, 'utf8'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
  } catch (err) {
    throw new RegistryError('REGISTRY_CREDENTIALS', 'No se pudo descifrar la credencial: la llave o su ubicación no corresponden.', { cause: err })
  }
}
