import type { AuditEvent } from '../audit.js'

export type GrantType = 'password' | 'client_credentials' | 'refresh_token'
export const GRANT_TYPES: readonly GrantType[] = ['password', 'client_credentials', 'refresh_token']

export interface ClientRecord {
  clientId: string
  name: string
  /** argon2id hash of the client secret. */
  secretHash: string
  /** Grants the client may use; `refresh_token` also decides whether it receives refresh tokens. */
  grants: GrantType[]
  /** Scopes the client may ask for. */
  scopes: string[]
  /** Scopes a token gets when the request names none. */
  defaultScopes: string[]
  /** The password grant is forbidden by RFC 9700; only clients on this allow-list (the PDN) may use it. */
  passwordGrantAllowed: boolean
  /** For `registry:ente` clients: the one ente they act for. */
  enteClave: string | null
  disabled: boolean
  createdAt: Date
  secretRotatedAt: Date
}

export type NewClient = Omit<ClientRecord, 'createdAt' | 'secretRotatedAt' | 'disabled'> & { disabled?: boolean }

export interface UserRecord {
  username: string
  passwordHash: string
  disabled: boolean
  createdAt: Date
  passwordChangedAt: Date
}

export type NewUser = Pick<UserRecord, 'username' | 'passwordHash'> & { disabled?: boolean }

/** A chain of refresh tokens issued from one grant; every token rotated from it stays in the family. */
export interface RefreshFamily {
  familyId: string
  clientId: string
  subject: string
  scopes: string[]
  /** Set for password-grant families: the user is re-checked on every refresh. */
  username: string | null
  enteClave: string | null
  createdAt: Date
  /** Absolute end of the family, whatever its rotations. */
  expiresAt: Date
  revokedAt: Date | null
}

export interface NewRefreshToken {
  tokenHash: string
  familyId: string
  expiresAt: Date
}

/**
 * The outcome of presenting a refresh token. `spent` marks it used atomically: of two
 * concurrent presentations one wins and the other reads `reused`.
 */
export type SpendResult =
  | { status: 'spent', family: RefreshFamily }
  | { status: 'reused', family: RefreshFamily }
  | { status: 'expired' | 'revoked', family: RefreshFamily }
  | { status: 'unknown' }

export interface RefreshTokenInfo {
  family: RefreshFamily
  issuedAt: Date
  expiresAt: Date
  usedAt: Date | null
}

/** Persistence of the authorization server: clients, users, refresh tokens and the audit trail. */
export interface AuthStore {
  findClient: (clientId: string) => Promise<ClientRecord | undefined>
  listClients: () => Promise<ClientRecord[]>
  createClient: (client: NewClient) => Promise<ClientRecord>
  setClientSecret: (clientId: string, secretHash: string) => Promise<boolean>
  setClientDisabled: (clientId: string, disabled: boolean) => Promise<boolean>

  findUser: (username: string) => Promise<UserRecord | undefined>
  listUsers: () => Promise<UserRecord[]>
  createUser: (user: NewUser) => Promise<UserRecord>
  setUserPassword: (username: string, passwordHash: string) => Promise<boolean>
  setUserDisabled: (username: string, disabled: boolean) => Promise<boolean>

  createRefreshFamily: (family: Omit<RefreshFamily, 'createdAt' | 'revokedAt'>) => Promise<void>
  addRefreshToken: (token: NewRefreshToken) => Promise<void>
  spendRefreshToken: (tokenHash: string, now: Date) => Promise<SpendResult>
  findRefreshToken: (tokenHash: string) => Promise<RefreshTokenInfo | undefined>
  /** Revokes a family; false when it was already revoked or does not exist. */
  revokeRefreshFamily: (familyId: string, now: Date) => Promise<boolean>
  /** Deletes families past their end and audit events older than `auditBefore`; returns rows removed. */
  purge: (now: Date, auditBefore?: Date) => Promise<number>

  recordAudit: (event: AuditEvent) => Promise<void>
  /** Several events in one write. */
  recordAudits: (events: AuditEvent[]) => Promise<void>
  /** Revokes every live refresh family of a client; returns how many. */
  revokeClientRefreshFamilies: (clientId: string, now: Date) => Promise<number>
}

/** Library errors of the store carry a stable code. */
export class AuthStoreError extends Error {
  constructor (readonly code: 'SEE_AUTH_DUPLICATE' | 'SEE_AUTH_NOT_FOUND', message: string) {
    super(message)
  }
}
