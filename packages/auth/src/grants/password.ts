import { invalidGrant, invalidRequest, invalidScope, unauthorizedClient } from '../errors.js'
import { decideScopes } from '../scopes.js'
import type { Grant } from './context.js'
import { issueTokens, refreshesFor } from './issue.js'

/**
 * Resource Owner Password Credentials (RFC 6749 §4.3). RFC 9700 forbids it; the PDN requires it,
 * so it is open only to clients on the allow-list, and the endpoint throttles and audits it. A
 * client off the list is refused before the user's password is looked at.
 */
export const passwordGrant: Grant = {
  needsUser: true,
  authorize (client, parameters) {
    if (!client.passwordGrantAllowed || !client.grants.includes('password')) {
      throw unauthorizedClient('Este cliente no está autorizado para la concesión password.')
    }
    const { username, password } = parameters
    if (username === undefined || username === '' || password === undefined || password === '') {
      throw invalidRequest('La concesión password exige username y password.')
    }
    const decision = decideScopes(parameters.scope, client.scopes, client.defaultScopes)
    if ('error' in decision) throw invalidScope(decision.error)
  },
  async issue (context, client, parameters, user) {
    if (user === undefined) throw invalidGrant('Usuario o contraseña incorrectos, o usuario deshabilitado.')
    const decision = decideScopes(parameters.scope, client.scopes, client.defaultScopes)
    if ('error' in decision) throw invalidScope(decision.error)
    return await issueTokens(context, {
      client,
      subject: user.username,
      scopes: decision.scopes,
      refresh: refreshesFor(client) ? { newFamily: { username: user.username } } : undefined
    })
  }
}
