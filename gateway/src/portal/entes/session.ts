import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { REGISTRY_ENTE_SCOPE, signAccessToken } from '@see/auth'
import type { Actor } from '@see/registry'
import { csrfOf } from '../console/session.js'
import { enteUserActor, findEnteUser } from './users.js'

// The ente pages keep no session state of their own either: the cookie holds an access token with
// `registry:ente` for the ente — one the token endpoint issued to the ente's own client, or one
// signed here for an ente user after its password was verified (client id ENTE_PAGES_CLIENT, no
// client of the store: the registry API does not accept it). Every request verifies it and checks
// that the user or client is still enabled and still the ente's.

export const ENTE_PATH = '/ente'
const COOKIE = 'see_ente'
/** The client id of the tokens the ente pages sign for their users; throttling counts sign-ins under it. */
export const ENTE_PAGES_CLIENT = 'see-ente-pages'
const USER_SUBJECT = 'usuario:'

export interface EnteSession {
  token: string
  /** Who acts, as the registry records it: the ente's client, or `usuario:<name>` of the ente. */
  actor: Extract<Actor, { kind: 'ente' }>
  csrf: string
  jti: string
  exp: number
}

export async function enteSessionOf (app: FastifyInstance, request: FastifyRequest): Promise<EnteSession | undefined> {
  const token = request.cookies[COOKIE]
  if (token === undefined || token === '') return undefined
  let claims
  try {
    claims = await app.oauth.verifyAccessToken(token, { requiredScope: REGISTRY_ENTE_SCOPE })
  } catch {
    return undefined
  }
  if (claims.ente === undefined) return undefined
  let actor: EnteSession['actor']
  if (claims.client_id === ENTE_PAGES_CLIENT) {
    if (!claims.sub.startsWith(USER_SUBJECT)) return undefined
    const user = await findEnteUser(app.registry.ctx, claims.sub.slice(USER_SUBJECT.length))
    if (user === undefined || user.disabled || user.ente !== claims.ente) return undefined
    // A new password ends the sessions opened with the old one (`iat` is in whole seconds).
    if (user.passwordChangedAt !== undefined && claims.iat < Math.floor(user.passwordChangedAt.getTime() / 1000)) return undefined
    actor = enteUserActor(user) as EnteSession['actor']
  } else {
    const client = await app.oauth.client(claims.client_id)
    if (client === undefined || client.disabled || client.enteClave !== claims.ente) return undefined
    actor = { kind: 'ente', id: client.clientId, ente: client.enteClave }
  }
  return { token, actor, csrf: csrfOf(token), jti: claims.jti, exp: claims.exp }
}

/** The token of an ente user's session, signed with the platform's keys. */
export async function enteUserToken (app: FastifyInstance, user: { username: string, ente: string }): Promise<{ token: string, expiresIn: number }> {
  const ttlSeconds = app.oauth.accessTokenTtlSeconds
  const { token } = await signAccessToken(app.oauth.keys, {
    issuer: app.oauth.issuer,
    audience: app.oauth.audience,
    subject: `${USER_SUBJECT}${user.username}`,
    clientId: ENTE_PAGES_CLIENT,
    scopes: [REGISTRY_ENTE_SCOPE],
    ttlSeconds,
    ente: user.ente
  })
  return { token, expiresIn: ttlSeconds }
}

function cookieOptions (app: FastifyInstance): { path: string, httpOnly: true, sameSite: 'strict', secure: boolean } {
  return { path: ENTE_PATH, httpOnly: true, sameSite: 'strict', secure: app.oauth.issuer.startsWith('https:') }
}

export function startEnteSession (app: FastifyInstance, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  reply.setCookie(COOKIE, token, { ...cookieOptions(app), maxAge: maxAgeSeconds })
}

/** Signing out revokes the session's token on every instance, then drops the cookie. */
export async function endEnteSession (app: FastifyInstance, reply: FastifyReply, session: EnteSession): Promise<void> {
  await app.oauth.revocations.revoke('jti', session.jti, Math.max(1, session.exp - Math.floor(Date.now() / 1000)))
  reply.clearCookie(COOKIE, cookieOptions(app))
}
