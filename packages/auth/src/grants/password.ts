import { invalidGrant, invalidRequest, invalidScope, unauthorizedClient } from '../errors.js'
import { decideScopes } from '../scopes.js'
import type { Grant } from './context.js'
import { issueTokens, refreshesFor } from './issue.js'

/**
 * Resource Owner Password Credentials (RFC 6749 §4.3). RFC 9700 forbids it; the PDN requires it,
 * so it is open only to clients on the allow-list, and the endpoint throttles and audits it.
 */
export const passwordGrant: Grant = async (context, client, parameters) => {
  if (!client.passwordGrantAllowed || !client.grants.includes('password')) {
    throw unauthorizedClient('Este cliente no está autorizado para la concesión password.')
  }
  const { username, password } = parameters
  if (username === undefined || username === '' || password === undefined || password === '') {
    throw invalidRequest('La concesión password exige username y password.')
  }
  const decision = decideScopes(parameters.scope, client.scopes, client.defaultScopes)
  if ('error' in decision) throw invalidScope(decision.error)
  const user = await context.store.findUser(username)
  const ok = await context.userCache.verify(`user:${username}`, user?.passwordHash, password)
  if (!ok || user === undefined || user.disabled) throw invalidGrant('Usuario o contraseña incorrectos, o usuario deshabilitado.')
  return await issueTokens(context, {
    client,
    subject: username,
    scopes: decision.scopes,
    refresh: refreshesFor(client) ? { newFamily: { username } } : undefined
  })
}
