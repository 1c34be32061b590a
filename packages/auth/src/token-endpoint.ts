import { setTimeout as sleep } from 'node:timers/promises'
import type { TokenRequest } from '@see/openapi/types'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { readClientCredentials, type ClientCredentials } from './client-auth.js'
import type { CredentialVerifier } from './credentials.js'
import { OAuthError, unsupportedGrantType, type OAuthErrorCode } from './errors.js'
import { clientCredentialsGrant } from './grants/client-credentials.js'
import type { Grant, GrantContext } from './grants/context.js'
import { passwordGrant } from './grants/password.js'
import { refreshGrant } from './grants/refresh.js'
import { noStore, sendOAuthError } from './replies.js'
import type { ClientRecord, UserRecord } from './store/types.js'
import type { Reservation, Subject, Throttle } from './throttle.js'

const GRANTS: Record<string, Grant> = {
  password: passwordGrant,
  client_credentials: clientCredentialsGrant,
  refresh_token: refreshGrant
}

/** Failures that mean wrong credentials: these count toward the progressive delay. */
const CREDENTIAL_FAILURES = new Set<OAuthErrorCode>(['invalid_client', 'invalid_grant'])
/** Outcomes that keep the failure budgets reserved at admission: wrong credentials, or a client asking what it may not. */
const FAILURES = new Set<OAuthErrorCode>(['invalid_client', 'invalid_grant', 'unauthorized_client'])

export interface EndpointDeps {
  context: GrantContext
  verifier: CredentialVerifier
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
  const delayMs = CREDENTIAL_FAILURES.has(error.error) ? await deps.throttle.recordFailure(subject) : 0
  deps.context.audit({
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

/**
 * Runs `work` under the failure budgets reserved at admission: they stay spent when it fails as
 * wrong credentials or an unauthorized client (or breaks), and are given back otherwise.
 */
export async function underReservation<T> (reservation: Reservation, work: () => Promise<T>): Promise<T> {
  let failed = true
  try {
    const result = await work()
    failed = false
    return result
  } catch (err) {
    failed = !(err instanceof OAuthError) || FAILURES.has(err.error)
    throw err
  } finally {
    if (!failed) await reservation.release()
  }
}

interface Verified {
  client: ClientRecord
  user?: UserRecord | undefined
}

/**
 * Who is asking, cheapest first. Credentials this instance already verified (the PDN's, on every
 * request after its first) are proven by one HMAC and go straight to their client's own quota:
 * no IP budget, no failure budget, no argon2 queue, so nobody else's traffic can delay them.
 * Anything else is admitted against its IP's budget with one failure of its IP and of its
 * identity (client, username, IP) reserved first, so parallel guesses cannot all pass; then the
 * client is authenticated and the grant authorized before any user's password is verified or
 * any budget of the client is spent.
 */
async function verify (deps: EndpointDeps, request: FastifyRequest, grant: Grant, body: TokenRequest, credentials: ClientCredentials | undefined): Promise<Verified> {
  const username = grant.needsUser ? body.username : undefined
  const password = grant.needsUser ? body.password : undefined
  const complete = credentials?.secret !== undefined && (!grant.needsUser || (username !== undefined && password !== undefined))
  const known = complete ? await deps.verifier.known({ clientId: credentials.clientId, secret: credentials.secret ?? '', username, password }) : undefined
  if (known !== undefined) {
    grant.authorize(known.client, body)
    await deps.throttle.admitClient(known.client)
    return known
  }
  const reservation = await deps.throttle.admitUnverified(request, { clientId: credentials?.clientId, username })
  return await underReservation(reservation, async () => {
    const client = await deps.verifier.client(credentials, request.ip)
    grant.authorize(client, body)
    await deps.throttle.admitClient(client)
    if (!grant.needsUser) return { client }
    return { client, user: await deps.verifier.user(client, credentials?.secret ?? '', body.username ?? '', body.password ?? '', request.ip) }
  })
}

/** Client authentication for revocation and introspection: known-good first, as for tokens. */
export async function authenticateRequest (deps: EndpointDeps, request: FastifyRequest, credentials: ClientCredentials | undefined): Promise<ClientRecord> {
  const known = credentials?.secret === undefined ? undefined : await deps.verifier.known({ clientId: credentials.clientId, secret: credentials.secret })
  if (known !== undefined) {
    await deps.throttle.admitClient(known.client)
    return known.client
  }
  const reservation = await deps.throttle.admitUnverified(request, { clientId: credentials?.clientId })
  return await underReservation(reservation, async () => {
    const client = await deps.verifier.client(credentials, request.ip)
    await deps.throttle.admitClient(client)
    return client
  })
}

/** `POST /oauth/token` and `POST /oauth` (RFC 6749 §3.2). */
export function tokenEndpoint (deps: EndpointDeps) {
  return async (request: FastifyRequest<{ Body: TokenRequest }>, reply: FastifyReply): Promise<FastifyReply> => {
    const body = request.body
    let subject: Subject = {}
    try {
      const credentials = readClientCredentials(request, body)
      subject = { clientId: credentials?.clientId, username: body.grant_type === 'password' ? body.username : undefined }
      const grant = GRANTS[body.grant_type]
      if (grant === undefined) throw unsupportedGrantType(body.grant_type)
      const { client, user } = await verify(deps, request, grant, body, credentials)
      await deps.verifier.stillValid(client)
      const issued = await grant.issue(deps.context, client, body, user)
      deps.context.audit({
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
