import type { IntrospectionRequest, IntrospectionResponse } from '@see/openapi/types'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { readClientCredentials } from './client-auth.js'
import { OAuthError } from './errors.js'
import { noStore } from './replies.js'
import { authenticateRequest, refuse, requestFacts, type EndpointDeps } from './token-endpoint.js'
import { refreshTokenActive, tokenLookup, type FoundToken } from './token-lookup.js'
import type { Subject } from './throttle.js'

function describe (found: FoundToken | undefined, issuer: string, now: number): IntrospectionResponse {
  if (found?.kind === 'access_token') {
    const { claims } = found
    const aud = Array.isArray(claims.aud) ? claims.aud.join(' ') : claims.aud
    return { active: true, token_type: 'Bearer', scope: claims.scope, client_id: claims.client_id, sub: claims.sub, iss: claims.iss, aud, exp: claims.exp, iat: claims.iat, jti: claims.jti }
  }
  if (found?.kind === 'refresh_token' && refreshTokenActive(found.info, now)) {
    const { family } = found.info
    const answer: IntrospectionResponse = {
      active: true,
      token_type: 'refresh_token',
      scope: family.scopes.join(' '),
      client_id: family.clientId,
      sub: family.subject,
      iss: issuer,
      exp: Math.floor(Math.min(found.info.expiresAt.getTime(), family.expiresAt.getTime()) / 1000),
      iat: Math.floor(found.info.issuedAt.getTime() / 1000)
    }
    if (family.username !== null) answer.username = family.username
    return answer
  }
  // RFC 7662 §2.2: an inactive token reveals nothing else.
  return { active: false }
}

/** `POST /oauth/introspect` (RFC 7662), for authenticated clients about their own tokens. */
export function introspectEndpoint (deps: EndpointDeps) {
  const lookup = tokenLookup(deps.context)
  return async (request: FastifyRequest<{ Body: IntrospectionRequest }>, reply: FastifyReply): Promise<FastifyReply> => {
    let subject: Subject = {}
    try {
      const credentials = readClientCredentials(request, request.body)
      subject = { clientId: credentials?.clientId }
      const client = await authenticateRequest(deps, request, credentials)
      const found = await lookup(request.body.token, client.clientId, request.body.token_type_hint)
      const answer = describe(found, deps.context.issuer, deps.context.now())
      deps.context.audit({ type: 'token.introspected', clientId: client.clientId, ...(answer.jti === undefined ? {} : { jti: answer.jti }), ...requestFacts(request) })
      return noStore(reply).code(200).send(answer)
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err
      return await refuse(deps, request, reply, err, subject)
    }
  }
}
