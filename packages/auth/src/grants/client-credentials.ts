import { invalidScope, unauthorizedClient } from '../errors.js'
import { decideScopes } from '../scopes.js'
import type { Grant } from './context.js'
import { issueTokens } from './issue.js'

/** Client Credentials (RFC 6749 §4.4): the client acts for itself; no refresh token (§4.4.3). */
export const clientCredentialsGrant: Grant = {
  needsUser: false,
  authorize (client, parameters) {
    if (!client.grants.includes('client_credentials')) {
      throw unauthorizedClient('Este cliente no está autorizado para la concesión client_credentials.')
    }
    const decision = decideScopes(parameters.scope, client.scopes, client.defaultScopes)
    if ('error' in decision) throw invalidScope(decision.error)
  },
  async issue (context, client, parameters) {
    const decision = decideScopes(parameters.scope, client.scopes, client.defaultScopes)
    if ('error' in decision) throw invalidScope(decision.error)
    return await issueTokens(context, { client, subject: client.clientId, scopes: decision.scopes, refresh: undefined })
  }
}
