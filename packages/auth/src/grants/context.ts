import type { TokenResponse } from '@see/openapi/types'
import type { AuditEvent } from '../audit.js'
import type { VerifiedCredentialCache } from '../credential-cache.js'
import type { KeyRing } from '../keys.js'
import type { RevocationList } from '../revocation.js'
import type { AuthStore, ClientRecord } from '../store/types.js'
import type { AccessTokenClaims } from '../tokens.js'

/** What every grant needs; built once by the plugin. */
export interface GrantContext {
  store: AuthStore
  keys: KeyRing
  revocations: RevocationList
  userCache: VerifiedCredentialCache
  issuer: string
  audience: string
  accessTokenTtlSeconds: number
  refreshTokenTtlSeconds: number
  refreshFamilyTtlSeconds: number
  audit: (event: Omit<AuditEvent, 'at'>) => Promise<void>
  now: () => number
}

/** The token request fields a grant reads (TokenRequest of the public contract). */
export interface GrantParameters {
  grant_type: string
  username?: string
  password?: string
  scope?: string
  refresh_token?: string
}

export interface IssuedTokens {
  response: TokenResponse
  claims: AccessTokenClaims
  familyId?: string
}

export type Grant = (context: GrantContext, client: ClientRecord, parameters: GrantParameters) => Promise<IssuedTokens>
