import { sealedKeyId, SealedValueError } from '@see/kit'
import { RegistryError } from '../model/errors.js'
import type { CredentialKeys } from './keys.js'

// Credentials are sealed by the platform's one key ring (AES-256-GCM, key id in each value);
// the associated data binds a value to its place, so a value copied to another ente, system or
// field does not open. Here only the registry's errors are added.

export { sealedKeyId }

export function sealCredential (keys: CredentialKeys, plaintext: string, associatedData: string): string {
  return keys.seal(plaintext, associatedData)
}

export function openCredential (keys: CredentialKeys, sealed: string, associatedData: string): string {
  try {
    return keys.open(sealed, associatedData)
  } catch (err) {
    if (!(err instanceof SealedValueError)) throw err
    if (err.problem === 'format') throw new RegistryError('REGISTRY_CREDENTIALS', 'Credencial guardada con un formato desconocido.')
    if (err.problem === 'unknown-key') throw new RegistryError('REGISTRY_CREDENTIALS', `La credencial se cifró con la llave ${err.keyId ?? ''}, que ya no está en SEE_CREDENTIALS_KEYS.`)
    throw new RegistryError('REGISTRY_CREDENTIALS', 'No se pudo descifrar la credencial: la llave o su ubicación no corresponden.', { cause: err })
  }
}
