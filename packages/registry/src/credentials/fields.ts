import type { EnteAuth } from '@see/openapi/types'
import { RegistryError } from '../model/errors.js'

export type AuthKind = EnteAuth['kind']
export type CredentialField = 'clientId' | 'clientSecret' | 'username' | 'password' | 'token'
export type CredentialValues = Partial<Record<CredentialField, string>>

export const CREDENTIAL_FIELDS: readonly CredentialField[] = ['clientId', 'clientSecret', 'username', 'password', 'token']

/** What each way of authenticating needs: exactly these fields, all of them. */
export const FIELDS_BY_AUTH_KIND: Readonly<Record<AuthKind, readonly CredentialField[]>> = {
  'oauth2-password': ['clientId', 'clientSecret', 'username', 'password'],
  'oauth2-client-credentials': ['clientId', 'clientSecret'],
  'static-bearer': ['token'],
  none: []
}

export interface SplitAuth {
  kind: AuthKind
  scope?: string
  credentials: CredentialValues
}

/** Separates what is stored in clear (kind, scope) from what is sealed, checking the fields fit the kind. */
export function splitAuth (auth: EnteAuth): SplitAuth {
  const needed = FIELDS_BY_AUTH_KIND[auth.kind]
  const credentials: CredentialValues = {}
  for (const field of CREDENTIAL_FIELDS) {
    const value = auth[field]
    if (value === undefined) continue
    if (!needed.includes(field)) throw new RegistryError('REGISTRY_INVALID_INPUT', `La autenticación ${auth.kind} no usa el campo ${field}.`)
    credentials[field] = value
  }
  const missing = needed.filter(field => credentials[field] === undefined || credentials[field] === '')
  if (missing.length > 0) throw new RegistryError('REGISTRY_INVALID_INPUT', `La autenticación ${auth.kind} requiere ${missing.join(', ')}.`)
  const split: SplitAuth = { kind: auth.kind, credentials }
  if (auth.scope !== undefined) split.scope = auth.scope
  return split
}

/** Puts the stored parts back together as the connection's `EnteAuth`. */
export function joinAuth (kind: AuthKind, scope: string | null, credentials: CredentialValues): EnteAuth {
  const auth: EnteAuth = { kind, ...credentials }
  if (scope !== null) auth.scope = scope
  return auth
}
