import { generateRefreshToken, hashRefreshToken, randomId } from '../secrets.js'
import type { ClientRecord } from '../store/types.js'
import { signAccessToken } from '../tokens.js'
import type { GrantContext, IssuedTokens } from './context.js'

export interface IssueRequest {
  client: ClientRecord
  subject: string
  scopes: string[]
  /** Start a refresh family (a user grant of a client allowed to refresh) or continue one. */
  refresh: { newFamily: { username: string | null } } | { familyId: string } | undefined
}

/** A client receives refresh tokens only when it may use the refresh_token grant. */
export function refreshesFor (client: ClientRecord): boolean {
  return client.grants.includes('refresh_token')
}

/** Signs the access token and, when asked, stores the next refresh token of the family. */
export async function issueTokens (context: GrantContext, request: IssueRequest): Promise<IssuedTokens> {
  const { client, subject, scopes, refresh } = request
  const now = context.now()
  let familyId: string | undefined
  let refreshToken: string | undefined
  if (refresh !== undefined) {
    familyId = 'familyId' in refresh ? refresh.familyId : randomId()
    if ('newFamily' in refresh) {
      await context.store.createRefreshFamily({
        familyId,
        clientId: client.clientId,
        subject,
        scopes,
        username: refresh.newFamily.username,
        enteClave: client.enteClave,
        expiresAt: new Date(now + context.refreshFamilyTtlSeconds * 1000)
      })
    }
    refreshToken = generateRefreshToken()
    await context.store.addRefreshToken({ tokenHash: hashRefreshToken(refreshToken), familyId, expiresAt: new Date(now + context.refreshTokenTtlSeconds * 1000) })
  }
  const { token, claims } = await signAccessToken(context.keys, {
    issuer: context.issuer,
    audience: context.audience,
    subject,
    clientId: client.clientId,
    scopes,
    ttlSeconds: context.accessTokenTtlSeconds,
    now,
    ...(familyId === undefined ? {} : { sessionId: familyId }),
    ...(client.enteClave === null ? {} : { ente: client.enteClave })
  })
  const response = {
    access_token: token,
    token_type: 'Bearer' as const,
    expires_in: context.accessTokenTtlSeconds,
    scope: claims.scope,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken })
  }
  return familyId === undefined ? { response, claims } : { response, claims, familyId }
}
