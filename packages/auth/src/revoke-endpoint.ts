import type { RevocationRequest } from '@see/openapi/types'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { readClientCredentials } from './client-auth.js'
import { OAuthError } from './errors.js'
import { revokeFamily } from './grants/refresh.js'
import { noStore } from './replies.js'
import { authenticateRequest, refuse, requestFacts, type EndpointDeps } from './token-endpoint.js'
import { tokenLookup } from './token-lookup.js'
import { MAX_CLOCK_SKEW_SECONDS } from './tokens.js'
import type { Subject } from './throttle.js'

/**
 * `POST /oauth/revoke` (RFC 7009). Answers 200 for unknown, expired or foreign tokens alike, so
 * the endpoint tells nothing about tokens the client does not own. Revoking a refresh token ends
 * its family and, through the `sid` revocation, every access token issued from it.
 */
export function revokeEndpoint (deps: EndpointDeps) {
  const lookup = tokenLookup(deps.context)
  return async (request: FastifyRequest<{ Body: RevocationRequest }>, reply: FastifyReply): Promise<FastifyReply> => {
    let subject: Subject = {}
    try {
      const credentials = readClientCredentials(request, request.body)
      subject = { clientId: credentials?.clientId }
      const client = await authenticateRequest(deps, request, credentials)
      const found = await lookup(request.body.token, client.clientId, request.body.token_type_hint)
      if (found?.kind === 'refresh_token') {
        await revokeFamily(deps.context, found.info.family.familyId)
        deps.context.audit({ type: 'token.revoked', clientId: client.clientId, subject: found.info.family.subject, familyId: found.info.family.familyId, ...requestFacts(request) })
      } else if (found?.kind === 'access_token') {
        // Verifiers accept a token up to MAX_CLOCK_SKEW_SECONDS past `exp`: the revocation must outlive that too.
        const remaining = found.claims.exp - Math.floor(deps.context.now() / 1000) + MAX_CLOCK_SKEW_SECONDS
        await deps.context.revocations.revoke('jti', found.claims.jti, remaining)
        deps.context.audit({ type: 'token.revoked', clientId: client.clientId, subject: found.claims.sub, jti: found.claims.jti, ...requestFacts(request) })
      }
      return noStore(reply).code(200).send()
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err
      return await refuse(deps, request, reply, err, subject)
    }
  }
}
