export { oauthServer, type OAuthServerOptions, type OAuthServerApi } from './plugin.js'
export { KeyRing, KeyConfigError, SIGNING_ALGORITHMS, type SigningAlgorithm, type PublicJwk, type JsonWebKeySet, type KeyRingOptions } from './keys.js'
export { keyResolver, type KeySource } from './key-source.js'
export {
  signAccessToken, createAccessTokenVerifier, verifyAccessToken, InvalidTokenError, InsufficientScopeError,
  ACCESS_TOKEN_TYP, MAX_CLOCK_SKEW_SECONDS, MAX_ACCESS_TOKEN_TTL_SECONDS,
  type AccessTokenClaims, type AccessTokenInput, type AccessTokenVerifier, type VerifierOptions, type VerifyOptions
} from './tokens.js'
export { scopeGuard, type BearerGuardOptions, type ScopeGuard } from './resource.js'
export { signServiceToken, serviceTokenSource, requireServiceToken, SERVICE_TOKEN_TYP, SERVICE_TOKEN_ISSUER, type ServiceTokenOptions, type RequireServiceTokenOptions } from './service-token.js'
export {
  SYSTEM_SCOPES, KNOWN_SCOPES, PRIVILEGED_SCOPES, REGISTRY_ADMIN_SCOPE, REGISTRY_ENTE_SCOPE, isKnownScope, parseScope, hasScope, type SystemKey
} from './scopes.js'
export { memoryRevocationList, redisRevocationList, resilientRevocationList, type RevocationList, type RevocationKind, type ResilientRevocationOptions, type TokenIds } from './revocation.js'
export { redisGuard, type RedisGuard, type RedisGuardOptions, type OutageLogger } from '@see/redis'
export { OAuthError, PLATFORM_CODES, BUSY_CODE, type OAuthErrorCode, type OAuthErrorBody } from './errors.js'
export { DEFAULT_THROTTLE, type ThrottleOptions, type Limit, type ProgressiveDelay } from './throttle.js'
export type { AuditEvent, AuditEventType, AdminEventType, AuditSink } from './audit.js'
export type { CredentialCacheOptions } from './credential-cache.js'
export type { DirectoryOptions } from './directory.js'
export type { VerificationGateOptions } from './verification-gate.js'
export { OAUTH_BODY_LIMIT } from './plugin.js'
export {
  createClient, rotateClientSecret, setClientDisabled, recordClientTokensRevoked, createUser, setUserPassword, setUserDisabled, generatePassword, checkPassword,
  AuthAdminError, type ClientInput, type AdminAudit
} from './admin.js'
export { hashSecret, verifySecret } from './secrets.js'
export { postgresAuthStore, type SqlClient } from './store/postgres.js'
export {
  AuthStoreError, GRANT_TYPES, type AuthStore, type ClientRecord, type NewClient, type UserRecord, type NewUser,
  type GrantType, type RefreshFamily, type SpendResult, type RefreshTokenInfo
} from './store/types.js'
export type { PasswordSignIn, PasswordSignInCheck } from './password-sign-in.js'
