import { randomUUID } from 'node:crypto'
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose'
import { verifiedSignatures } from './verified-signatures.js'
import type { KeyRing } from './keys.js'
import { keyResolver, type KeyResolver, type KeySource } from './key-source.js'
import type { RevocationList } from './revocation.js'
import { hasScope } from './scopes.js'
import { assertLowSignature, lowSignature } from './signature-form.js'

/** RFC 9068 media type of JWT access tokens; a service token or an ID token never passes for one. */
export const ACCESS_TOKEN_TYP = 'at+jwt'
/** Verification tolerates at most this much clock difference between issuer and verifier. */
export const MAX_CLOCK_SKEW_SECONDS = 60
/** The longest access-token lifetime the server may be configured with; verifiers refuse anything older. */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 86_400

export interface AccessTokenClaims extends JWTPayload {
  iss: string
  aud: string | string[]
  sub: string
  client_id: string
  scope: string
  iat: number
  exp: number
  jti: string
  /** Refresh family ("session") the token came from: revoking the family revokes the token. */
  sid?: string
  /** Clave of the ente a `registry:ente` client is bound to. */
  ente?: string
}

export interface AccessTokenInput {
  issuer: string
  audience: string
  subject: string
  clientId: string
  scopes: readonly string[]
  ttlSeconds: number
  sessionId?: string
  ente?: string
  now?: number
}

export async function signAccessToken (keys: KeyRing, input: AccessTokenInput): Promise<{ token: string, claims: AccessTokenClaims }> {
  const iat = Math.floor((input.now ?? Date.now()) / 1000)
  const claims: AccessTokenClaims = {
    iss: input.issuer,
    aud: input.audience,
    sub: input.subject,
    client_id: input.clientId,
    scope: input.scopes.join(' '),
    iat,
    exp: iat + input.ttlSeconds,
    jti: randomUUID()
  }
  if (input.sessionId !== undefined) claims.sid = input.sessionId
  if (input.ente !== undefined) claims.ente = input.ente
  const { kid, alg, privateKey } = keys.current
  const signed = await new SignJWT(claims).setProtectedHeader({ alg, kid, typ: ACCESS_TOKEN_TYP }).sign(privateKey)
  return { token: lowSignature(signed, alg), claims }
}

export type TokenRejection = 'invalid' | 'expired' | 'revoked'

/** A bearer token that does not verify (RFC 6750 `invalid_token`). */
export class InvalidTokenError extends Error {
  readonly code = 'SEE_AUTH_INVALID_TOKEN'
  constructor (readonly reason: TokenRejection, message: string) {
    super(message)
  }
}

/** A valid token without the scope the resource needs (RFC 6750 `insufficient_scope`). */
export class InsufficientScopeError extends Error {
  readonly code = 'SEE_AUTH_INSUFFICIENT_SCOPE'
  constructor (readonly scope: string) {
    super(`El token no tiene el alcance ${scope} que exige este recurso.`)
  }
}

export interface VerifierOptions {
  issuer: string
  keys: KeySource
  revocations?: RevocationList
  /** Clamped to MAX_CLOCK_SKEW_SECONDS. */
  clockToleranceSeconds?: number
  /**
   * Tokens whose `iat` is older than this are refused whatever their `exp` says, and so are tokens
   * that claim a longer life (`exp − iat`); default and ceiling MAX_ACCESS_TOKEN_TTL_SECONDS. The
   * authorization server sets it to the lifetime it issues.
   */
  maxTokenAgeSeconds?: number
}

export interface VerifyOptions {
  audience: string
  requiredScope?: string
}

export type AccessTokenVerifier = (token: string, options: VerifyOptions) => Promise<AccessTokenClaims>

function rejection (err: unknown): InvalidTokenError {
  if (err instanceof InvalidTokenError) return err
  if (err instanceof errors.JWTExpired) return new InvalidTokenError('expired', 'El token venció; solicite uno nuevo.')
  if (err instanceof errors.JWTClaimValidationFailed) return new InvalidTokenError('invalid', `El token no es válido para este recurso (${err.claim}).`)
  if (err instanceof errors.JOSEError) return new InvalidTokenError('invalid', 'El token no es válido: firma, llave o algoritmo no reconocidos.')
  throw err
}

function checkClaims (payload: JWTPayload, maxTokenAgeSeconds: number): AccessTokenClaims {
  const p = payload as Partial<AccessTokenClaims>
  if (typeof p.sub !== 'string' || typeof p.client_id !== 'string' || typeof p.scope !== 'string' || typeof p.jti !== 'string') {
    throw new InvalidTokenError('invalid', 'El token no trae los datos obligatorios.')
  }
  // jose checks iat and exp against the clock; a lifetime longer than any this server issues is a forgery or a misconfiguration.
  if (typeof p.exp !== 'number' || typeof p.iat !== 'number' || p.exp - p.iat > maxTokenAgeSeconds) {
    throw new InvalidTokenError('invalid', 'El token declara una vigencia mayor que la que emite este servidor.')
  }
  return payload as AccessTokenClaims
}

/**
 * Builds the verifier every resource uses: algorithm pinned to the ring's asymmetric algorithms,
 * low-S ES256 signatures only, `typ` at+jwt, issuer, audience and expiry (≤ 60 s skew) checked,
 * `iat` neither in the future (beyond the skew) nor older than the longest lifetime issued,
 * unknown `kid` and revoked tokens refused.
 */
export function createAccessTokenVerifier (options: VerifierOptions): AccessTokenVerifier {
  const resolver: KeyResolver = keyResolver(options.keys)
  const clockTolerance = Math.min(options.clockToleranceSeconds ?? MAX_CLOCK_SKEW_SECONDS, MAX_CLOCK_SKEW_SECONDS)
  const maxTokenAge = Math.min(options.maxTokenAgeSeconds ?? MAX_ACCESS_TOKEN_TTL_SECONDS, MAX_ACCESS_TOKEN_TTL_SECONDS)
  const verified = verifiedSignatures<AccessTokenClaims>(resolver, { clockToleranceSeconds: clockTolerance, maxTokenAgeSeconds: maxTokenAge })

  async function verifySignature (token: string, audience: string): Promise<AccessTokenClaims> {
    try {
      return await verified(`${audience}\u0000${token}`, async () => {
        const { payload, protectedHeader } = await jwtVerify(token, resolver.getKey, {
          algorithms: resolver.algorithms(),
          issuer: options.issuer,
          audience,
          clockTolerance,
          maxTokenAge,
          typ: ACCESS_TOKEN_TYP,
          requiredClaims: ['iat', 'exp', 'jti', 'sub']
        })
        assertLowSignature(token, protectedHeader.alg)
        return { claims: checkClaims(payload, maxTokenAge), header: protectedHeader }
      })
    } catch (err) {
      throw rejection(err)
    }
  }

  return async (token, { audience, requiredScope }) => {
    const claims = await verifySignature(token, audience)
    if (options.revocations !== undefined && await options.revocations.isRevoked({ jti: claims.jti, sid: claims.sid, clientId: claims.client_id, iat: claims.iat })) {
      throw new InvalidTokenError('revoked', 'El token fue revocado.')
    }
    if (requiredScope !== undefined && !hasScope(claims.scope, requiredScope)) throw new InsufficientScopeError(requiredScope)
    return claims
  }
}

/** One-shot verification; prefer `createAccessTokenVerifier` on hot paths (it reuses the key resolver). */
export async function verifyAccessToken (token: string, options: VerifierOptions & VerifyOptions): Promise<AccessTokenClaims> {
  return await createAccessTokenVerifier(options)(token, options)
}
