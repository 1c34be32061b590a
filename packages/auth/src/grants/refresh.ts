import { invalidGrant, invalidRequest, invalidScope, unauthorizedClient } from '../errors.js'
import { narrowScopes } from '../scopes.js'
import { hashRefreshToken } from '../secrets.js'
import { MAX_CLOCK_SKEW_SECONDS } from '../tokens.js'
import type { ClientRecord, RefreshFamily } from '../store/types.js'
import type { Grant, GrantContext, IssuedTokens } from './context.js'
import { issueTokens } from './issue.js'

const REFUSED = 'El refresh_token no es válido, venció o fue revocado.'

/** Kills a family: its refresh tokens stop working and its access tokens are revoked until they expire. */
export async function revokeFamily (context: GrantContext, familyId: string): Promise<void> {
  await context.store.revokeRefreshFamily(familyId, new Date(context.now()))
  await context.revocations.revoke('sid', familyId, context.accessTokenTtlSeconds + MAX_CLOCK_SKEW_SECONDS)
}

async function userStillActive (context: GrantContext, family: RefreshFamily): Promise<boolean> {
  if (family.username === null) return true
  const user = await context.store.findUser(family.username)
  return user !== undefined && !user.disabled
}

/**
 * Refresh Token grant (RFC 6749 §6) with rotation: each refresh token works once and is replaced
 * by the next of its family. A spent token presented again means it leaked (or the client
 * replayed it): the whole family is revoked, as RFC 9700 §4.14 recommends.
 */
export const refreshGrant: Grant = {
  needsUser: false,
  authorize (client, parameters) {
    if (!client.grants.includes('refresh_token')) throw unauthorizedClient('Este cliente no está autorizado para la concesión refresh_token.')
    if (parameters.refresh_token === undefined || parameters.refresh_token === '') throw invalidRequest('La concesión refresh_token exige el parámetro refresh_token.')
  },
  issue: async (context, client, parameters) => await refresh(context, client, parameters.refresh_token ?? '', parameters.scope)
}

async function refresh (context: GrantContext, client: ClientRecord, presented: string, scope: string | undefined): Promise<IssuedTokens> {
  const tokenHash = hashRefreshToken(presented)
  const info = await context.store.findRefreshToken(tokenHash)
  // Another client's token is refused without spending it (RFC 6749 §6: bound to the client).
  if (info === undefined || info.family.clientId !== client.clientId) throw invalidGrant(REFUSED)
  const decision = narrowScopes(scope, info.family.scopes)
  if ('error' in decision) throw invalidScope(decision.error)

  const spent = await context.store.spendRefreshToken(tokenHash, new Date(context.now()))
  if (spent.status === 'reused') {
    await revokeFamily(context, spent.family.familyId)
    context.audit({ type: 'refresh.reuse_detected', clientId: client.clientId, subject: spent.family.subject, familyId: spent.family.familyId })
    throw invalidGrant(REFUSED)
  }
  if (spent.status !== 'spent') throw invalidGrant(REFUSED)
  const { family } = spent
  if (!await userStillActive(context, family)) {
    await revokeFamily(context, family.familyId)
    throw invalidGrant('El usuario de esta sesión fue deshabilitado.')
  }
  // A scope removed from the client since the family began is not carried forward.
  const scopes = decision.scopes.filter(s => client.scopes.includes(s))
  if (scopes.length === 0) throw invalidScope('El cliente ya no tiene ninguno de los alcances de esta sesión.')
  return await issueTokens(context, { client, subject: family.subject, scopes, refresh: { familyId: family.familyId } })
}
