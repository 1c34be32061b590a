import type { TokenResponse } from '@see/openapi/types'
import type { AuditEvent } from '../audit.js'
import type { KeyRing } from '../keys.js'
import type { RevocationList } from '../revocation.js'
import type { AuthStore, ClientRecord, UserRecord } from '../store/types.js'
import type { AccessTokenClaims } from '../tokens.js'

/** What every grant needs; built once by the plugin. */
export interface GrantContext {
  store: AuthStore
  keys: KeyRing
  revocations: RevocationList
  issuer: string
  audience: string
  accessTokenTtlSeconds: number
  refreshTokenTtlSeconds: number
  refreshFamilyTtlSeconds: number
  /** Queues the event (token events are written behind the answer). */
  audit: (event: Omit<AuditEvent, 'at'>) => void
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

/**
 * A grant type in two steps: `authorize` decides, from the authenticated client and the request
 * alone, whether this client may use this grant as asked (before any user's password is looked
 * at); `issue` does the rest. `user` is the verified user of the password grant.
 */
export interface Grant {
  /** Throws unauthorized_client, invalid_request or invalid_scope. */
  authorize: (client: ClientRecord, parameters: GrantParameters) => void
  /** Whether the grant needs a user's password verified before `issue`. */
  needsUser: boolean
  issue: (context: GrantContext, client: ClientRecord, parameters: GrantParameters, user?: UserRecord) => Promise<IssuedTokens>
}
