import { setTimeout as sleep } from 'node:timers/promises'
import type { TokenRequest } from '@see/openapi/types'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { authenticateClient, readClientCredentials } from './client-auth.js'
import type { VerifiedCredentialCache } from './credential-cache.js'
import { OAuthError, unsupportedGrantType, type OAuthErrorCode } from './errors.js'
import { clientCredentialsGrant } from './grants/client-credentials.js'
import type { Grant, GrantContext } from './grants/context.js'
import { passwordGrant } from './grants/password.js'
import { refreshGrant } from './grants/refresh.js'
import { noStore, sendOAuthError } from './replies.js'
import type { Subject, Throttle } from './throttle.js'

const GRANTS: Record<string, Grant> = {
  password: passwordGrant,
  client_credentials: clientCredentialsGrant,
  refresh_token: refreshGrant
}

/** Failures that mean wrong credentials: these count toward throttling and the progressive delay. */
const CREDENTIAL_FAILURES = new Set<OAuthErrorCode>(['invalid_client', 'invalid_grant'])

export interface EndpointDeps {
  context: GrantContext
  clientCache: VerifiedCredentialCache
  throttle: Throttle
  realm: string
}

/** Identifiers of the request for audit and logs: never a credential. */
export function requestFacts (request: FastifyRequest): { ip: string, requestId: string } {
  return { ip: request.ip, requestId: String(request.id) }
}

/**
 * Answers a refused attempt: wrong credentials are counted and held for the progressive delay
 * before the answer goes out (successes never wait), and every refusal is audited.
 */
export async function refuse (deps: EndpointDeps, request: FastifyRequest, reply: FastifyReply, error: OAuthError, subject: Subject, grantType?: string): Promise<FastifyReply> {
  const delayMs = CREDENTIAL_FAILURES.has(error.error) ? await deps.throttle.recordFailure(request, subject) : 0
  await deps.context.audit({
    type: 'token.failed',
    error: error.error,
    ...(grantType === undefined ? {} : { grantType: grantType.slice(0, 40) }),
    ...(subject.clientId === undefined ? {} : { clientId: subject.clientId.slice(0, 200) }),
    ...(subject.username === undefined ? {} : { subject: subject.username.slice(0, 200) }),
    ...(delayMs > 0 ? { delayMs } : {}),
    ...requestFacts(request)
  })
  if (delayMs > 0) await sleep(delayMs)
  return sendOAuthError(request, reply, error, deps.realm)
}

/** `POST /oauth/token` and `POST /oauth` (RFC 6749 §3.2). */
export function tokenEndpoint (deps: EndpointDeps) {
  return async (request: FastifyRequest<{ Body: TokenRequest }>, reply: FastifyReply): Promise<FastifyReply> => {
    const body = request.body
    let subject: Subject = {}
    try {
      await deps.throttle.admitIp(request)
      const credentials = readClientCredentials(request, body)
      subject = { clientId: credentials?.clientId, username: body.grant_type === 'password' ? body.username : undefined }
      await deps.throttle.admitSubject(request, subject)
      const client = await authenticateClient(deps.context.store, deps.clientCache, credentials)
      const grant = GRANTS[body.grant_type]
      if (grant === undefined) throw unsupportedGrantType(body.grant_type)
      const issued = await grant(deps.context, client, body)
      await deps.context.audit({
        type: body.grant_type === 'refresh_token' ? 'token.refreshed' : 'token.issued',
        grantType: body.grant_type,
        clientId: client.clientId,
        subject: issued.claims.sub,
        scope: issued.claims.scope,
        jti: issued.claims.jti,
        ...(issued.familyId === undefined ? {} : { familyId: issued.familyId }),
        ...requestFacts(request)
      })
      return noStore(reply).code(200).send(issued.response)
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err
      return await refuse(deps, request, reply, err, subject, body.grant_type)
    }
  }
}
