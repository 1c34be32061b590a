import { openCredential, sealCredential } from './seal.js'
import { CREDENTIAL_FIELDS, type CredentialField, type CredentialValues } from './fields.js'
import type { CredentialKeys } from './keys.js'

export type SealedCredentials = Partial<Record<CredentialField, string>>

/** The associated data of one credential field: its ente, system and field name. */
export function credentialPlace (ente: string, system: string, field: CredentialField): string {
  return `${ente}:${system}:${field}`
}

export function sealCredentials (keys: CredentialKeys, ente: string, system: string, values: CredentialValues): SealedCredentials {
  const sealed: SealedCredentials = {}
  for (const field of CREDENTIAL_FIELDS) {
    const value = values[field]
    if (value !== undefined) sealed[field] = sealCredential(keys, value, credentialPlace(ente, system, field))
  }
  return sealed
}

export function openCredentials (keys: CredentialKeys, ente: string, system: string, sealed: SealedCredentials): CredentialValues {
  const values: CredentialValues = {}
  for (const field of CREDENTIAL_FIELDS) {
    const value = sealed[field]
    if (value !== undefined) values[field] = openCredential(keys, value, credentialPlace(ente, system, field))
  }
  return values
}

/** Which fields are stored, never their values: what the API may say about credentials. */
export function storedFields (sealed: SealedCredentials): CredentialField[] {
  return CREDENTIAL_FIELDS.filter(field => sealed[field] !== undefined)
}
