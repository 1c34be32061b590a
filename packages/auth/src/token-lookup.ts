import type { GrantContext } from './grants/context.js'
import { hashRefreshToken } from './secrets.js'
import type { RefreshTokenInfo } from './store/types.js'
import { createAccessTokenVerifier, InvalidTokenError, type AccessTokenClaims } from './tokens.js'

export type FoundToken =
  | { kind: 'refresh_token', info: RefreshTokenInfo }
  | { kind: 'access_token', claims: AccessTokenClaims }

/**
 * Resolves a token presented to revocation or introspection, trying the hinted type first
 * (RFC 7009 §2.1: a wrong hint only costs a second lookup). Only tokens issued to `clientId`
 * are found: another client's token is as good as unknown.
 */
export function tokenLookup (context: GrantContext) {
  const verify = createAccessTokenVerifier({ issuer: context.issuer, keys: context.keys, revocations: context.revocations, maxTokenAgeSeconds: context.accessTokenTtlSeconds })
  const asRefresh = async (token: string, clientId: string): Promise<FoundToken | undefined> => {
    const info = await context.store.findRefreshToken(hashRefreshToken(token))
    return info?.family.clientId === clientId ? { kind: 'refresh_token', info } : undefined
  }
  const asAccess = async (token: string, clientId: string): Promise<FoundToken | undefined> => {
    try {
      const claims = await verify(token, { audience: context.audience })
      return claims.client_id === clientId ? { kind: 'access_token', claims } : undefined
    } catch (err) {
      if (err instanceof InvalidTokenError) return undefined
      throw err
    }
  }
  return async (token: string, clientId: string, hint?: string): Promise<FoundToken | undefined> => {
    const order = hint === 'refresh_token' || token.startsWith('rt_') ? [asRefresh, asAccess] : [asAccess, asRefresh]
    for (const lookup of order) {
      const found = await lookup(token, clientId)
      if (found !== undefined) return found
    }
    return undefined
  }
}

/** Whether a refresh token could still be exchanged now. */
export function refreshTokenActive (info: RefreshTokenInfo, now: number): boolean {
  return info.usedAt === null && info.family.revokedAt === null && info.expiresAt.getTime() > now && info.family.expiresAt.getTime() > now
}
